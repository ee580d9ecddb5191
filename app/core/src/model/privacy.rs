//! A person's data rights (UK GDPR): a copy of everything Flowline holds about them, and
//! erasure with the audit evidence kept pseudonymous.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Where an export stands.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ExportStatus {
        Queued = "queued",
        Running = "running",
        Ready = "ready",
        Failed = "failed",
        /// Its download link has run out; ask for a new one.
        Expired = "expired",
    }
}

impl ExportStatus {
    /// Still being made: worth asking again shortly.
    pub fn in_progress(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }
}

/// One export of a person's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExport {
    pub id: String,
    pub user_id: String,
    pub status: ExportStatus,
    /// 0 to 1.
    pub progress: f64,
    /// RFC 3339.
    pub created_at: String,
    /// When the download link stops working (RFC 3339), once it is ready.
    pub expires_at: Option<String>,
    /// The ZIP's size in bytes, once it is ready.
    pub bytes: Option<i64>,
    /// Where to download it (the requester's session is needed), while it is ready.
    pub download_url: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
}

/// `GET /api/v1/users/{id}/export`: whose data it is, and the newest export, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExports {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub latest: Option<DataExport>,
}

/// `DELETE /api/v1/users/{id}`: the account's e-mail address, typed again to confirm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EraseIn {
    pub confirm: String,
}

/// What erasure removes and what the provider keeps, shown before anyone confirms (the full
/// rule: docs/retention.md).
pub const RETENTION_RULE: [&str; 4] = [
    "Erased at once: your name, e-mail address, phone number and password, the questions and messages you wrote to the coach, your WhatsApp messages and nudges, the descriptions you wrote of your training, and any copies of your data waiting to be downloaded. You are signed out everywhere and cannot sign in again.",
    "Kept without your name, because your training provider must keep apprenticeship evidence for audit: your quick-check answers and lessons watched, your mastery and streak, your mentors' sign-offs, the dates and hours of your off-the-job training, and the evidence trail that proves none of it was changed. These records carry only a random id, never your name or e-mail.",
    "Badges you were issued are revoked, and portfolio links no longer show your name.",
    "This cannot be undone. Download your data first if you want a copy.",
];
