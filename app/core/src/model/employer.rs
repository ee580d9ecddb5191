//! The employer's side: a line manager's apprentices at a glance, and what they confirm —
//! each Behaviour once, with a note, and the apprentice's readiness for the Gateway.

use serde::{Deserialize, Serialize};

/// An apprentice on their line manager's home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerApprentice {
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub standard: String,
    /// Mean mastery over the standard's KSBs.
    pub overall: f64,
    pub otj_hours: f64,
    pub otj_min_hours: Option<i64>,
    /// Behaviours the line manager has confirmed, of the standard's Behaviours.
    pub behaviours_confirmed: u32,
    pub behaviours: u32,
    /// Whether the line manager has confirmed readiness for the Gateway.
    pub gateway_confirmed: bool,
    /// "Ready for Gateway to Completion" or "Not yet: N gaps".
    pub summary: String,
    pub ready: bool,
}

/// Something a line manager confirmed, as the assessor reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Confirmation {
    /// The line manager's name.
    pub by: String,
    /// RFC 3339.
    pub at: String,
    pub note: String,
}

/// `POST /api/v1/learners/{id}/behaviours/{code}/confirmation` and
/// `POST /api/v1/learners/{id}/gateway-confirmation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmationIn {
    /// What the line manager saw at work (required for a Behaviour, 1 000 characters at
    /// most).
    #[serde(default)]
    pub note: String,
}

/// A line manager linked to an apprentice, on the admin's People page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerLink {
    pub employer_id: String,
    pub employer_name: String,
    pub employer_email: String,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
}
