//! What mentors send and see: observation sign-offs of live work.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/mentor/observations`: a mentor signs off work they watched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ObservationIn {
    pub learner_id: String,
    /// KSB codes of the learner's standard (Skills and Behaviours mainly).
    #[cfg_attr(feature = "ssr", schema(example = json!(["S3", "B1"])))]
    pub ksb_codes: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339: when the work was watched.
    #[cfg_attr(feature = "ssr", schema(example = "2026-11-22T10:15:00Z"))]
    pub occurred_at: String,
}

/// A recorded sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ObservationOut {
    pub id: String,
    pub learner_id: String,
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
