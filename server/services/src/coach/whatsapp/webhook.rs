//! Meta's webhook: the `GET` that registers it, and the signed `POST`s that bring learners'
//! messages and the delivery status of ours. A body whose `X-Hub-Signature-256` is not the
//! HMAC-SHA256 of its raw bytes with the app secret is refused before it is read.

use super::{opt_out, param, queue, Outgoing, WhatsApp};
use crate::coach::{self, Coach};
use crate::db::Db;
use crate::store::users;
use crate::store::whatsapp::{self as wa_store, MessageStatus};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{AskIn, CoachMessage};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// What a learner replies to stop every WhatsApp message.
const STOP_WORDS: [&str; 3] = ["stop", "unsubscribe", "stop all"];

/// The `GET` Meta sends when the webhook is registered: the challenge back if the token is ours.
pub fn verify<'a>(
    wa: &WhatsApp,
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&'a str>,
) -> Result<&'a str, AppError> {
    let ours = token.is_some_and(|t| constant_eq(t.as_bytes(), wa.verify_token.as_bytes()));
    match (mode, challenge) {
        (Some("subscribe"), Some(c)) if ours => Ok(c),
        _ => Err(AppError::new(
            ErrorCode::Forbidden,
            "That is not this webhook's verify token.",
        )),
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `header` (`sha256=<hex>`) signs `body` with `secret`.
pub fn signed(secret: &str, header: Option<&str>, body: &[u8]) -> bool {
    let Some(sig) = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Payload {
    object: String,
    entry: Vec<Entry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    changes: Vec<Change>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Change {
    field: String,
    value: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Value {
    metadata: Metadata,
    messages: Vec<Inbound>,
    statuses: Vec<Status>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Inbound {
    from: String,
    id: String,
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    text: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Text {
    body: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Status {
    id: String,
    status: String,
    errors: Vec<StatusError>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StatusError {
    code: i64,
    title: String,
}

/// What a webhook call did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Received {
    /// Learners' messages taken (each once, however often Meta delivers it).
    pub messages: usize,
    /// Messages from numbers no opted-in learner has: not stored, not answered.
    pub unknown: usize,
    pub statuses: usize,
}

/// A signed webhook `POST`.
pub async fn receive(
    db: &Db,
    coach: &Coach,
    wa: &WhatsApp,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<Received, AppError> {
    if !signed(&wa.app_secret, signature, body) {
        tracing::warn!("WhatsApp webhook with a bad or missing signature refused");
        return Err(AppError::new(
            ErrorCode::Unauthenticated,
            "The X-Hub-Signature-256 header does not sign this body.",
        ));
    }
    let payload: Payload = serde_json::from_slice(body)
        .map_err(|_| AppError::new(ErrorCode::BadRequest, "The body is not a webhook payload."))?;
    let mut done = Received::default();
    if payload.object != "whatsapp_business_account" {
        return Ok(done);
    }
    for change in payload.entry.iter().flat_map(|e| &e.changes) {
        if change.field != "messages" || change.value.metadata.phone_number_id != wa.phone_number_id
        {
            continue;
        }
        for s in &change.value.statuses {
            record_status(db, s, now).await?;
            done.statuses += 1;
        }
        for m in &change.value.messages {
            if take(db, coach, wa, m, now).await? {
                done.messages += 1;
            } else {
                done.unknown += 1;
            }
        }
    }
    Ok(done)
}

/// A delivery status of one of ours: it only moves forward (a late "delivered" after "read"
/// changes nothing), and a failure keeps Meta's reason.
async fn record_status(db: &Db, s: &Status, now: i64) -> Result<(), AppError> {
    let status = match MessageStatus::parse(&s.status) {
        Some(
            status @ (MessageStatus::Sent
            | MessageStatus::Delivered
            | MessageStatus::Read
            | MessageStatus::Failed),
        ) => status,
        _ => return Ok(()),
    };
    let mut conn = db.pool.acquire().await?;
    let current = wa_store::status_of_sent(&mut conn, &s.id).await?;
    let Some((current, user)) = current else {
        return Ok(());
    };
    if status.rank() <= current.rank() {
        return Ok(());
    }
    let error = s
        .errors
        .first()
        .map(|e| format!("code {}: {}", e.code, e.title));
    wa_store::delivery(&mut conn, &s.id, status, error.as_deref(), now).await?;
    if s.errors.iter().any(|e| e.code == 131_047) {
        wa_store::window_shut(&mut conn, user.as_deref()).await?;
    }
    Ok(())
}

/// A learner's message: STOP opts them out; anything else goes to the coach and its answer
/// back to them. Returns false (and stores nothing) for a number no opted-in learner has.
async fn take(
    db: &Db,
    coach: &Coach,
    wa: &WhatsApp,
    m: &Inbound,
    now: i64,
) -> Result<bool, AppError> {
    let phone = format!("+{}", m.from.trim_start_matches('+'));
    let mut conn = db.pool.acquire().await?;
    let owner = wa_store::opted_in_owner(&mut conn, &phone).await?;
    let Some(user_id) = owner else {
        tracing::info!("WhatsApp message from a number no learner opted in with: ignored");
        return Ok(false);
    };
    let text = m.text.as_ref().map(|t| t.body.trim()).unwrap_or_default();
    // Meta delivers at least once: the message id keeps it to once here.
    if !wa_store::received(&mut conn, &crate::new_id(), &user_id, &m.id, text, now).await? {
        return Ok(true);
    }
    if STOP_WORDS.contains(&text.to_lowercase().as_str()) {
        opt_out(&mut conn, &user_id, now).await?;
        return Ok(true);
    }
    // The window opens from when the learner wrote.
    let at = m
        .timestamp
        .parse::<i64>()
        .map(|s| (s * 1000).min(now))
        .unwrap_or(now);
    wa_store::window_opened(&mut conn, &user_id, at).await?;
    let Some(user) = users::find_by_id(&mut conn, &user_id).await? else {
        return Ok(true);
    };
    drop(conn);
    let reply = if m.kind != "text" || text.is_empty() {
        "I can only read text for now: type your question and I'll find the lesson that answers it."
            .to_owned()
    } else {
        let asked = AskIn {
            text: text.to_owned(),
            to_mentor: false,
            content_id: None,
        };
        match coach::ask(db, coach, &wa.public_url, &user, asked, "whatsapp", now).await {
            Ok(out) => as_text(&out.messages, &wa.public_url),
            Err(e) => e.message,
        }
    };
    let mut conn = db.pool.acquire().await?;
    queue(
        &mut conn,
        &user_id,
        Outgoing {
            text: reply,
            template: None,
        },
        now,
    )
    .await?;
    Ok(true)
}

/// The coach's replies as one WhatsApp text: each reply, its passage, and a link to the
/// lesson in the app.
pub fn as_text(messages: &[CoachMessage], site: &str) -> String {
    let parts: Vec<String> = messages
        .iter()
        .filter(|m| m.author != "learner")
        .map(|m| {
            let mut s = m.body.clone();
            if let Some(p) = &m.passage {
                s.push_str(&format!("\n\n\u{201c}{}\u{201d}", param(p)));
            }
            if let Some(l) = &m.lesson {
                s.push_str(&format!("\n\n\u{25b6} {}: {site}/coach", l.title));
            }
            s
        })
        .collect();
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_taken_only_with_the_signature_meta_makes_with_the_app_secret() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").expect("key");
        mac.update(body);
        let good = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(signed("s3cret", Some(&good), body));
        assert!(!signed("other", Some(&good), body));
        assert!(!signed("s3cret", Some(&good), b"{}"));
        assert!(!signed("s3cret", None, body));
        assert!(!signed("s3cret", Some("sha1=abc"), body));
    }
}
