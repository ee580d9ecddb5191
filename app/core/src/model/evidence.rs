//! What an assessor reads: a learner's Gateway to Completion readiness, the shares that let
//! them read it, and who looked at a learner's evidence.

use crate::domain::standard_doc::KsbKind;
use serde::{Deserialize, Serialize};

/// One KSB in the readiness summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessKsb {
    pub code: String,
    pub kind: KsbKind,
    pub text: String,
    pub mastery: f64,
    /// Quick-check answers.
    pub answers: u32,
    /// Mentor sign-offs of observed practice.
    pub observations: u32,
    /// "quiz", "observed", "quiz + observed" or "none".
    pub evidence: String,
    pub review_due: bool,
    pub ready: bool,
    /// For a Behaviour: the line manager's confirmation, once given.
    #[serde(default)]
    pub confirmed: Option<crate::model::Confirmation>,
}

/// `GET /api/v1/learners/{id}/readiness`: the summary an assessor reads in 30 seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub standard: String,
    pub standard_title: String,
    /// The KSB text is Flowline's illustrative version of the standard, not the official one.
    #[serde(default)]
    pub illustrative: bool,
    /// Ready for Gateway to Completion: every KSB ready and the OTJ minimum met (when the
    /// standard has one set).
    pub ready: bool,
    /// "Ready for Gateway to Completion" or "Not yet: N gaps".
    pub summary: String,
    /// Mean mastery over the standard's KSBs.
    pub overall: f64,
    /// What stands in the way, e.g. "S4: no observed practice", "K7: 62 %, review due".
    pub gaps: Vec<String>,
    pub ksbs: Vec<ReadinessKsb>,
    /// The learner's local date they joined their cohort.
    pub started_on: String,
    pub days_on_programme: i64,
    /// The Gateway forecast's date (local date; None when ready, or when a part is not
    /// moving) and how sure it is: see `forecast`.
    pub predicted_ready_date: Option<String>,
    pub confidence: String,
    /// The Gateway forecast part by part: the date is the slowest part's.
    #[serde(default)]
    pub forecast: GatewayForecast,
    /// Off-the-job training hours against the standard's minimum.
    pub otj: crate::model::OtjSummary,
    /// Pieces of evidence on the learner's tamper-evident chain, and the chain's head hash.
    pub evidence_count: i64,
    pub chain_head: Option<String>,
    /// The line manager's confirmation that the apprentice is ready for the Gateway.
    #[serde(default)]
    pub gateway_confirmed: Option<crate::model::Confirmation>,
    /// The assessor's newest Gateway decision, if any.
    #[serde(default)]
    pub gateway_decision: Option<GatewayDecision>,
}

/// The Gateway forecast: when every part can be done at the apprentice's own pace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GatewayForecast {
    /// Local date; None when a part is not moving.
    pub date: Option<String>,
    /// "low", "medium" or "high": the least sure of the open parts.
    pub confidence: String,
    /// One line, e.g. "31 January 2028 (high confidence), set by off-the-job hours".
    pub summary: String,
    pub parts: Vec<ForecastPart>,
}

/// One part of the Gateway forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastPart {
    /// "mastery", "practice", "hours" or "behaviours".
    pub part: String,
    /// The part as a person names it, e.g. "Off-the-job hours".
    pub name: String,
    pub done: bool,
    /// When it is done at the apprentice's pace (local date); None when it is not moving.
    pub date: Option<String>,
    pub confidence: String,
    /// What is left, e.g. "694.5 of 696 hours to go".
    pub left: String,
}

/// A share of a learner's evidence with an assessor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub assessor_id: String,
    pub assessor_name: String,
    pub assessor_email: String,
    pub created_at: String,
    pub expires_at: String,
    /// Active: not revoked and not expired.
    pub active: bool,
    pub revoked: bool,
}

/// `POST /api/v1/learners/{id}/shares`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareIn {
    /// The assessor's account e-mail.
    pub assessor_email: String,
    /// How long the share lasts (1 to 365 days).
    pub days: i64,
}

