//! The provider's view of the whole programme (`GET /api/v1/admin/programme`): every
//! apprentice against their own plan, with the Gateway forecast, off-the-job hours against
//! plan, evidence coverage and the risk of withdrawal.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    /// The local date it was read on.
    pub today: String,
    /// Every cohort (to filter by).
    pub cohorts: Vec<ProgrammeCohort>,
    pub rows: Vec<ProgrammeRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeCohort {
    pub id: crate::domain::CohortId,
    pub name: String,
    pub standard: String,
}

/// One apprentice of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRow {
    pub learner_id: crate::domain::LearnerId,
    pub name: String,
    pub cohort_id: crate::domain::CohortId,
    pub cohort: String,
    pub standard: String,
    /// The mentor's light: against the apprentice's own plan.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "amber"))]
    pub status: crate::domain::cohort_status::Status,
    pub reason: String,
    /// Local dates: the start and the planned end (moved on by breaks in learning).
    pub started_on: String,
    pub planned_end_on: String,
    /// How far through the plan today is (0–100).
    pub plan_elapsed: f64,
    pub overall: f64,
    /// The Gateway forecast (None when a part is not moving, or ready).
    pub gateway_date: Option<String>,
    pub gateway_summary: String,
    pub ready: bool,
    /// The forecast falls on or before the planned end (None without a forecast).
    pub on_track_for_end: Option<bool>,
    pub otj_hours: f64,
    /// Where the plan puts the hours by today (the minimum in step with the plan).
    pub otj_expected: Option<f64>,
    pub otj_min: Option<i64>,
    pub ksbs_total: u32,
    pub ksbs_ready: u32,
    /// Skills and Behaviours seen in practice, of those the standard has.
    pub practice_observed: u32,
    pub practice_total: u32,
    /// KSBs whose only evidence is quiz answers.
    pub quiz_only: u32,
    /// low, medium or high.
    pub withdrawal_risk: String,
    /// Why, in a few words each.
    pub risks: Vec<String>,
    /// The ILR's learner reference and the off-the-job hours as the ILR takes them.
    pub learn_ref: String,
    pub otj_planned_hours: Option<i64>,
    pub otj_actual_hours: i64,
}
