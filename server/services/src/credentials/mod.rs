//! Open Badges 3.0: milestone awards issued as signed `OpenBadgeCredential`s that the learner
//! owns, verified here without sign-in, revocable by an admin through a Bitstring Status List.
//! The issuer's Ed25519 key is made on first start and can be rotated; every key ever used
//! stays published, so what it signed still verifies.

pub mod badges;
pub mod canon;
pub mod document;
pub mod proof;
pub mod status;
pub mod verify;

use crate::db::Db;
use crate::evidence::portfolio::Issuer;
use crate::store::credentials::{self as store, CredentialRow, KeyRow};
use crate::store::milestones;
use crate::store::users::User;
use ed25519_dalek::SigningKey;
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use rand::RngCore;
use serde_json::Value;
use sqlx::AnyConnection;

fn signing_key(k: &KeyRow) -> Result<SigningKey, AppError> {
    let seed: [u8; 32] = hex::decode(&k.secret_seed)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| AppError::new(ErrorCode::Internal, "The issuer key is damaged."))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn new_key(now: i64) -> KeyRow {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    KeyRow {
        id: crate::new_id(),
        public_key: proof::multibase_key(&key.verifying_key()),
        secret_seed: hex::encode(seed),
        created_at: now,
        retired_at: None,
    }
}

/// The key new credentials are signed with, made if there is none yet (first start).
pub async fn ensure_key(db: &Db, now: i64) -> Result<KeyRow, AppError> {
    let mut tx = db.begin_write().await?;
    let key = match store::active_key(&mut tx).await? {
        Some(k) => k,
        None => {
            let k = new_key(now);
            store::insert_key(&mut tx, &k).await?;
            tracing::info!(key = %k.id, "issuer key created");
            k
        }
    };
    tx.commit().await?;
    Ok(key)
}

/// An admin replaces the signing key: new credentials use the new one, the old one is
/// retired but still published for what it signed.
pub async fn rotate_key(db: &Db, caller: &User, now: i64) -> Result<KeyRow, AppError> {
    if caller.role != Role::Admin {
        return Err(AppError::forbidden());
    }
    let k = new_key(now);
    let mut tx = db.begin_write().await?;
    store::insert_key(&mut tx, &k).await?;
    store::retire_others(&mut tx, &k.id, now).await?;
    tx.commit().await?;
    tracing::info!(key = %k.id, by = %caller.id, "issuer key rotated");
    Ok(k)
}

