//! The OpenAPI document: what is said once for the whole API (title, tags, schemas, the errors
//! every operation of a kind can answer with); the operations themselves come from the
//! router, which registers each handler by its own annotation (`routes::api_router`).

use super::error::ErrorBody;
use axum::Json;
use flowline_core::domain::standard_doc::{
    KsbKind, OfficialBehaviour, OfficialKnowledge, OfficialSkill, OfficialStandard,
};
use flowline_core::domain::Role;
use flowline_core::model::{
    Alert, AlertKind, CohortBoard, CohortInfo, CohortOut, CohortUpdate, LearnerDetail, LearnerRow,
    MemberIn, MemberOut, NewCohortIn, NewUserIn, ObservationView, RecentInteraction, UserOut,
    UserUpdate,
};
use flowline_core::model::{
    AnswerIn, CohortSummary, EngineSnapshot, Feed, FeedItem, FocusDto, HistoryPoint, ImportReport,
    InteractionBatch, InteractionIn, InteractionKind, InteractionResult, InteractionsReply, KsbDto,
    KsbMastery, KsbProgress, LessonList, LessonSummary, LoggedAnswerDto, LoggedInteraction,
    LoginRequest, Me, ObservationIn, ObservationOut, Progress, QuestionDto, RegisterRequest,
    ResultStatus, StandardDetail, StandardSummary, Streak,
};
use flowline_core::model::{
    KsbWeight, LessonSave, LessonVersion, NewLessonIn, QuestionEdit, RenderState, StudioKsb,
    StudioLesson, StudioLessonRow,
};
use services::evidence::lrs::{LrsRefusal, LrsStatus};
use services::evidence::statements::StatementPage;
use services::evidence::trail::{Broken, VerifyReport};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Flowline API", version = "1", description = "Flowline's REST API v1. Errors are `{\"error\":{\"code\",\"message\",\"field\"}}`."),
    components(schemas(
        ErrorBody, flowline_core::error::AppError, flowline_core::error::ErrorCode, Role, Me, CohortSummary, RegisterRequest, LoginRequest,
        StandardSummary, StandardDetail, KsbDto, KsbKind, ImportReport, LessonList, LessonSummary,
        OfficialStandard, OfficialKnowledge, OfficialSkill, OfficialBehaviour,
        Feed, FeedItem, FocusDto, QuestionDto, Streak, InteractionBatch, InteractionIn,
        InteractionKind, AnswerIn, InteractionsReply, InteractionResult, ResultStatus,
        KsbMastery, Progress, KsbProgress, HistoryPoint, EngineSnapshot, LoggedInteraction,
        LoggedAnswerDto, ObservationIn, ObservationOut, CohortBoard, CohortInfo, LearnerRow,
        Alert, AlertKind, LearnerDetail, RecentInteraction, ObservationView, NewUserIn, UserOut,
        UserUpdate, NewCohortIn, CohortOut, CohortUpdate, MemberIn, MemberOut, StudioLessonRow,
        StudioLesson, NewLessonIn, LessonSave, KsbWeight, QuestionEdit, LessonVersion, StudioKsb,
        RenderState, VerifyReport, Broken, StatementPage, LrsStatus, LrsRefusal,
        flowline_core::model::Badges, flowline_core::model::EarnedBadge, flowline_core::model::NextBadge,
        flowline_core::model::Readiness, flowline_core::model::ReadinessKsb, flowline_core::model::Share, flowline_core::model::ShareIn,
        flowline_core::model::SharedLearner, flowline_core::model::EvidenceView, flowline_core::model::OtjSummary,
        flowline_core::model::OtjSources, flowline_core::model::OtjLog, flowline_core::model::OtjLogIn,
        flowline_core::model::OtjDecisionIn, flowline_core::model::StandardOtjIn, flowline_core::domain::otj::Activity,
        flowline_core::model::Portfolio, flowline_core::model::PortfolioIssue, flowline_core::model::Verification,
        flowline_core::model::CoachThread, flowline_core::model::CoachMessage, flowline_core::model::LessonCard,
        flowline_core::model::AskIn, flowline_core::model::AskOut, flowline_core::model::MentorInbox, flowline_core::model::InboxItem,
        flowline_core::model::MentorAnswerIn, flowline_core::model::CoachSettings, flowline_core::model::WhatsAppStatus,
        flowline_core::model::WhatsAppIn, flowline_core::model::CredentialCheck, flowline_core::model::Verdict,
        super::credentials::StoredCheck, super::credentials::RevokeRequest,
        super::credentials::IssuerKey,
        flowline_core::model::DataExport, flowline_core::model::DataExports, flowline_core::model::ExportStatus,
        flowline_core::model::EraseIn, flowline_core::model::KsbEdit, flowline_core::model::KsbChange, flowline_core::model::ChangeKind,
        flowline_core::model::ScriptIn, flowline_core::model::ScriptPreview, flowline_core::model::ScenePreview,
        flowline_core::model::MeUpdate, flowline_core::model::ContentAnalytics, flowline_core::model::LessonStats,
        flowline_core::model::MemoryModel, flowline_core::model::MemoryFit, flowline_core::model::FitOutcome,
        flowline_core::model::KnowledgeModel, flowline_core::model::KnowledgeFit, flowline_core::domain::competency::knowledge::Bkt,
        flowline_core::model::KsbStats, flowline_core::model::Rating, flowline_core::model::RatingCounts,
        flowline_core::model::PeopleReport, flowline_core::model::ImportMode, flowline_core::model::ColumnMapping,
        flowline_core::model::RowProblem, flowline_core::model::SampleRow, flowline_core::model::InvitationOut,
        flowline_core::model::InvitationView, flowline_core::model::AcceptInvitationIn, flowline_core::model::TalentLmsIn,
    )),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "standards", description = "Apprenticeship standards and their KSBs"),
        (name = "content", description = "Lessons and their media"),
        (name = "learning", description = "The learner's feed, interactions and progress"),
        (name = "mentor", description = "Instructor mode: mentors and their learners"),
        (name = "admin", description = "Training-provider administration"),
        (name = "evidence", description = "The tamper-evident evidence trail"),
        (name = "assessor", description = "Readiness, shares with assessors, who looked"),
        (name = "otj", description = "Off-the-job training hours"),
        (name = "reviews", description = "Progress reviews: drafted, commented on and signed by the apprentice, line manager and mentor"),
        (name = "employer", description = "Line managers: their apprentices, Behaviours and Gateway readiness confirmed"),
        (name = "coach", description = "The coach: questions, answers, mentors' inbox, nudges, WhatsApp"),
        (name = "privacy", description = "A person's data: a copy of it, and erasure"),
        (name = "ops", description = "Operations"),
    )
)]
pub struct ApiDoc;

