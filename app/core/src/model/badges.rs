//! Milestones as the learner, their mentor and the device see them: what was earned, with its
//! evidence, and what comes next with what is missing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Badges {
    /// Newest first.
    pub earned: Vec<EarnedBadge>,
    /// The next milestone of each kind, with what stands between the learner and it.
    pub next: Vec<NextBadge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarnedBadge {
    /// Stable key: `group:skills:adept`, `streak:30`, `first-mastered`.
    pub key: String,
    pub title: String,
    /// What earned it ("K1 86 %", "7 days in a row").
    pub evidence: Vec<String>,
    /// When the server recorded it (Unix ms); absent while only this device has seen it
    /// reached (offline), until the next sync confirms it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_at_ms: Option<i64>,
    /// KSBs of the group that have slipped since (the award is kept; a review is due).
    #[serde(default)]
    pub review_due: Vec<String>,
    /// Why the training provider revoked it (None: it stands). A revoked badge cannot be
    /// downloaded or shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextBadge {
    pub key: String,
    pub title: String,
    /// In words: "2 more KSBs at 80 %", "observed practice of S3".
    pub missing: Vec<String>,
}
