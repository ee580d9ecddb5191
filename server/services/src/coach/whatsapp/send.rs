//! Sending queued WhatsApp messages through the Graph API: text inside the learner's 24-hour
//! window, the kind's template outside it; what Meta refuses for a reason that another try
//! will not change (policy, a bad template, an unknown number) is failed for good, a rate
//! limit waits as long as Meta asks, anything else is retried with back-off.

use super::{choice, WhatsApp, WINDOW_MS};
use crate::db::Db;
use crate::store::jobs::{self, JobKind};
use crate::store::whatsapp::{self as wa_store, Message as Row, MessageStatus};
use flowline_core::error::AppError;
use serde_json::{json, Value};

/// Stands for the site's address in a queued text (the nudge job does not know it).
pub const SITE: &str = "{site}";

/// Free-form text stops this long before the window closes (a message in flight must land
/// inside it).
const WINDOW_MARGIN_MS: i64 = 5 * 60_000;

/// What one sender turn did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Idle,
    /// Accepted by Meta (our message id, Meta's `wamid`).
    Accepted(String, String),
    /// Not sent, and never will be (opted out, outside the window with no template, refused).
    Dropped(String),
    /// To be tried again later.
    Later(String),
}

/// How Meta answered a send.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Accepted(String),
    /// Try again after this long.
    Retry(i64, String),
    /// Meta says the 24-hour window is closed: send the template instead, if there is one.
    WindowClosed(String),
    Refused(String),
}

/// Meta's error codes that another try will not fix (policy, templates, recipients).
fn final_code(code: i64) -> bool {
    matches!(
        code,
        100 | 368
            | 470
            | 131_008
            | 131_009
            | 131_021
            | 131_026
            | 131_031
            | 131_042
            | 131_045
            | 131_051
            | 131_052
            | 131_053
    ) || (132_000..133_000).contains(&code)
}

/// Meta's codes for "too many, slow down" (besides HTTP 429).
fn rate_code(code: i64) -> bool {
    matches!(code, 4 | 80_007 | 130_429 | 131_048 | 131_056)
}

fn classify(status: u16, retry_after_s: Option<i64>, body: &Value, attempt: i64) -> Answer {
    if (200..300).contains(&status) {
        return match body["messages"][0]["id"].as_str() {
            Some(id) => Answer::Accepted(id.to_owned()),
            None => Answer::Retry(backoff(attempt), "no message id in Meta's answer".into()),
        };
    }
    let code = body["error"]["code"].as_i64().unwrap_or_default();
    let what = format!(
        "HTTP {status}, code {code}: {}",
        body["error"]["message"].as_str().unwrap_or("no message")
    );
    if status == 429 || rate_code(code) {
        // Never straight back: as long as Meta says, and at least a quarter of an hour.
        let wait = retry_after_s.map_or(0, |s| s * 1000).max(15 * 60_000) * attempt;
        return Answer::Retry(wait, what);
    }
    if code == 131_047 {
        return Answer::WindowClosed(what);
    }
    if final_code(code) || (400..500).contains(&status) && ![401, 408].contains(&status) {
        return Answer::Refused(what);
    }
    Answer::Retry(backoff(attempt), what)
}

/// 1, 4, 16… minutes.
fn backoff(attempt: i64) -> i64 {
    60_000 * 4_i64.pow(u32::try_from(attempt.clamp(1, 6) - 1).unwrap_or(0))
}

/// The request body Meta's `/messages` takes, for a text or a template.
fn request(wa: &WhatsApp, to: &str, row: &Row, as_template: Option<&str>) -> Value {
    let to = to.trim_start_matches('+');
    match as_template {
        None => json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": true, "body": row.body.replace(SITE, &wa.public_url)},
        }),
        Some(name) => {
            let params: Vec<String> = row
                .params
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .unwrap_or_default();
            let parameters: Vec<Value> = params
                .iter()
                .map(|p| json!({"type": "text", "text": p}))
                .collect();
            json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": {
                    "name": name,
                    "language": {"policy": "deterministic", "code": wa.language},
                    "components": [{"type": "body", "parameters": parameters}],
                },
            })
        }
    }
}

async fn post(client: &reqwest::Client, wa: &WhatsApp, body: &Value, attempt: i64) -> Answer {
    let url = format!("{}/{}/messages", wa.base_url, wa.phone_number_id);
    let res = client
        .post(url)
        .bearer_auth(&wa.access_token)
        .json(body)
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await;
    match res {
        Err(e) => Answer::Retry(backoff(attempt), format!("Graph API unreachable: {e}")),
        Ok(res) => {
            let status = res.status().as_u16();
            let retry_after = res
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let body: Value = res.json().await.unwrap_or_default();
            classify(status, retry_after, &body, attempt)
        }
    }
}

async fn mark(
    db: &Db,
    id: &str,
    status: MessageStatus,
    kind: Option<&str>,
    wa_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    wa_store::mark(&mut conn, id, status, kind, wa_id, error, now).await
}