/// Operations anyone may call without signing in.
const PUBLIC: [&str; 8] = [
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/v1/openapi.json",
    "/healthz",
    "/api/v1/verify/{token}",
    "/api/v1/verify/credential",
    "/api/v1/verify/credential/{id}",
    "/api/v1/invitations/{token}",
];

/// The failures every operation of a kind can answer with, added to each so the document
/// says all that the server does: 400/413 where a body is read, 400 where a query is read,
/// 401/403 where the caller must be signed in, 404 where a path names something.
struct CommonErrors;

impl utoipa::Modify for CommonErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in doc.paths.paths.iter_mut() {
            let public = PUBLIC.contains(&path.as_str());
            let names_something = path.contains('{');
            let ops = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in ops.into_iter().flatten() {
                let has_body = op.request_body.is_some();
                let has_query =
                    op.parameters.iter().flatten().any(|p| {
                        matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query)
                    });
                let mut add = |code: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description));
                };
                if has_body {
                    add("400", "The body could not be read (not JSON, wrong type)");
                    add("413", "The body is over the size limit");
                    add("422", "A field is not acceptable; it is named");
                }
                if has_query {
                    add("400", "A query parameter could not be read; it is named");
                }
                if !public {
                    add("401", "Not signed in");
                    add("403", "Signed in without access to this");
                }
                if names_something {
                    add("404", "Nothing with that id (or not yours to see)");
                }
            }
        }
    }
}

/// Completes the document the router collected: the common errors on every operation.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::Modify;
    CommonErrors.modify(doc);
}

/// The document of the routes this server serves (made once).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| super::api_router().1)
}

pub async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(document())
}
