//! Progress reviews: held every few weeks (12 by default) by the apprentice, their line
//! manager and their mentor. The mentor drafts one from the record since the last; each of
//! the three adds a comment and signs on their phone; a signature covers the review as it
//! was (its hash), so a later edit shows that signature as out of date.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Who signs a review.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Party {
        Apprentice = "apprentice",
        Employer = "employer",
        Mentor = "mentor",
    }
}

impl Party {
    pub fn label(self) -> &'static str {
        match self {
            Party::Apprentice => "Apprentice",
            Party::Employer => "Line manager",
            Party::Mentor => "Mentor",
        }
    }
}

/// A KSB's mastery at the start and end of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbMove {
    pub code: String,
    pub title: String,
    pub from: f64,
    pub to: f64,
}

/// What the record says about the period, drafted when the review is, and kept as drafted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRecord {
    /// The learner's local dates, YYYY-MM-DD.
    pub from: String,
    pub to: String,
    pub overall_from: f64,
    pub overall_to: f64,
    /// The KSBs that moved most, most first (at most five).
    pub moved: Vec<KsbMove>,
    /// The weakest KSBs now, weakest first (at most five).
    pub weakest: Vec<KsbMove>,
    /// Off-the-job hours so far, and what the plan expects by now (the standard's minimum
    /// spread over its typical duration), when the standard sets a minimum.
    pub otj_hours: f64,
    pub otj_planned: Option<f64>,
    /// Evidence added in the period: answers, observed sign-offs, approved training.
    pub answers: u32,
    pub observations: u32,
    pub training: u32,
    /// Reviews (spaced repetition) more than two days overdue now.
    pub lapsed: u32,
    /// What is next, in sentences.
    pub next: Vec<String>,
    /// Each KSB's mastery when the review was drafted, by code: where the next review's
    /// period starts from.
    #[serde(default)]
    pub ksbs_to: std::collections::BTreeMap<String, f64>,
}

/// One party's comment and signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub party: Party,
    /// Who it is (the person linked now, until they sign; then who signed).
    pub name: Option<String>,
    pub comment: String,
    /// RFC 3339, when signed.
    pub signed_at: Option<String>,
    /// The SHA-256 of what they signed (the review's content and their comment).
    pub signed_hash: Option<String>,
    /// Signed, and what they signed is what the review says now.
    pub valid: bool,
}

/// A progress review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    /// 1 for the first review of the programme.
    pub number: i64,
    pub record: ReviewRecord,
    /// What the three agree to do next (the mentor writes it).
    pub plan: String,
    pub drafted_by: String,
    /// RFC 3339.
    pub drafted_at: String,
    /// SHA-256 of the review's content now (record and plan).
    pub content_hash: String,
    pub signatures: Vec<Signature>,
    /// All three signed what it says now: it is final, on the evidence chain.
    pub signed: bool,
    /// The caller's part in it, if any (what they may comment on and sign).
    pub my_party: Option<Party>,
}

/// A learner's reviews and when the next is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reviews {
    pub learner_id: crate::domain::LearnerId,
    /// Weeks between reviews (the cohort's setting).
    pub every_weeks: i64,
    /// The learner's local date the next review is due; None while one is open.
    pub due_on: Option<String>,
    pub overdue: bool,
    /// Newest first.
    pub reviews: Vec<Review>,
    /// Whether the caller may draft the next one (their mentor or an admin, none open).
    pub may_draft: bool,
}

/// `PUT /api/v1/reviews/{id}/plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    pub plan: String,
}

/// `PUT /api/v1/reviews/{id}/comment`: the caller's own comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentIn {
    pub comment: String,
}

/// `POST /api/v1/reviews/{id}/signature`: what the signer read and their comment, signed in
/// one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignatureIn {
    /// The review's `content_hash` as the signer was shown it.
    pub content_hash: String,
    /// Their comment (up to 1,000 characters; empty for none).
    #[serde(default)]
    pub comment: String,
}
