//! Bringing people in from an LMS: a CSV export (TalentLMS's columns, or any other mapped by
//! hand) or TalentLMS's API, checked in a dry run first, and the one-time sign-in links
//! (invitations) the admin sends instead of passwords.

use serde::{Deserialize, Serialize};

/// What to do with the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Check every row and say what would happen; write nothing.
    #[default]
    Preview,
    /// Import everything, or nothing when any row is bad.
    All,
    /// Import the good rows and leave the bad ones out.
    GoodRows,
}

/// Which column of the file holds what (header names as they appear in the file). A field
/// left out is guessed from the headers (TalentLMS's export names first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// The e-mail column (required).
    #[serde(default)]
    pub email: Option<String>,
    /// The first-name column (with `last_name`), or use `name`.
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    /// A column with the whole name.
    #[serde(default)]
    pub name: Option<String>,
    /// The cohort (TalentLMS: the group) column.
    #[serde(default)]
    pub cohort: Option<String>,
    /// The role column (TalentLMS: the user type); absent means every row is a learner.
    #[serde(default)]
    pub role: Option<String>,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    /// The field at fault (`email`, `name`, `cohort`, `role`, or `row`).
    pub field: String,
    pub message: String,
}

/// A row as it will be imported (the first few, so the admin can check the mapping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampleRow {
    pub line: u64,
    pub email: String,
    pub display_name: String,
    /// `learner` or `mentor`.
    pub role: String,
    pub cohort: Option<String>,
    /// `new`, `update` (a membership to add) or `unchanged`.
    pub outcome: String,
}

/// A one-time sign-in link for a new person, for the admin to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationOut {
    pub email: String,
    pub display_name: String,
    /// The whole link; it works once, until `expires_at`.
    pub link: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// What an import did (or, as a preview, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleReport {
    pub mode: ImportMode,
    /// Where the rows came from: `csv` or `talentlms`.
    pub source: String,
    /// The file's header names, in order.
    pub columns: Vec<String>,
    /// The mapping used (guessed where not given).
    pub mapping: ColumnMapping,
    /// Data rows read.
    pub rows: u64,
    pub good_rows: u64,
    pub bad_rows: u64,
    /// The first problems, by line (at most 200; `bad_rows` counts them all).
    pub problems: Vec<RowProblem>,
    /// The first rows as they will be imported.
    pub sample: Vec<SampleRow>,
    /// People who will be (or were) added.
    pub new_people: u64,
    /// People already here who get a cohort membership.
    pub updated_people: u64,
    /// Rows that change nothing (imported before).
    pub unchanged: u64,
    /// Whether anything was written.
    pub written: bool,
    /// Sign-in links for the people added: shown once (only their hashes are kept).
    pub invitations: Vec<InvitationOut>,
    pub invitations_total: u64,
}

/// `POST /api/v1/admin/people/import/talentlms`: read users and groups from TalentLMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TalentLmsIn {
    #[serde(default)]
    pub mode: ImportMode,
}

/// `GET /api/v1/invitations/{token}`: whom a link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub email: String,
    pub display_name: String,
    pub expires_at: String,
}

/// `POST /api/v1/invitations/{token}`: the person chooses their password and is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationIn {
    pub password: String,
}
