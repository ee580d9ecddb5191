use crate::domain::standard_doc::KsbKind;
use serde::{Deserialize, Serialize};

/// A standard in the library (`GET /api/v1/standards`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandardSummary {
    #[cfg_attr(feature = "openapi", schema(example = "ST1332"))]
    pub reference: String,
    pub title: String,
    pub level: i64,
    pub version: String,
    /// `official` (imported) or `demo` (illustrative text written by us).
    pub source: String,
    pub ksb_count: i64,
    /// The fixed minimum of off-the-job training hours (absent until set).
    #[serde(default)]
    pub otj_min_hours: Option<i64>,
}

/// One Knowledge, Skill or Behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbDto {
    #[cfg_attr(feature = "openapi", schema(example = "K3"))]
    pub code: String,
    pub kind: KsbKind,
    pub text: String,
    /// The official id, when imported from the official document.
    pub guid: Option<String>,
    /// Codes of the KSBs to master first.
    pub prerequisites: Vec<String>,
}

/// A standard with its KSBs (`GET /api/v1/standards/{reference}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandardDetail {
    #[serde(flatten)]
    pub summary: StandardSummary,
    pub typical_duration_months: Option<i64>,
    /// The most lesson and check time one day counts as off-the-job training.
    #[serde(default)]
    pub otj_daily_hours: f64,
    pub ksbs: Vec<KsbDto>,
}

/// What an import did (or, as a preview, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub reference: String,
    pub title: String,
    pub version: String,
    pub knowledges: usize,
    pub skills: usize,
    pub behaviours: usize,
    /// KSBs new to the library.
    pub created: usize,
    /// KSBs matched to existing ones (by official id, or by code over demo text).
    pub updated: usize,
    /// KSBs no longer in the standard; kept for history, hidden from learners.
    pub retired: usize,
    /// True when nothing was written (a preview).
    pub dry_run: bool,
    /// Each KSB the import adds, changes or retires (unchanged ones are left out).
    #[serde(default)]
    pub changes: Vec<KsbChange>,
}

/// What an import does to one KSB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    /// Its text or code changes (content mapped to it and learners' history stay with it).
    Changed,
    /// No longer in the standard: kept for history, hidden from learners.
    Retired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbChange {
    /// The code after the import (before it, for a retired KSB).
    pub code: String,
    pub change: ChangeKind,
    /// The code before, when it changes.
    pub was_code: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `PUT /api/v1/admin/standards/{reference}/ksbs/{code}`: a KSB's text and the codes of the
/// KSBs to master first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbEdit {
    pub text: String,
    #[serde(default)]
    pub prerequisites: Vec<String>,
}

/// The KSB library page: every standard, and the chosen one with its KSBs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryView {
    pub standards: Vec<StandardSummary>,
    pub detail: Option<StandardDetail>,
}
