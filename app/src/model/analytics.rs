//! Content analytics for admins: how each lesson and each KSB does with learners.

use serde::{Deserialize, Serialize};

/// One lesson's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LessonStats {
    pub content_id: String,
    pub title: String,
    pub status: String,
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContentAnalytics {
    pub standard: String,
    /// Flagged first, then by learners reached.
    pub lessons: Vec<LessonStats>,
    /// In the standard's order.
    pub ksbs: Vec<KsbStats>,
}