/// Claims the next queued WhatsApp message and sends it.
pub async fn send_next(
    db: &Db,
    wa: &WhatsApp,
    client: &reqwest::Client,
    now: i64,
) -> Result<Sent, AppError> {
    let mut conn = db.pool.acquire().await?;
    let Some(job) = jobs::claim(&mut conn, JobKind::WhatsApp, now).await? else {
        return Ok(Sent::Idle);
    };
    let row = wa_store::message(&mut conn, &job.payload).await?;
    let Some(row) = row.filter(|r| r.status == MessageStatus::Queued) else {
        jobs::complete(&mut conn, &job, now).await?;
        return Ok(Sent::Dropped(job.payload));
    };
    let who = choice(&mut conn, row.user_id.as_deref().unwrap_or_default()).await?;
    drop(conn);
    let (Some(phone), true) = (who.phone.clone(), who.opted_in()) else {
        return finish(
            db,
            &job,
            &row,
            MessageStatus::Skipped,
            "not opted in".into(),
            now,
        )
        .await;
    };
    let open = who
        .last_inbound_at
        .is_some_and(|at| now - at < WINDOW_MS - WINDOW_MARGIN_MS);
    let template = row
        .template
        .as_deref()
        .and_then(|kind| wa.templates.get(kind))
        .map(String::as_str);
    let as_template = match (open, template) {
        (true, _) => None,
        (false, Some(name)) => Some(name),
        (false, None) => {
            return finish(
                db,
                &job,
                &row,
                MessageStatus::Skipped,
                "outside the 24-hour window, and no template for it".into(),
                now,
            )
            .await;
        }
    };
    let body = request(wa, &phone, &row, as_template);
    let kind = if as_template.is_some() {
        "template"
    } else {
        "text"
    };
    match post(client, wa, &body, job.attempts).await {
        Answer::Accepted(wamid) => {
            mark(
                db,
                &row.id,
                MessageStatus::Sent,
                Some(kind),
                Some(&wamid),
                None,
                now,
            )
            .await?;
            let mut conn = db.pool.acquire().await?;
            jobs::complete(&mut conn, &job, now).await?;
            tracing::info!(message = %row.id, kind, "WhatsApp message accepted");
            Ok(Sent::Accepted(row.id, wamid))
        }
        Answer::WindowClosed(why) => {
            // Meta knows best: the window is shut, so the next try goes as a template.
            let mut conn = db.pool.acquire().await?;
            wa_store::window_shut(&mut conn, row.user_id.as_deref()).await?;
            drop(conn);
            if template.is_some() && as_template.is_none() {
                retry(db, &job, &row, &why, 0, now).await
            } else {
                finish(db, &job, &row, MessageStatus::Failed, why, now).await
            }
        }
        Answer::Retry(wait, why) => retry(db, &job, &row, &why, wait, now).await,
        Answer::Refused(why) => finish(db, &job, &row, MessageStatus::Failed, why, now).await,
    }
}

async fn retry(
    db: &Db,
    job: &jobs::Job,
    row: &Row,
    why: &str,
    wait: i64,
    now: i64,
) -> Result<Sent, AppError> {
    if job.attempts >= jobs::MAX_ATTEMPTS {
        return finish(
            db,
            job,
            row,
            MessageStatus::Failed,
            format!("gave up: {why}"),
            now,
        )
        .await;
    }
    tracing::warn!(message = %row.id, error = %why, wait_ms = wait, "WhatsApp send will be retried");
    let mut conn = db.pool.acquire().await?;
    jobs::fail(&mut conn, job, why, Some(wait), now).await?;
    Ok(Sent::Later(why.to_owned()))
}

/// A message that will not go: failed (Meta refused it) or skipped (nothing to send it by).
async fn finish(
    db: &Db,
    job: &jobs::Job,
    row: &Row,
    status: MessageStatus,
    why: String,
    now: i64,
) -> Result<Sent, AppError> {
    mark(db, &row.id, status, None, None, Some(&why), now).await?;
    let mut conn = db.pool.acquire().await?;
    jobs::complete(&mut conn, job, now).await?;
    tracing::warn!(message = %row.id, %status, error = %why, "WhatsApp message not sent");
    Ok(Sent::Dropped(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_answers_are_sorted_into_sent_retry_later_and_never() {
        let ok = json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.1"}]});
        assert_eq!(
            classify(200, None, &ok, 1),
            Answer::Accepted("wamid.1".into())
        );
        let err =
            |code: i64| json!({"error": {"message": "x", "type": "OAuthException", "code": code}});
        // A rate limit waits at least a quarter of an hour, longer if Meta asks.
        assert!(
            matches!(classify(429, None, &err(130_429), 1), Answer::Retry(w, _) if w == 900_000)
        );
        assert!(
            matches!(classify(400, Some(3600), &err(131_056), 2), Answer::Retry(w, _) if w == 7_200_000)
        );
        // Policy and template errors are final; a closed window says so.
        assert!(matches!(
            classify(400, None, &err(368), 1),
            Answer::Refused(_)
        ));
        assert!(matches!(
            classify(400, None, &err(132_001), 1),
            Answer::Refused(_)
        ));
        assert!(matches!(
            classify(400, None, &err(131_047), 1),
            Answer::WindowClosed(_)
        ));
        // Meta's own trouble is retried with back-off.
        assert!(
            matches!(classify(500, None, &err(131_000), 2), Answer::Retry(w, _) if w == 240_000)
        );
    }
}
