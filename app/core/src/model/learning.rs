//! The learner loop's data shapes: the feed, interactions and progress (REST, server fns and
//! the offline store alike).

use super::offline::EngineSnapshot;
use crate::domain::competency::{Archetype, Band, ChurnRisk, Confidence};
use crate::domain::standard_doc::KsbKind;
pub use crate::domain::streak::Streak;
use crate::domain::LessonId;
use serde::{Deserialize, Serialize};

/// A quick-check question. The answer key ships so checks work offline; the server re-grades.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionDto {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(example = "K3"))]
    pub ksb: String,
    pub prompt: String,
    pub options: Vec<String>,
    /// Index of the right option (0-based).
    pub answer: usize,
    pub explanation: String,
}

/// One lesson in the feed, with why it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedItem {
    pub content_id: LessonId,
    pub title: String,
    pub video_url: String,
    pub captions_url: Option<String>,
    pub poster_url: Option<String>,
    pub duration_s: i64,
    pub difficulty: i64,
    pub ksbs: Vec<String>,
    /// The short title of each of `ksbs`, in the same order (absent from feeds kept before).
    #[serde(default)]
    pub ksb_titles: Vec<String>,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Review: K4 (Network arrangement) is due")
    )]
    pub reason: String,
    pub questions: Vec<QuestionDto>,
}

/// The KSB the day is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FocusDto {
    pub code: String,
    pub kind: KsbKind,
    pub text: String,
    /// 0–100.
    pub mastery: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "in_progress"))]
    pub band: Band,
    pub reason: String,
}

/// `GET /api/v1/feed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feed {
    pub streak: Streak,
    pub focus: Option<FocusDto>,
    pub nudge: String,
    pub items: Vec<FeedItem>,
    /// The standard's KSB text is illustrative (demo library), not the official document.
    pub illustrative: bool,
    /// Lessons of the standard still waiting for their video.
    pub rendering: i64,
    /// When the server made this feed (Unix ms): the offline store keeps the newest.
    #[serde(default)]
    pub as_of_ms: i64,
}

pub use crate::domain::interaction::{InteractionKind, Rating};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    pub question_id: String,
    /// The chosen option's index (0-based).
    pub response: i64,
}

/// One thing the learner did, as the client recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionIn {
    /// Made by the client (a UUID): what makes re-sending safe.
    pub id: String,
    pub content_id: LessonId,
    pub kind: InteractionKind,
    /// RFC 3339, the client's clock.
    #[cfg_attr(feature = "openapi", schema(example = "2026-11-22T07:41:09Z"))]
    pub occurred_at: String,
    #[serde(default)]
    pub time_spent_s: f64,
    #[serde(default)]
    pub answers: Vec<AnswerIn>,
    /// Only on a `rated` item, which must carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[serde(default)]
    pub device: Option<String>,
}

/// `POST /api/v1/interactions` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionBatch {
    /// Each item is checked on its own: a bad one is rejected, the others still count.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<InteractionIn>))]
    pub interactions: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultStatus {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionResult {
    pub id: String,
    pub status: ResultStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An answer as the server logged and graded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoggedAnswerDto {
    pub question_id: String,
    pub response: i64,
    pub correct: bool,
}

/// One entry of the learner's log (`GET /api/v1/interactions`): the evidence trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoggedInteraction {
    pub id: String,
    pub content_id: LessonId,
    /// The lesson version it was made on.
    pub content_version: i64,
    pub kind: InteractionKind,
    /// RFC 3339, the device's clock.
    pub occurred_at: String,
    /// RFC 3339, when the server received it.
    pub received_at: String,
    pub time_spent_s: f64,
    pub answers: Vec<LoggedAnswerDto>,
    /// The learner's verdict, on a `rated` entry only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    pub device: Option<String>,
}

/// A KSB's mastery after a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbMastery {
    pub code: String,
    pub mastery: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub band: Band,
}

/// `POST /api/v1/interactions` answer: one result per item, in order, and the new state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionsReply {
    pub results: Vec<InteractionResult>,
    pub streak: Streak,
    /// Mastery of the KSBs the accepted items touched.
    pub ksbs: Vec<KsbMastery>,
}

/// One KSB on the progress page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbProgress {
    pub code: String,
    pub kind: KsbKind,
    pub text: String,
    pub mastery: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub band: Band,
    /// RFC 3339; None before the first answer.
    pub next_review: Option<String>,
    pub due: bool,
    /// Probability of recall now (0–1).
    pub recall: Option<f64>,
    /// Points per day over the last 7 days.
    pub velocity: f64,
    /// Mentor sign-offs of live work.
    pub observations: u32,
    pub answers: u32,
    pub right: u32,
    /// Capped at 60 % until a mentor observes it (Skills and Behaviours).
    pub capped: bool,
}

impl crate::domain::readiness::Standing for KsbProgress {
    fn code(&self) -> &str {
        &self.code
    }
    fn kind(&self) -> KsbKind {
        self.kind
    }
    fn mastery(&self) -> f64 {
        self.mastery
    }
    fn due(&self) -> bool {
        self.due
    }
    fn answers(&self) -> u32 {
        self.answers
    }
    fn observations(&self) -> u32 {
        self.observations
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPoint {
    /// The learner's local date.
    pub date: String,
    /// Overall mastery at the end of that day.
    pub mastery: f64,
    pub active: bool,
}

/// `GET /api/v1/progress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub standard: String,
    pub standard_title: String,
    pub illustrative: bool,
    pub streak: Streak,
    /// Mean mastery over every KSB of the standard.
    pub overall: f64,
    pub ksbs: Vec<KsbProgress>,
    pub velocity: f64,
    pub acceleration: f64,
    /// The learner's local date when overall mastery reaches 80 % at the current pace.
    pub predicted_ready_date: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub confidence: Confidence,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub churn_risk: ChurnRisk,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub archetype: Option<Archetype>,
    /// The last 35 local days, oldest first.
    pub history: Vec<HistoryPoint>,
    /// The engine state behind these numbers, for the offline client.
    #[serde(default)]
    pub engine: EngineSnapshot,
    /// Milestones earned and the next ones.
    #[serde(default)]
    pub badges: super::Badges,
}
