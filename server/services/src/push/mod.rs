//! Web Push: nudges and alerts reach a phone with the app closed. A browser subscribes with
//! the server's VAPID public key; each message is encrypted for that browser alone
//! ([`encrypt`], RFC 8291), queued as a `push` job per subscription, and posted to the
//! browser's push service with a VAPID token ([`vapid`], RFC 8292) by the push worker
//! ([`send`]). A push service that answers 404 or 410 has dropped the subscription: it goes.

pub mod encrypt;
pub mod send;
pub mod vapid;

use crate::db::Db;
use crate::store::jobs::{self, JobKind};
use crate::store::push as store;
use crate::store::users::User;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use flowline_core::error::AppError;
use flowline_core::model::PushSubscriptionIn;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
pub use vapid::Vapid;

/// What a notification says, and where tapping it goes (a path on this site).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub title: String,
    pub body: String,
    pub url: String,
    /// Notifications with the same tag replace each other on the phone.
    pub tag: String,
}

/// A queued push: which subscription, what, and how urgent.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Task {
    subscription: String,
    message: Message,
    urgent: bool,
}

/// The server's key: the stored one, or a new one stored now (the first instance to start
/// stores it; the others read it back).
pub async fn ensure_key(db: &Db, subject: &str, now: i64) -> Result<Vapid, AppError> {
    let mut conn = db.pool.acquire().await?;
    if store::key(&mut conn).await?.is_none() {
        let (vapid, secret) = Vapid::generate(subject);
        store::insert_key(&mut conn, &hex::encode(secret), &vapid.public_key, now).await?;
    }
    let (secret, _) = store::key(&mut conn)
        .await?
        .ok_or_else(|| AppError::internal("the push key was not stored"))?;
    let bytes = hex::decode(secret).map_err(AppError::internal)?;
    Vapid::from_secret(&bytes, subject)
        .ok_or_else(|| AppError::internal("the stored push key is not a P-256 key"))
}

fn key_bytes(field: &str, value: &str, len: usize) -> Result<Vec<u8>, AppError> {
    let trimmed = value.trim().trim_end_matches('=');
    URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| URL_SAFE.decode(value.trim()))
        .ok()
        .filter(|b| b.len() == len)
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!("This is not a browser's push key ({len} bytes, base64url)."),
            )
        })
}

/// A push service address: https (http only on this machine, for development and tests).
fn endpoint_ok(endpoint: &str) -> bool {
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    endpoint.len() <= 1024
        && (endpoint.starts_with("https://") || loopback.iter().any(|p| endpoint.starts_with(p)))
}

/// Saves this browser's subscription for the signed-in person.
pub async fn subscribe(
    db: &Db,
    user: &User,
    input: &PushSubscriptionIn,
    device: &str,
    now: i64,
) -> Result<(), AppError> {
    if !endpoint_ok(input.endpoint.trim()) {
        return Err(AppError::invalid(
            "endpoint",
            "This is not a push service address (it must start with https://).",
        ));
    }
    key_bytes("keys.p256dh", &input.keys.p256dh, 65)?;
    key_bytes("keys.auth", &input.keys.auth, 16)?;
    let mut conn = db.pool.acquire().await?;
    store::upsert(
        &mut conn,
        &store::NewSubscription {
            id: &crate::new_id(),
            user_id: &user.id,
            endpoint: input.endpoint.trim(),
            p256dh: input.keys.p256dh.trim(),
            auth: input.keys.auth.trim(),
            device: &device.chars().take(200).collect::<String>(),
            now,
        },
    )
    .await?;
    tracing::info!(user = %user.id, "push subscription saved");
    Ok(())
}

/// Forgets this browser's subscription (notifications turned off).
pub async fn unsubscribe(db: &Db, user: &User, endpoint: &str) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    store::delete_for(&mut conn, &user.id, endpoint.trim()).await?;
    Ok(())
}

/// Queues `message` to every browser of `user_id`, in the caller's transaction; `key` makes
/// queueing it twice a no-op. Returns how many browsers it goes to.
pub async fn queue(
    conn: &mut AnyConnection,
    user_id: &str,
    message: &Message,
    key: &str,
    urgent: bool,
    now: i64,
) -> Result<usize, AppError> {
    let ids = store::ids_of(&mut *conn, user_id).await?;
    for id in &ids {
        let task = Task {
            subscription: id.clone(),
            message: message.clone(),
            urgent,
        };
        let payload = serde_json::to_string(&task).map_err(AppError::internal)?;
        jobs::enqueue(
            &mut *conn,
            JobKind::Push,
            &format!("{key}:{id}"),
            &payload,
            now,
        )
        .await?;
    }
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_push_service_addresses_are_taken() {
        assert!(endpoint_ok("https://fcm.googleapis.com/fcm/send/abc"));
        assert!(endpoint_ok("http://127.0.0.1:4000/push/1"));
        assert!(!endpoint_ok("http://evil.example/push"));
        assert!(!endpoint_ok("javascript:alert(1)"));
    }

    #[test]
    fn keys_are_base64url_with_or_without_padding() {
        assert_eq!(
            key_bytes("k", &URL_SAFE_NO_PAD.encode([1u8; 16]), 16)
                .expect("ok")
                .len(),
            16
        );
        assert_eq!(
            key_bytes("k", &URL_SAFE.encode([1u8; 16]), 16)
                .expect("ok")
                .len(),
            16
        );
        assert_eq!(
            key_bytes("k", "short", 16)
                .expect_err("bad")
                .field
                .as_deref(),
            Some("k")
        );
    }
}
