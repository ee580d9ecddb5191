//! The push worker's half: takes the next queued push, encrypts it for its browser and posts it
//! to the browser's push service (RFC 8030) with a VAPID token. 201 or 202: delivered to the
//! service. 404 or 410: the browser unsubscribed; the subscription goes. 429 and 5xx: later
//! (the service's `Retry-After` when it gives one). Anything else fails for good, with the
//! service's answer kept for admins.

use super::encrypt::{encrypt, Receiver};
use super::{Task, Vapid};
use crate::db::Db;
use crate::store::jobs::{self, JobKind};
use crate::store::push as store;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use flowline_core::error::AppError;
use std::time::Duration;

/// How long a push service keeps a message for a phone that is off (a nudge is stale after
/// a day; an alert is urgent).
const TTL_S: u32 = 24 * 3600;

/// What one turn did.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    Idle,
    Delivered,
    /// The browser had unsubscribed: the subscription was removed.
    Gone,
    Later(String),
    Failed(String),
}

pub struct Sender {
    pub vapid: Vapid,
    client: reqwest::Client,
}

fn b64(value: &str) -> Option<Vec<u8>> {
    let v = value.trim();
    URL_SAFE_NO_PAD
        .decode(v.trim_end_matches('='))
        .or_else(|_| URL_SAFE.decode(v))
        .ok()
}

impl Sender {
    pub fn new(vapid: Vapid) -> Self {
        Sender {
            vapid,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
        }
    }

    /// Sends one queued push, if there is one.
    pub async fn send_next(&self, db: &Db, now: i64) -> Result<Sent, AppError> {
        let mut conn = db.pool.acquire().await?;
        let Some(job) = jobs::claim(&mut conn, JobKind::Push, now).await? else {
            return Ok(Sent::Idle);
        };
        let task: Task = match serde_json::from_str(&job.payload) {
            Ok(t) => t,
            Err(e) => {
                jobs::fail(&mut conn, &job, &format!("unreadable push: {e}"), None, now).await?;
                return Ok(Sent::Failed(e.to_string()));
            }
        };
        let Some(sub) = store::by_id(&mut conn, &task.subscription).await? else {
            jobs::complete(&mut conn, &job, now).await?;
            return Ok(Sent::Gone);
        };
        drop(conn);
        let outcome = self.post(&sub, &task).await;
        let mut conn = db.pool.acquire().await?;
        match outcome {
            Answer::Delivered => {
                store::mark_sent(&mut conn, &sub.id, now).await?;
                jobs::complete(&mut conn, &job, now).await?;
                Ok(Sent::Delivered)
            }
            Answer::Gone => {
                store::delete(&mut conn, &sub.id).await?;
                jobs::complete(&mut conn, &job, now).await?;
                tracing::info!(subscription = %sub.id, "the browser unsubscribed: subscription removed");
                Ok(Sent::Gone)
            }
            Answer::Later(after_ms, why) => {
                let last = job.attempts >= JobKind::Push.max_attempts();
                jobs::fail(&mut conn, &job, &why, Some(after_ms), now).await?;
                Ok(if last {
                    Sent::Failed(why)
                } else {
                    Sent::Later(why)
                })
            }
            Answer::Refused(why) => {
                tracing::warn!(subscription = %sub.id, error = %why, "push refused");
                jobs::fail(&mut conn, &job, &why, None, now).await?;
                Ok(Sent::Failed(why))
            }
        }
    }

    async fn post(&self, sub: &store::SubscriptionRow, task: &Task) -> Answer {
        let (Some(p256dh), Some(auth)) = (b64(&sub.p256dh), b64(&sub.auth)) else {
            return Answer::Gone;
        };
        let payload = match serde_json::to_vec(&task.message) {
            Ok(p) => p,
            Err(e) => return Answer::Refused(e.to_string()),
        };
        let body = match encrypt(
            &Receiver {
                p256dh: &p256dh,
                auth: &auth,
            },
            &payload,
        ) {
            Ok(b) => b,
            Err(e) => return Answer::Refused(e.to_string()),
        };
        // The token is checked by the push service against its clock: the wall clock, not
        // the one a story may have fixed.
        let Some(authorization) = self.vapid.authorization(&sub.endpoint, crate::now_ms()) else {
            return Answer::Gone;
        };
        let res = self
            .client
            .post(&sub.endpoint)
            .header("authorization", authorization)
            .header("ttl", TTL_S.to_string())
            .header("urgency", if task.urgent { "high" } else { "normal" })
            .header("topic", topic(&task.message.tag))
            .header("content-encoding", "aes128gcm")
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await;
        let res = match res {
            Ok(r) => r,
            Err(e) => return Answer::Later(60_000, format!("push service unreachable: {e}")),
        };
        let status = res.status().as_u16();
        let retry_after = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| s.clamp(1, 3600) * 1000);
        let text = res.text().await.unwrap_or_default();
        let said: String = text.chars().take(300).collect();
        match status {
            200..=202 => Answer::Delivered,
            404 | 410 => Answer::Gone,
            429 | 500..=599 => Answer::Later(
                retry_after.unwrap_or(60_000),
                format!("push service answered {status}: {said}"),
            ),
            _ => Answer::Refused(format!("push service answered {status}: {said}")),
        }
    }
}

enum Answer {
    Delivered,
    Gone,
    Later(i64, String),
    Refused(String),
}

/// A `Topic` header (RFC 8030 §5.4: at most 32 base64url characters) from a tag: a newer
/// message with the same topic replaces an undelivered older one.
fn topic(tag: &str) -> String {
    let t: String = tag
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(32)
        .collect();
    if t.is_empty() {
        "flowline".to_owned()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_is_short_and_url_safe() {
        assert_eq!(topic("nudge:2026-12-07"), "nudge2026-12-07");
        assert_eq!(topic(""), "flowline");
        assert_eq!(topic(&"x".repeat(50)).len(), 32);
    }
}
