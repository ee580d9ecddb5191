//! The portfolio an assessor receives: the readiness summary, the observations, mastery over
//! time, every xAPI statement and the chain head; the issues of it as PDF, each with a public
//! verify page.

use crate::model::{HistoryPoint, ObservationView, Readiness};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/learners/{id}/portfolio`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Portfolio {
    /// "flowline-portfolio/1".
    pub format: String,
    pub generated_at: String,
    /// The training provider.
    pub provider: String,
    pub readiness: Readiness,
    /// Mentor sign-offs of observed practice, newest first.
    pub observations: Vec<ObservationView>,
    /// Overall mastery, day by day.
    pub history: Vec<HistoryPoint>,
    /// The learner's evidence as xAPI 1.0.3 statements, oldest stored first.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub statements: Vec<serde_json::Value>,
    /// Progress reviews signed by the apprentice, their line manager and their mentor,
    /// oldest first.
    #[serde(default)]
    pub reviews: Vec<crate::model::Review>,
}

/// A portfolio issued as PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortfolioIssue {
    pub id: String,
    pub issued_at: String,
    pub standard: String,
    pub ready: bool,
    pub evidence_count: i64,
    pub chain_head: Option<String>,
    /// SHA-256 of the portfolio's canonical JSON (RFC 8785) when it was issued.
    pub document_hash: String,
    /// Whether the verify page shows the learner's name.
    pub show_name: bool,
    pub revoked: bool,
}

/// `/verify/{token}`: what anyone holding the QR code may know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    pub issued_at: String,
    pub standard: String,
    pub standard_title: String,
    /// The learner's name, when they chose to show it.
    pub learner_name: Option<String>,
    pub provider: String,
    pub ready_at_issue: bool,
    pub evidence_count: i64,
    pub chain_head: Option<String>,
    pub document_hash: String,
    /// The learner's evidence chain verifies today and still holds the head it had at issue.
    pub chain_verifies: bool,
    /// In words, e.g. "The evidence chain verifies: 76 records, unchanged since issue."
    pub chain_note: String,
}
