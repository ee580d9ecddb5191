//! Evidence from the job: files sent in resumable chunks, the evidence an apprentice submits
//! with them, and their mentor's review of it.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/uploads`: a file about to be sent in chunks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UploadIn {
    /// A photo (`image/jpeg`, `image/png`, `image/webp`), a video (`video/mp4`,
    /// `video/quicktime`, `video/webm`) or a voice note (`audio/webm`, `audio/ogg`,
    /// `audio/mp4`, `audio/mpeg`).
    #[cfg_attr(feature = "openapi", schema(example = "image/jpeg"))]
    pub content_type: String,
    /// Bytes in the whole file.
    pub size: u64,
    /// The SHA-256 of the whole file, lower-case hex: checked when the last chunk arrives.
    pub sha256: String,
}

/// Where an upload stands: send the bytes from `received` on, `chunk_bytes` at a time, as
/// `PATCH /api/v1/uploads/{id}` with an `Upload-Offset` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadState {
    pub id: String,
    pub size: u64,
    pub received: u64,
    /// Every byte arrived, matched its SHA-256 and type, and is stored.
    pub complete: bool,
    pub chunk_bytes: u64,
}

/// `POST /api/v1/me/job-evidence` and `PUT /api/v1/me/job-evidence/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobEvidenceIn {
    /// Chosen by the phone when the evidence was captured: sending it again (a retry, a
    /// second tab) finds what is stored instead of storing it twice.
    pub client_id: String,
    /// What the files show, in the apprentice's words (1 to 1 000 characters).
    pub caption: String,
    /// KSB codes of the apprentice's standard the evidence shows (at least one).
    #[cfg_attr(feature = "openapi", schema(example = json!(["S3"])))]
    pub ksb_codes: Vec<String>,
    /// RFC 3339: when the files were taken.
    pub captured_at: String,
    /// Complete uploads of the caller, in the order to show them (1 to 6).
    pub uploads: Vec<String>,
}

/// One file of a piece of evidence or of a sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceFile {
    /// The upload it arrived as.
    pub id: String,
    /// Where those who may read it fetch it (signed in).
    pub url: String,
    pub content_type: String,
    /// `photo`, `video` or `voice`.
    pub kind: String,
    pub size: u64,
    pub sha256: String,
}

/// Where a piece of evidence from the job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for the mentor.
    Submitted,
    /// The mentor asked for more; the apprentice may change it and send it again.
    MoreAsked,
    /// Signed off by the mentor: on the evidence chain as an observation.
    Accepted,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Submitted => "submitted",
            JobStatus::MoreAsked => "more_asked",
            JobStatus::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        [
            JobStatus::Submitted,
            JobStatus::MoreAsked,
            JobStatus::Accepted,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// As the apprentice and the mentor read it.
    pub fn label(self) -> &'static str {
        match self {
            JobStatus::Submitted => "With your mentor",
            JobStatus::MoreAsked => "More asked",
            JobStatus::Accepted => "Signed off",
        }
    }
}

/// A piece of evidence from the job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobEvidence {
    pub id: String,
    pub client_id: String,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub caption: String,
    pub ksb_codes: Vec<String>,
    /// RFC 3339.
    pub captured_at: String,
    /// RFC 3339: when it was last sent to the mentor.
    pub submitted_at: String,
    pub status: JobStatus,
    pub files: Vec<EvidenceFile>,
    /// The mentor's note: why they signed it off, or what more they ask for.
    pub review_note: String,
    pub reviewer: Option<String>,
    /// RFC 3339.
    pub reviewed_at: Option<String>,
}

/// The mentor's answer to a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobDecision {
    /// Sign it off: it becomes an observation on the evidence chain.
    Accept,
    /// Ask the apprentice for more (a note is required).
    AskForMore,
}

/// `POST /api/v1/job-evidence/{id}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobReviewIn {
    pub decision: JobDecision,
    /// Why it is signed off, or what more is needed (required to ask for more; 2 000
    /// characters at most).
    #[serde(default)]
    pub note: String,
}
