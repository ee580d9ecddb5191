//! The OpenAPI document, generated from the handlers' annotations.

use super::error::{ErrorBody, ErrorDetail};
use app::domain::standard_doc::{
    KsbKind, OfficialBehaviour, OfficialKnowledge, OfficialSkill, OfficialStandard,
};
use app::domain::Role;
use app::model::{
    Alert, AlertKind, CohortBoard, CohortInfo, CohortOut, CohortUpdate, LearnerDetail, LearnerRow,
    MemberIn, MemberOut, NewCohortIn, NewUserIn, ObservationView, RecentInteraction, UserOut,
    UserUpdate,
};
use app::model::{
    AnswerIn, CohortSummary, EngineSnapshot, Feed, FeedItem, FocusDto, HistoryPoint, ImportReport,
    InteractionBatch, InteractionIn, InteractionKind, InteractionResult, InteractionsReply, KsbDto,
    KsbMastery, KsbProgress, LessonList, LessonSummary, LoggedAnswerDto, LoggedInteraction,
    LoginRequest, Me, ObservationIn, ObservationOut, Progress, QuestionDto, RegisterRequest,
    ResultStatus, StandardDetail, StandardSummary, Streak,
};
use app::model::{
    KsbWeight, LessonSave, LessonVersion, NewLessonIn, QuestionEdit, RenderState, StudioKsb,
    StudioLesson, StudioLessonRow,
};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Flowline API", version = "1", description = "Flowline's REST API v1. Errors are `{\"error\":{\"code\",\"message\",\"field\"}}`."),
    paths(
        super::health::healthz,
        super::auth::register,
        super::auth::login,
        super::auth::logout,
        super::me::me,
        super::standards::list,
        super::standards::detail,
        super::standards::import,
        super::content::list,
        super::learning::get_feed,
        super::learning::post_interactions,
        super::learning::list_interactions,
        super::learning::get_progress,
        super::mentor::post_observation,
        super::mentor::list_cohorts,
        super::mentor::cohort_learners,
        super::mentor::learner,
        super::admin::list_users,
        super::admin::create_user,
        super::admin::update_user,
        super::admin::create_cohort,
        super::admin::cohort,
        super::admin::update_cohort,
        super::admin::add_member,
        super::studio::list,
        super::studio::create,
        super::studio::detail,
        super::studio::save,
        super::studio::upload_video,
        super::studio::upload_captions,
        super::studio::generate_captions,
        super::studio::publish,
        super::studio::unpublish,
    ),
    components(schemas(
        ErrorBody, ErrorDetail, Role, Me, CohortSummary, RegisterRequest, LoginRequest,
        StandardSummary, StandardDetail, KsbDto, KsbKind, ImportReport, LessonList, LessonSummary,
        OfficialStandard, OfficialKnowledge, OfficialSkill, OfficialBehaviour,
        Feed, FeedItem, FocusDto, QuestionDto, Streak, InteractionBatch, InteractionIn,
        InteractionKind, AnswerIn, InteractionsReply, InteractionResult, ResultStatus,
        KsbMastery, Progress, KsbProgress, HistoryPoint, EngineSnapshot, LoggedInteraction,
        LoggedAnswerDto, ObservationIn, ObservationOut, CohortBoard, CohortInfo, LearnerRow,
        Alert, AlertKind, LearnerDetail, RecentInteraction, ObservationView, NewUserIn, UserOut,
        UserUpdate, NewCohortIn, CohortOut, CohortUpdate, MemberIn, MemberOut, StudioLessonRow,
        StudioLesson, NewLessonIn, LessonSave, KsbWeight, QuestionEdit, LessonVersion, StudioKsb,
        RenderState,
    )),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "standards", description = "Apprenticeship standards and their KSBs"),
        (name = "content", description = "Lessons and their media"),
        (name = "learning", description = "The learner's feed, interactions and progress"),
        (name = "mentor", description = "Instructor mode: mentors and their learners"),
        (name = "admin", description = "Training-provider administration"),
        (name = "ops", description = "Operations"),
    )
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
