//! Content analytics for admins: how each lesson and each KSB does with learners.

use crate::domain::competency::knowledge::Bkt;
use crate::domain::LessonId;
use serde::{Deserialize, Serialize};

/// One lesson's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonStats {
    pub content_id: LessonId,
    pub title: String,
    pub status: crate::model::studio::LessonStatus,
    /// Learners who watched, skipped or answered it at all.
    pub reached: u32,
    /// Share of them who answered its quick check (0–1); None before anyone was reached.
    pub completion: Option<f64>,
    /// Share of learners whose first attempt at the check was all right (0–1).
    pub first_try_right: Option<f64>,
    /// Median seconds spent on the video by those who watched it to the end.
    pub median_seconds: Option<f64>,
    /// Times learners swiped past the video.
    pub skips: u32,
    /// Skips per time the video was met (skipped or watched), 0–1.
    pub skip_rate: Option<f64>,
    /// Learners' verdicts after the check (each learner's latest counts once).
    pub ratings: RatingCounts,
    /// Why it is flagged for rework, if it is.
    pub flag: Option<String>,
}

/// How many learners called a lesson too easy, a good pace or too hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingCounts {
    pub too_easy: u32,
    pub good_pace: u32,
    pub too_hard: u32,
}

impl RatingCounts {
    pub fn total(&self) -> u32 {
        self.too_easy + self.good_pace + self.too_hard
    }
}

/// One KSB's numbers, over every question on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbStats {
    pub code: String,
    pub text: String,
    /// Learners who answered a question on it.
    pub learners: u32,
    /// Share of first attempts at its questions that were right (0–1).
    pub first_try_right: Option<f64>,
    pub flag: Option<String>,
}

/// `GET /api/v1/admin/analytics?standard=ST1332`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentAnalytics {
    pub standard: String,
    /// Flagged first, then by learners reached.
    pub lessons: Vec<LessonStats>,
    /// In the standard's order.
    pub ksbs: Vec<KsbStats>,
    /// The memory model (FSRS-6 weights) the standard's learners are scheduled with.
    pub memory: MemoryModel,
    /// The knowledge model (BKT parameters) their knowledge is traced with.
    pub knowledge: KnowledgeModel,
}

/// Which BKT parameters trace a standard's learners' knowledge, and the last fit from its
/// answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnowledgeModel {
    /// `default` (the shipped parameters) or the id of the adopted fit.
    pub current: String,
    /// The parameters in use.
    pub parameters: Bkt,
    pub last_fit: Option<KnowledgeFit>,
}

/// One fit of BKT's guess, slip and learning rate to a standard's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnowledgeFit {
    pub id: String,
    /// RFC 3339.
    pub fitted_at: String,
    /// Answers the fit learned from, and those of the held-out learners it was judged on.
    pub answers: i64,
    pub held_out_answers: i64,
    pub fitted: Bkt,
    /// Log loss of the predicted chance of a right answer on the held-out answers: the
    /// shipped parameters, then the fitted ones.
    pub log_loss_default: f64,
    pub log_loss_fitted: f64,
    /// Whether it now traces learners (only when it predicts better than the shipped ones).
    pub adopted: bool,
}

/// Which FSRS-6 weights schedule a standard's learners, and the last fit from its reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryModel {
    /// `default` (the shipped weights) or the id of the adopted fit.
    pub current: String,
    /// Reviews a standard needs before a fit is tried.
    pub min_reviews: u32,
    pub last_fit: Option<MemoryFit>,
}

/// One fit of FSRS-6 weights to a standard's reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryFit {
    pub id: String,
    /// RFC 3339.
    pub fitted_at: String,
    /// Reviews in the log when it was fitted, and those of the held-out learners it was judged on.
    pub reviews: i64,
    pub held_out_reviews: i64,
    /// Log loss on the held-out reviews: the default weights, then the fitted ones.
    pub log_loss_default: f64,
    pub log_loss_fitted: f64,
    /// Whether it now schedules learners (only when it predicts better than the defaults).
    pub adopted: bool,
}

/// `POST /api/v1/admin/memory/fit?standard=ST1332`: what a fit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FitOutcome {
    pub standard: String,
    /// Reviews in the log (all learners).
    pub reviews: usize,
    /// Set when no fit was made, saying why.
    pub skipped: Option<String>,
    /// The stored fit, when one was made.
    pub model: Option<String>,
    pub log_loss_default: Option<f64>,
    pub log_loss_fitted: Option<f64>,
    pub adopted: bool,
    /// The knowledge fit made in the same run, if the held-out learners had answers.
    pub knowledge: Option<KnowledgeFit>,
}
