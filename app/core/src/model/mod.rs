//! Data shapes shared by server fns, the REST API and the offline store.

pub mod account;
pub mod admin;
pub mod analytics;
pub mod badges;
pub mod coach;
pub mod content;
pub mod credentials;
pub mod employer;
pub mod evidence;
pub mod job_evidence;
pub mod learning;
pub mod mentor;
pub mod offline;
pub mod otj;
pub mod outbox;
pub mod people;
pub mod portfolio;
pub mod privacy;
pub mod programme;
pub mod push;
pub mod review;
pub mod standards;
pub mod studio;

pub use account::{
    AdminTotals, CohortSummary, Device, ForgotRequest, LoginRequest, Me, MeUpdate, MentorPhone,
    Notice, PasswordChange, RegisterRequest, ResetRequest, ResetView, SsoDomain, SsoRefusal,
    SsoSetting,
};
pub use admin::{
    CohortOut, CohortUpdate, CohortsPage, MemberIn, MemberOut, NewCohortIn, NewUserIn, UserOut,
    UserUpdate,
};
pub use analytics::{
    ContentAnalytics, FitOutcome, KnowledgeFit, KnowledgeModel, KsbStats, LessonStats, MemoryFit,
    MemoryModel, RatingCounts,
};
pub use badges::{Badges, EarnedBadge, NextBadge};
pub use coach::{
    AskIn, AskOut, CoachMessage, CoachSettings, CoachThread, EscalationStatus, InboxItem,
    LessonCard, MentorAnswerIn, MentorInbox, MessageKind, WhatsAppIn, WhatsAppStatus,
    WHATSAPP_CONSENT,
};
pub use content::{LessonList, LessonSummary};
pub use credentials::{BadgeAward, BadgeRevocation, BadgeRevokeIn, CredentialCheck, Verdict};
pub use employer::{Confirmation, ConfirmationIn, EmployerApprentice, EmployerLink};
pub use evidence::{
    EvidenceItem, EvidenceView, ForecastPart, GatewayDecision, GatewayDecisionIn, GatewayForecast,
    GatewayVerdict, KsbEvidence, KsbReason, Readiness, ReadinessKsb, Share, ShareIn, SharedLearner,
    Sharing,
};
pub use job_evidence::{
    EvidenceFile, JobDecision, JobEvidence, JobEvidenceIn, JobReviewIn, JobStatus, UploadIn,
    UploadState,
};
pub use learning::{
    AnswerIn, Feed, FeedItem, FocusDto, HistoryPoint, InteractionBatch, InteractionIn,
    InteractionKind, InteractionResult, InteractionsReply, KsbMastery, KsbProgress,
    LoggedAnswerDto, LoggedInteraction, Progress, QuestionDto, Rating, ResultStatus, Streak,
};
pub use mentor::{
    Alert, AlertKind, CohortBoard, CohortInfo, InstructorStart, KsbChoice, LearnerDetail,
    LearnerRow, MentoredLearner, ObservationIn, ObservationOut, ObservationView, RecentInteraction,
    SignOffForm,
};
pub use offline::{EngineSnapshot, KsbEngineState};
pub use otj::{
    BreakIn, LearningBreak, LogStatus, OtjDecisionIn, OtjLog, OtjLogIn, OtjNotCounted, OtjSources,
    OtjSummary, ReturnIn, StandardOtjIn,
};
pub use outbox::{GradedAnswer, OutboxEntry};
pub use people::{
    AcceptInvitationIn, ColumnMapping, ImportMode, InvitationOut, InvitationView, PeopleReport,
    RowProblem, SampleRow, TalentLmsIn,
};
pub use portfolio::{Portfolio, PortfolioIssue, Verification};
pub use privacy::{DataExport, DataExports, EraseIn, ExportStatus, RETENTION_RULE};
pub use programme::{ProgrammeCohort, ProgrammeRow, ProgrammeView};
pub use push::{PushKey, PushKeys, PushSubscriptionIn};
pub use review::{
    CommentIn, KsbMove, Party, PlanIn, Review, ReviewRecord, Reviews, Signature, SignatureIn,
};
pub use standards::{
    ChangeKind, ImportReport, KsbChange, KsbDto, KsbEdit, LibraryView, StandardDetail,
    StandardSummary,
};
pub use studio::{
    KsbWeight, LessonSave, LessonVersion, NewLessonIn, QuestionEdit, RenderState, ScenePreview,
    ScriptIn, ScriptPreview, StudioKsb, StudioLesson, StudioLessonRow,
};
