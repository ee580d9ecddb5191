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
