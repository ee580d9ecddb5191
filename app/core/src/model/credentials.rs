//! What the public verify page says of an Open Badges 3.0 credential.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Signed by this provider's key and unchanged since.
    Valid,
    /// Genuine, but the provider revoked it.
    Revoked,
    /// Changed after signing, or not a credential this verifier can check.
    Invalid,
    /// Signed by someone this site does not know.
    UnknownIssuer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialCheck {
    pub verdict: Verdict,
    /// Why, in words, when it is not valid (and when revoked, the provider's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// As the credential states them (not trusted unless the verdict is valid or revoked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
    /// `validFrom`, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
}

/// A badge a learner was awarded, as the admin manages it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BadgeAward {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    /// The milestone's key, e.g. `first-mastered`.
    pub key: String,
    pub title: String,
    pub standard: String,
    /// What earned it.
    pub evidence: Vec<String>,
    /// RFC 3339.
    pub awarded_at: String,
    /// Signed credentials issued for it so far (downloads; a reinstated badge gets a new one).
    pub credentials: u32,
    /// Why it was revoked, and when (None: it stands).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<BadgeRevocation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BadgeRevocation {
    /// RFC 3339.
    pub at: String,
    pub reason: String,
}

/// `POST /api/v1/admin/badges/{id}/revoke`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BadgeRevokeIn {
    /// Why (the learner and the verify page are shown it; 500 characters at most).
    pub reason: String,
}
