//! Verifying a credential someone pasted, uploaded or reached by a QR code, without sign-in:
//! the proof, the key it names (ours, or we say we do not know the issuer), and the status
//! list bit (revoked or not).

use super::{document, proof};
use crate::db::Db;
use crate::evidence::portfolio::Issuer;
use crate::store::credentials as store;
use flowline_core::error::AppError;
use flowline_core::model::{CredentialCheck, Verdict};
use serde_json::Value;

/// Far more than any badge credential (a few kB).
const MAX_BYTES: usize = 512 * 1024;

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

fn has_type(v: &Value, t: &str) -> bool {
    match v.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(t)),
        _ => false,
    }
}

/// What the credential says of itself (trusted only once the verdict is in).
fn stated(doc: &Value) -> CredentialCheck {
    let issuer = doc.get("issuer");
    let subject = doc.get("credentialSubject");
    CredentialCheck {
        verdict: Verdict::Invalid,
        reason: None,
        issuer: text(issuer.and_then(|i| i.get("name"))).or_else(|| text(issuer)),
        learner: text(subject.and_then(|s| s.get("name"))),
        achievement: text(
            subject
                .and_then(|s| s.get("achievement"))
                .and_then(|a| a.get("name")),
        ),
        criteria: text(
            subject
                .and_then(|s| s.get("achievement"))
                .and_then(|a| a.get("criteria"))
                .and_then(|c| c.get("narrative")),
        ),
        issued: text(doc.get("validFrom")),
        credential_id: text(doc.get("id")),
    }
}

fn issuer_id_of(doc: &Value) -> Option<String> {
    let issuer = doc.get("issuer")?;
    text(issuer.get("id")).or_else(|| text(Some(issuer)))
}

/// Reads `body` as a credential and checks it. Text that is not JSON is a bad request (with
/// where it breaks); JSON that is not a credential we can check is an invalid verdict.
pub async fn check_text(
    db: &Db,
    issuer: &Issuer<'_>,
    body: &str,
) -> Result<CredentialCheck, AppError> {
    if body.trim().is_empty() {
        return Err(AppError::bad_request(
            "Paste the credential's JSON or upload its .json file first.",
        ));
    }
    if body.len() > MAX_BYTES {
        return Err(AppError::bad_request(format!(
            "That file is {} kB: a badge credential is a few kB. Upload the .json file \
             Flowline gave you.",
            body.len() / 1024
        )));
    }
    let doc: Value = serde_json::from_str(body).map_err(|e| {
        AppError::bad_request(format!(
            "That is not a credential file: it is not JSON ({e}). Paste or upload the .json \
             file as it was downloaded."
        ))
    })?;
    check(db, issuer, &doc).await
}

/// A credential this site issued, by its id (with or without `urn:uuid:`): the check, and
/// the credential as issued.
pub async fn check_stored(
    db: &Db,
    issuer: &Issuer<'_>,
    id: &str,
) -> Result<(CredentialCheck, Value), AppError> {
    let id = id.trim();
    let id = id.strip_prefix("urn:uuid:").unwrap_or(id);
    let row = {
        let mut conn = db.pool.acquire().await?;
        store::by_id(&mut conn, id).await?
    }
    .ok_or_else(|| AppError::not_found("Credential"))?;
    if row.document.is_empty() {
        // Its holder's account was erased: the signed document (which named them) is gone.
        let mut out = stated(&Value::Null);
        out.verdict = Verdict::Revoked;
        out.reason = row.revoked_reason.clone();
        out.credential_id = Some(format!("urn:uuid:{}", row.id));
        return Ok((out, Value::Null));
    }
    let credential: Value = serde_json::from_str(&row.document).unwrap_or_default();
    Ok((check(db, issuer, &credential).await?, credential))
}

pub async fn check(db: &Db, issuer: &Issuer<'_>, doc: &Value) -> Result<CredentialCheck, AppError> {
    let mut out = stated(doc);
    let verdict = |mut out: CredentialCheck, v: Verdict, why: String| {
        out.verdict = v;
        out.reason = Some(why);
        Ok(out)
    };
    if !doc.is_object() || !has_type(doc, "VerifiableCredential") {
        return verdict(
            out,
            Verdict::Invalid,
            "It is not a Verifiable Credential.".into(),
        );
    }
    if !has_type(doc, "OpenBadgeCredential") && !has_type(doc, "AchievementCredential") {
        return verdict(
            out,
            Verdict::Invalid,
            "It is not an Open Badges credential.".into(),
        );
    }
    let proofs: Vec<&Value> = match doc.get("proof") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => Vec::new(),
    };
    let Some(proof_value) = proofs
        .iter()
        .copied()
        .find(|p| p.get("cryptosuite").and_then(Value::as_str) == Some(proof::CRYPTOSUITE))
    else {
        return verdict(
            out,
            Verdict::Invalid,
            "It carries no eddsa-rdfc-2022 proof, so its signature cannot be checked.".into(),
        );
    };
    let method = text(proof_value.get("verificationMethod")).unwrap_or_default();
    let ours = format!(
        "{}/",
        document::key_url(issuer.site, "").trim_end_matches('/')
    );
    let key_id = method.strip_prefix(&ours).unwrap_or_default();
    let key = if key_id.is_empty() {
        None
    } else {
        let mut conn = db.pool.acquire().await?;
        store::key(&mut conn, key_id).await?
    };
    let Some(key) = key else {
        let named = out.issuer.clone().unwrap_or_else(|| "someone else".into());
        return verdict(
            out,
            Verdict::UnknownIssuer,
            format!(
                "It was signed by {named} (key {method}), not by {}: this site cannot vouch for it.",
                issuer.provider
            ),
        );
    };
    if issuer_id_of(doc).as_deref() != Some(document::issuer_id(issuer.site).as_str()) {
        return verdict(
            out,
            Verdict::Invalid,
            "Its issuer is not the owner of the key that signed it.".into(),
        );
    }
    let Some(public) = proof::key_from_multibase(&key.public_key) else {
        return verdict(
            out,
            Verdict::Invalid,
            "The signing key cannot be read.".into(),
        );
    };
    if let Err(broken) = proof::check(doc, proof_value, &public).await {
        return verdict(out, Verdict::Invalid, format!("Not genuine: {broken}."));
    }
    // Genuine: now, is it still standing? Its bit in our status list says (the list's set
    // bits are exactly the revoked indexes, so read those rather than encode the list).
    let entry = doc.get("credentialStatus");
    let index =
        text(entry.and_then(|e| e.get("statusListIndex"))).and_then(|i| i.parse::<i64>().ok());
    if let Some(index) = index {
        let mut conn = db.pool.acquire().await?;
        if store::revoked_indexes(&mut conn).await?.contains(&index) {
            let id = out
                .credential_id
                .as_deref()
                .and_then(|i| i.strip_prefix("urn:uuid:"))
                .unwrap_or_default()
                .to_owned();
            let why = store::by_id(&mut conn, &id)
                .await?
                .and_then(|c| c.revoked_reason)
                .unwrap_or_else(|| "no reason given".into());
            return verdict(
                out,
                Verdict::Revoked,
                format!("{} revoked it: {why}", issuer.provider),
            );
        }
    }
    out.verdict = Verdict::Valid;
    Ok(out)
}
