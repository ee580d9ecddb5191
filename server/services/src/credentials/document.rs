//! The OpenBadgeCredential of a milestone award (OB 3.0 on the VC 2.0 data model), before it
//! is signed.

use super::canon::{CREDENTIALS_V2, OB_V3P0};
use crate::evidence::portfolio::Issuer;
use crate::store::milestones::AwardRow;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// This provider as an issuer: its profile's URL is its id.
pub fn issuer_id(site: &str) -> String {
    format!("{site}/issuers/flowline")
}

/// Where a key's document is served; also the proofs' `verificationMethod`.
pub fn key_url(site: &str, key_id: &str) -> String {
    format!("{}/keys/{key_id}", issuer_id(site))
}

pub fn status_list_url(site: &str) -> String {
    format!("{site}/credentials/status/revocation")
}

/// The public profile of the issuer.
pub fn issuer_profile(issuer: &Issuer<'_>) -> Value {
    json!({
        "id": issuer_id(issuer.site),
        "type": ["Profile"],
        "name": issuer.provider,
        "url": issuer.site,
    })
}

/// An RFC 3339 UTC time, to the second, as credentials write it.
pub fn datetime(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

pub struct Subject<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub standard_title: &'a str,
}

/// What a milestone asks, in words, naming the KSBs and the standard.
fn criteria(award: &AwardRow, subject: &Subject<'_>) -> String {
    let how = match award.milestone_key.as_str() {
        k if k.starts_with("streak:") => {
            "Awarded for learning on that many days in a row in Flowline.".to_owned()
        }
        "first-mastered" => "Awarded when the first KSB of the standard reached 80 % mastery, \
                             measured from the apprentice's answers by Flowline's engine."
            .to_owned(),
        k if k.ends_with(":novice") => {
            "Awarded when every KSB of the group was started and each reached 40 % mastery."
                .to_owned()
        }
        k if k.ends_with(":adept") => "Awarded when every KSB of the group reached 80 % mastery \
                                       and, for skills and behaviours, a mentor observed it."
            .to_owned(),
        _ => "Awarded when the group was held at Adept through two spaced reviews with no lapse."
            .to_owned(),
    };
    format!(
        "{how} Standard: {} {}. Evidence: {}.",
        award.standard,
        subject.standard_title,
        evidence_of(award).join(", ")
    )
}

fn evidence_of(award: &AwardRow) -> Vec<String> {
    serde_json::from_str(&award.evidence).unwrap_or_default()
}

/// The unsigned credential for `award`, as credential `id` with status-list bit `index`.
pub fn unsigned(
    award: &AwardRow,
    subject: &Subject<'_>,
    issuer: &Issuer<'_>,
    id: &str,
    index: i64,
) -> Value {
    // The learner is named, and identified by a salted hash of their e-mail (OB 3.0
    // IdentityObject), so an employer can match it to the address they were given.
    let salt = &id[id.len().saturating_sub(12)..];
    let hash = Sha256::digest(format!("{}{salt}", subject.email.to_lowercase()).as_bytes());
    let status = status_list_url(issuer.site);
    json!({
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": format!("urn:uuid:{id}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(issuer),
        "validFrom": datetime(award.awarded_at),
        "name": award.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": subject.name,
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": true,
                "identityHash": format!("sha256${}", hex::encode(hash)),
                "salt": salt,
            }],
            "achievement": {
                "id": format!("{}/achievements/{}/{}", issuer.site, award.standard,
                    award.milestone_key.replace(':', "-")),
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": award.title,
                "description": format!("{} on {} {}, earned in Flowline.", award.title,
                    award.standard, subject.standard_title),
                "criteria": { "narrative": criteria(award, subject) },
                "creator": issuer_profile(issuer),
            },
        },
        "evidence": evidence_of(award).iter().map(|e| json!({
            "type": ["Evidence"],
            "name": e,
            "narrative": format!("{e}, from the apprentice's answers and mentors' observations in \
                Flowline's interaction log on {}.", datetime(award.awarded_at)),
        })).collect::<Vec<_>>(),
        "credentialStatus": {
            "id": format!("{status}#{index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": index.to_string(),
            "statusListCredential": status,
        },
    })
}