/// A learner on an assessor's home: who, until when, and their readiness at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedLearner {
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub standard: String,
    pub ready: bool,
    pub summary: String,
    pub overall: f64,
    pub gaps: usize,
    pub shared_until: String,
}

/// Someone other than the learner looked at their evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub viewer_name: String,
    pub viewer_role: String,
    /// "readiness" or "statements".
    pub what: String,
    pub viewed_at: String,
}

/// The Me page's sharing card: a learner's shares and the looks at their evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sharing {
    pub learner_id: crate::domain::LearnerId,
    pub shares: Vec<Share>,
    pub views: Vec<EvidenceView>,
    /// Portfolios issued as PDF, newest first.
    pub portfolios: Vec<crate::model::PortfolioIssue>,
}

/// One KSB's evidence, item by item, as an assessor opens it (`GET
/// /api/v1/learners/{id}/ksbs/{code}/evidence`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbEvidence {
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub standard: String,
    pub code: String,
    pub kind: crate::domain::standard_doc::KsbKind,
    pub text: String,
    pub mastery: f64,
    pub ready: bool,
    /// "quiz", "observed", "quiz + observed" or "none".
    pub evidence: String,
    /// A Skill or Behaviour with quiz answers only: nobody has seen it in practice yet.
    pub quiz_only: bool,
    /// Newest first.
    pub items: Vec<EvidenceItem>,
}

/// One piece of a KSB's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceItem {
    /// "answer", "observation", "job_evidence" or "confirmation".
    pub kind: String,
    /// RFC 3339: when it happened.
    pub at: String,
    /// The same in the apprentice's own time zone, as people read it ("7 December 2026, 18:05").
    pub when: String,
    /// Who saw it: the apprentice (their own answer), the mentor who signed it off, the line
    /// manager who confirmed it.
    pub by: String,
    /// What it is, e.g. the question asked, "Observed practice", the evidence's caption.
    pub title: String,
    /// The answer given, the mentor's notes, the line manager's note.
    pub detail: String,
    /// For an answer: whether it was right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    #[serde(default)]
    pub files: Vec<crate::model::EvidenceFile>,
    /// Its link on the learner's tamper-evident chain (position and hash); None for what is
    /// not on it yet (evidence from the job before the mentor signs it off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_hash: Option<String>,
}

/// The assessor's decision at the Gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GatewayVerdict {
    Ready,
    NotYet,
    /// The assessor asks the provider for more evidence before deciding.
    MoreEvidence,
}

impl GatewayVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayVerdict::Ready => "ready",
            GatewayVerdict::NotYet => "not_yet",
            GatewayVerdict::MoreEvidence => "more_evidence",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ready, Self::NotYet, Self::MoreEvidence]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            GatewayVerdict::Ready => "Ready for the Gateway",
            GatewayVerdict::NotYet => "Not yet",
            GatewayVerdict::MoreEvidence => "More evidence asked for",
        }
    }
}

/// Why, for one KSB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KsbReason {
    pub code: String,
    pub reason: String,
}

/// `POST /api/v1/learners/{id}/gateway-decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GatewayDecisionIn {
    pub decision: GatewayVerdict,
    /// KSB by KSB (required unless the decision is `ready`): what is missing or not yet
    /// good enough.
    #[serde(default)]
    pub reasons: Vec<KsbReason>,
    /// For the provider and the apprentice (2 000 characters at most).
    #[serde(default)]
    pub note: String,
}

/// A decision as recorded, with its place on the learner's evidence chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GatewayDecision {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub assessor_name: String,
    pub decision: GatewayVerdict,
    pub reasons: Vec<KsbReason>,
    pub note: String,
    /// RFC 3339.
    pub decided_at: String,
    /// The local date in the apprentice's time zone (`YYYY-MM-DD`).
    pub decided_on: String,
    pub chain_seq: Option<i64>,
}
