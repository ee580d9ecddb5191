//! Off-the-job training hours: a learner's total against their standard's minimum, where it
//! came from, and the training they logged off the platform.

use crate::domain::otj::Activity;
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Where logged training stands with the mentor.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum LogStatus {
        Pending = "pending",
        Approved = "approved",
        Declined = "declined",
    }
}

/// Hours by where they came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjSources {
    /// Lessons watched in Flowline (each watch bounded by the video's length).
    pub lessons: f64,
    /// Quick checks answered.
    pub checks: f64,
    /// Practice a mentor observed and signed off.
    pub observed: f64,
    /// Off-platform training the learner logged and a mentor approved.
    pub logged: f64,
}

/// One piece of training a learner logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjLog {
    pub id: String,
    pub activity: Activity,
    pub activity_label: String,
    /// The learner's local date, YYYY-MM-DD.
    pub occurred_on: String,
    pub minutes: i64,
    pub description: String,
    pub ksb_codes: Vec<String>,
    pub status: LogStatus,
    /// Who approved or declined it.
    pub decided_by: Option<String>,
    /// Why it was declined.
    #[serde(default)]
    pub decline_reason: Option<String>,
}

/// `GET /api/v1/learners/{id}/otj`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjSummary {
    pub learner_id: crate::domain::LearnerId,
    pub standard: String,
    /// The standard's minimum (absent until an admin or the imported standard sets it).
    pub min_hours: Option<i64>,
    pub hours: f64,
    pub met: bool,
    /// E.g. "12.5 of 416 h (3 %)".
    pub summary: String,
    pub sources: OtjSources,
    /// Logged hours waiting for a mentor's approval (not counted yet).
    pub pending_hours: f64,
    /// Time recorded on Flowline that did not count, by reason.
    #[serde(default)]
    pub not_counted: Vec<OtjNotCounted>,
    /// Newest first.
    pub logs: Vec<OtjLog>,
    /// Breaks in learning, oldest first.
    #[serde(default)]
    pub breaks: Vec<LearningBreak>,
}

/// A break in learning: away from `starts_on` until `ends_on` (the day learning resumed;
/// None while away).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningBreak {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub reason: String,
}

/// `POST /api/v1/learners/{id}/breaks`: the apprentice is away from the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BreakIn {
    /// `YYYY-MM-DD`: the first day away (not before they joined, not in the future).
    pub starts_on: String,
    /// Why, in a few words (1 to 200 characters).
    pub reason: String,
}

/// `POST /api/v1/learners/{id}/breaks/return`: the apprentice is back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnIn {
    /// `YYYY-MM-DD`: the day learning resumed (after the break's start, not in the future).
    pub returned_on: String,
}

/// Recorded time that did not count as off-the-job training, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjNotCounted {
    /// E.g. "the same lesson watched, or its check answered, again on the same day (each
    /// counts once a day)".
    pub reason: String,
    /// Items not counted at all for this reason (others counted in part).
    pub items: u32,
    /// The time claimed that did not count.
    pub hours: f64,
}

/// `POST /api/v1/learners/{id}/otj/logs`: training off the platform, for a mentor to approve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjLogIn {
    /// classroom, shadowing, practical, visit or online.
    #[cfg_attr(feature = "openapi", schema(example = "classroom"))]
    pub activity: String,
    /// The local date, YYYY-MM-DD (not in the future, not before the learner joined).
    #[cfg_attr(feature = "openapi", schema(example = "2026-11-30"))]
    pub occurred_on: String,
    /// 1 to 720.
    pub minutes: i64,
    /// What the training was (1 to 500 characters).
    pub description: String,
    /// KSB codes of the learner's standard it covered.
    #[serde(default)]
    pub ksb_codes: Vec<String>,
}

/// `POST /api/v1/otj/logs/{id}/decision`: a mentor of the learner (or an admin) decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtjDecisionIn {
    pub approve: bool,
    /// Required to decline: why, so the apprentice can put it right (1 to 500 characters).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `PATCH /api/v1/admin/standards/{reference}`: the standard's OTJ minimum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandardOtjIn {
    /// Hours, 1 to 5,000; null clears it.
    pub otj_min_hours: Option<i64>,
    /// The standard's typical duration in months, 1 to 120; absent leaves it as it is.
    #[serde(default)]
    pub typical_duration_months: Option<i64>,
    /// The most lesson and check time one day counts, 0.5 to 12 hours (4 unless set);
    /// absent leaves it as it is.
    #[serde(default)]
    pub otj_daily_hours: Option<f64>,
}