/// The public document of a key (a Multikey), if it is one of ours.
pub async fn key_document(db: &Db, site: &str, id: &str) -> Result<Value, AppError> {
    let mut conn = db.pool.acquire().await?;
    let k = store::key(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Key"))?;
    let mut doc = serde_json::json!({
        "@context": MULTIKEY_V1,
        "id": document::key_url(site, &k.id),
        "type": "Multikey",
        "controller": document::issuer_id(site),
        "publicKeyMultibase": k.public_key,
    });
    if let Some(at) = k.retired_at {
        doc["expires"] = Value::String(document::datetime(at));
    }
    Ok(doc)
}

/// The context of a `Multikey` verification method.
const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";

/// The issuer's public profile, with its keys: an OB 3.0 `Profile` that is also the keys'
/// controller document (`assertionMethod` lists every key whose signatures it stands by, the
/// retired ones too, so what they signed still verifies).
pub async fn profile(db: &Db, issuer: &Issuer<'_>) -> Result<Value, AppError> {
    let mut conn = db.pool.acquire().await?;
    let keys = store::keys(&mut conn).await?;
    let mut p = document::issuer_profile(issuer);
    p["@context"] = serde_json::json!([
        canon::CREDENTIALS_V2,
        canon::OB_V3P0,
        MULTIKEY_V1,
        {
            "assertionMethod": {"@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set"},
            "verificationMethod": {"@id": "https://w3id.org/security#verificationMethod", "@type": "@id", "@container": "@set"},
        },
    ]);
    let ids: Vec<String> = keys
        .iter()
        .map(|k| document::key_url(issuer.site, &k.id))
        .collect();
    p["verificationMethod"] = keys
        .iter()
        .zip(&ids)
        .map(|(k, id)| {
            serde_json::json!({
                "id": id,
                "type": "Multikey",
                "controller": document::issuer_id(issuer.site),
                "publicKeyMultibase": k.public_key,
            })
        })
        .collect();
    p["assertionMethod"] = serde_json::json!(ids);
    Ok(p)
}

async fn standard_title(conn: &mut AnyConnection, reference: &str) -> Result<String, AppError> {
    Ok(crate::store::standards::title_of(conn, reference)
        .await?
        .unwrap_or_default())
}

/// The learner's credential for their milestone `key`, issued (signed) the first time it is
/// asked for and served as issued after that.
pub async fn for_milestone(
    db: &Db,
    learner: &User,
    key: &str,
    issuer: &Issuer<'_>,
    now: i64,
) -> Result<CredentialRow, AppError> {
    let mut conn = db.pool.acquire().await?;
    let award = milestones::of_learner(&mut conn, &learner.learner_id())
        .await?
        .into_iter()
        .find(|a| a.milestone_key == key)
        .ok_or_else(|| AppError::not_found("Badge"))?;
    if let Some(refusal) = badges::refused(&award) {
        return Err(refusal);
    }
    if let Some(c) = store::by_award(&mut conn, &award.id).await? {
        return Ok(c);
    }
    let title = standard_title(&mut conn, &award.standard).await?;
    drop(conn);
    let key_row = ensure_key(db, now).await?;
    let signer = signing_key(&key_row)?;
    let mut tx = db.begin_write().await?;
    // Revoked since it was read: refused with the reason.
    if !milestones::hold_standing(&mut tx, &award.id).await? {
        let now_revoked = milestones::by_id(&mut tx, &award.id).await?;
        return Err(now_revoked
            .as_ref()
            .and_then(badges::refused)
            .unwrap_or_else(|| AppError::not_found("Badge")));
    }
    if let Some(c) = store::by_award(&mut tx, &award.id).await? {
        return Ok(c);
    }
    let id = crate::new_id();
    let index = store::next_status_index(&mut tx).await?;
    let subject = document::Subject {
        name: &learner.display_name,
        email: &learner.email,
        standard_title: &title,
    };
    let mut doc = document::unsigned(&award, &subject, issuer, &id, index);
    let proof = proof::sign(
        &doc,
        &signer,
        &document::key_url(issuer.site, &key_row.id),
        &document::datetime(now),
    )
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("Could not sign: {e}")))?;
    doc["proof"] = Value::Array(vec![proof]);
    let row = CredentialRow {
        id,
        award_id: award.id.clone(),
        learner_id: learner.learner_id(),
        key_id: key_row.id.clone(),
        status_index: index,
        document: serde_json::to_string_pretty(&doc).unwrap_or_default(),
        issued_at: now,
        revoked_at: None,
        revoked_reason: None,
    };
    store::insert(&mut tx, &row).await?;
    tx.commit().await?;
    tracing::info!(learner = %learner.id, credential = %row.id, "credential issued");
    Ok(row)
}

/// An admin revokes a credential issued in error, by the credential's id: its badge is
/// revoked with it (see [`badges`]); verification says so from then on.
pub async fn revoke(
    db: &Db,
    caller: &User,
    id: &str,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    if caller.role != Role::Admin {
        return Err(AppError::forbidden());
    }
    let id = id.strip_prefix("urn:uuid:").unwrap_or(id);
    let mut tx = db.begin_write().await?;
    let credential = store::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("Credential"))?;
    let reason = badges::reason_of(reason)?;
    if credential.revoked_at.is_some() {
        return Err(AppError::conflict(
            "id",
            "This credential is already revoked.",
        ));
    }
    store::revoke(&mut tx, id, &caller.id, reason, now).await?;
    badges::revoke_in(&mut tx, &credential.award_id, &caller.id, reason, now).await?;
    tx.commit().await?;
    tracing::info!(credential = %id, by = %caller.id, "credential revoked");
    Ok(())
}
