//! What mentors send and see: observation sign-offs of live work.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/mentor/observations`: a mentor signs off work they watched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ObservationIn {
    pub learner_id: crate::domain::LearnerId,
    /// KSB codes of the learner's standard (Skills and Behaviours mainly).
    #[cfg_attr(feature = "openapi", schema(example = json!(["S3", "B1"])))]
    pub ksb_codes: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339: when the work was watched.
    #[cfg_attr(feature = "openapi", schema(example = "2026-11-22T10:15:00Z"))]
    pub occurred_at: String,
    /// How long the observed practice took, 1 to 720 minutes: it counts as off-the-job
    /// training. Absent: no time is counted.
    #[serde(default)]
    pub duration_minutes: Option<i64>,
    /// Photos the mentor took of the work: complete uploads of theirs (`POST
    /// /api/v1/uploads`), at most 6.
    #[serde(default)]
    pub uploads: Vec<String>,
}

/// A recorded sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObservationOut {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub mentor_id: String,
    pub ksb_codes: Vec<String>,
    pub note: String,
    pub occurred_at: String,
}

/// A learner a mentor may sign off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentoredLearner {
    pub id: String,
    pub name: String,
    pub cohort: String,
    /// The standard's reference (which KSB list applies).
    pub standard: String,
}

/// A KSB to pick when signing off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KsbChoice {
    pub code: String,
    pub kind: crate::domain::standard_doc::KsbKind,
    pub text: String,
}

/// What the sign-off form offers: the mentor's learners and each standard's KSBs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOffForm {
    pub learners: Vec<MentoredLearner>,
    /// (standard reference, its live KSBs in document order).
    pub standards: Vec<(String, Vec<KsbChoice>)>,
}

/// A cohort as the mentor board heads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortInfo {
    pub id: crate::domain::CohortId,
    pub name: String,
    /// The standard's reference, e.g. ST1332.
    pub standard: String,
    pub standard_title: String,
    pub desired_retention: f64,
}

/// One learner on the cohort board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnerRow {
    pub id: crate::domain::LearnerId,
    pub name: String,
    /// red: stalled or at churn risk; amber: behind their own plan, or something waits on the
    /// mentor; green: on track.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "amber"))]
    pub status: crate::domain::cohort_status::Status,
    /// Why, in a few words ("No activity for 4 days").
    pub reason: String,
    pub streak: u32,
    /// Overall mastery (0–100).
    pub overall: f64,
    /// Points per day over the last 7 days.
    pub velocity: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub archetype: Option<crate::domain::competency::Archetype>,
    /// RFC 3339; None before the first activity.
    pub last_active: Option<String>,
    /// Whole local days since then (0 = today); None before the first activity.
    pub days_since_active: Option<u32>,
    /// KSBs due for review now.
    pub due_reviews: u32,
    /// Reviews more than two days past their date.
    pub lapsed_reviews: u32,
    pub predicted_ready_date: Option<String>,
    /// low, medium or high: how likely the learner is to drop out now.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "high"))]
    #[serde(default = "low_risk")]
    pub churn_risk: crate::domain::competency::ChurnRisk,
    /// Why, for medium and high ("4 days without learning", "pace down 45 % in 3 days").
    #[serde(default)]
    pub churn_reason: Option<String>,
}

fn low_risk() -> crate::domain::competency::ChurnRisk {
    crate::domain::competency::ChurnRisk::Low
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Red on the board.
    Stalled,
    /// Reviews well past their date.
    LapsedReviews,
    /// A question passed to the mentors is waiting for an answer.
    AskedForHelp,
    /// Training the apprentice logged is waiting for approval.
    TrainingToApprove,
    /// A progress review is due within a week or overdue, or drafted and waiting for
    /// signatures.
    ProgressReview,
    /// Evidence from the job is waiting for the mentor's review.
    EvidenceToReview,
    /// The assessor's newest Gateway decision is "not yet" or asks for more evidence.
    Gateway,
}

/// Something a mentor should act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    pub kind: AlertKind,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub message: String,
}

/// `GET /api/v1/mentor/cohorts/{id}/learners`: the cohort board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortBoard {
    pub cohort: CohortInfo,
    /// Worst first: red, amber, green; then by name.
    pub learners: Vec<LearnerRow>,
    pub alerts: Vec<Alert>,
    /// The cohort's average overall mastery.
    pub mean_overall: f64,
    /// The cohort's median velocity (points a day).
    pub median_velocity: f64,
}

/// One recent interaction in the drilldown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentInteraction {
    pub id: String,
    pub lesson: String,
    pub content_version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: crate::model::InteractionKind,
    /// RFC 3339 (the device's clock).
    pub occurred_at: String,
    pub answers: u32,
    pub right: u32,
}

/// A sign-off as shown in the drilldown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObservationView {
    pub id: String,
    pub mentor: String,
    pub ksb_codes: Vec<String>,
    pub note: String,
    pub occurred_at: String,
    /// Photos, a video or a voice note of the work, with their SHA-256.
    #[serde(default)]
    pub files: Vec<crate::model::EvidenceFile>,
}

/// `GET /api/v1/mentor/learners/{id}`: one learner, in depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnerDetail {
    pub row: LearnerRow,
    /// The apprentice's e-mail address, for their mentor to write to in one tap.
    #[serde(default)]
    pub email: String,
    /// The number the apprentice chose to give their mentor, if they did.
    #[serde(default)]
    pub phone: Option<String>,
    pub cohort: CohortInfo,
    /// Per-KSB mastery (the heat map), history, velocity, acceleration, predicted date.
    pub progress: crate::model::Progress,
    /// Newest first, at most 30.
    pub recent: Vec<RecentInteraction>,
    /// Newest first.
    pub observations: Vec<ObservationView>,
}

/// Everything the Instructor page opens with, in one call: the cohorts, the first one's board,
/// and (for mentors) the sign-off form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstructorStart {
    pub cohorts: Vec<crate::model::CohortSummary>,
    pub board: Option<CohortBoard>,
    pub sign_off: Option<SignOffForm>,
}
