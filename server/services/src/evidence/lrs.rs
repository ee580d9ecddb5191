//! Forwarding evidence to an external LRS (`FLOWLINE_LRS_URL`): every statement the outbox
//! holds goes out in batches (`POST …/statements`), each exactly once by its id. The outbox
//! row is written in the transaction that chains the evidence, so a crash, a restart or an LRS
//! that is down loses nothing: rows stay pending and are sent later with back-off.
//!
//! What the LRS answers decides what happens (see [`Verdict`]). A batch the LRS will not take
//! whole (400, 409, 413) is sent again one statement at a time (`PUT …?statementId=`), so one
//! bad statement is kept with the LRS's answer while the others arrive; an LRS that is down,
//! busy or refuses our credentials is tried again later, and nothing is marked refused for it.

use super::xapi::{self, LessonFacts};
use crate::db::Db;
use crate::store::lrs::{self as outbox, Pending};
use crate::store::{evidence as evidence_store, interactions, observations};
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use serde_json::Value;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::time::Duration;

/// Statements in one batch at most.
pub const BATCH: usize = 50;
/// How long a forwarder holds the statements it took (a dead one's fall due again after).
pub const LEASE_MS: i64 = 60_000;
/// The longest wait between tries.
const MAX_BACKOFF_MS: i64 = 60 * 60 * 1000;
/// The xAPI version every request declares.
pub const XAPI_VERSION: &str = "1.0.3";

/// Where statements go: the LRS's xAPI endpoint (e.g. `https://lrs.example.org/xAPI`) and
/// its basic-auth credentials.
#[derive(Clone)]
pub struct LrsTarget {
    pub endpoint: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LrsTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsTarget")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// What to do with statements after the LRS answered (`None`: it could not be reached).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Sent,
    /// The LRS will not take this batch whole: send its statements one by one.
    OneByOne,
    /// Sending this statement again will not change the answer: keep it with the answer.
    Refused,
    /// Down, busy, or our side is misconfigured (credentials, URL): try again later.
    Later,
}

/// The verdict on an answer to a batch (`batch`) or to one statement.
pub fn verdict(status: Option<u16>, batch: bool) -> Verdict {
    match status {
        Some(200..=299) => Verdict::Sent,
        Some(400 | 409 | 413) if batch => Verdict::OneByOne,
        // 409: the LRS holds a different statement under this id.
        Some(400 | 409 | 413 | 422) => Verdict::Refused,
        _ => Verdict::Later,
    }
}

/// The wait before try number `attempts + 1`: 5 s, doubling, at most an hour; or what the
/// LRS asked for in `Retry-After` (seconds), if it asked for longer.
pub fn backoff_ms(attempts: i64, retry_after_s: Option<u64>) -> i64 {
    let doubling = 5_000i64.saturating_mul(1i64 << attempts.clamp(1, 20).saturating_sub(1));
    let asked = retry_after_s.map_or(0, |s| {
        i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX)
    });
    doubling
        .min(MAX_BACKOFF_MS)
        .max(asked.min(MAX_BACKOFF_MS * 24))
}

/// What one turn did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub refused: usize,
    pub later: usize,
}

impl Report {
    pub fn is_idle(&self) -> bool {
        self.sent + self.refused + self.later == 0
    }
}

/// Queues the statement of one piece of learner evidence (in the transaction that chains it).
pub async fn enqueue(
    conn: &mut AnyConnection,
    kind: &str,
    ref_id: &str,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    let id = xapi::statement_id(kind, ref_id);
    outbox::enqueue(conn, &id, kind, ref_id, learner_id, now).await
}

/// Queues the statements of evidence chained before the outbox existed. Run at start.
pub async fn backfill(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut tx = db.begin_write().await?;
    let missing = outbox::unqueued_evidence(&mut tx).await?;
    for (kind, ref_id, learner) in &missing {
        enqueue(&mut tx, kind, ref_id, learner, now).await?;
    }
    tx.commit().await?;
    Ok(missing.len())
}

/// The statements of these outbox rows, by statement id; a row whose evidence is gone is
/// left out (the caller marks it refused).
async fn statements(
    conn: &mut AnyConnection,
    site: &str,
    rows: &[Pending],
) -> Result<HashMap<String, Value>, AppError> {
    let mut out = HashMap::new();
    let ids: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == "interaction")
        .map(|r| r.ref_id.clone())
        .collect();
    let found = interactions::by_ids(&mut *conn, &ids).await?;
    let mut content: Vec<LessonId> = found.iter().map(|i| i.content_id.clone()).collect();
    content.sort();
    content.dedup();
    let lessons: HashMap<LessonId, LessonFacts> = evidence_store::lessons(&mut *conn, &content)
        .await?
        .into_iter()
        .map(|l| (l.id.clone(), l))
        .collect();
    for i in &found {
        if let Some(lesson) = lessons.get(&i.content_id) {
            let s = xapi::interaction(site, i, lesson);
            out.insert(xapi::statement_id("interaction", &i.id), s);
        }
    }
    // Sign-offs are few per learner: read a learner's at once.
    let mut learners: Vec<&LearnerId> = rows
        .iter()
        .filter(|r| r.kind == "observation")
        .map(|r| &r.learner_id)
        .collect();
    learners.sort_unstable();
    learners.dedup();
    for learner in learners {
        let codes = evidence_store::observed_codes(&mut *conn, learner).await?;
        for o in observations::stored_of_learner(&mut *conn, learner).await? {
            let (standard, ksbs) = codes.get(&o.id).cloned().unwrap_or_default();
            let id = xapi::statement_id("observation", &o.id);
            if rows.iter().any(|r| r.statement_id == id) {
                out.insert(id, xapi::observation(site, &o, &standard, &ksbs));
            }
        }
    }
    // Approved training and line managers' confirmations, likewise by learner.
    for (learner, standard) in learners_of(&mut *conn, rows, "training").await? {
        for t in crate::store::otj::approved_of_learner(&mut *conn, &learner).await? {
            let id = xapi::statement_id("training", &t.id);
            if rows.iter().any(|r| r.statement_id == id) {
                out.insert(id, xapi::training(site, &t, &standard));
            }
        }
    }
    for (learner, standard) in learners_of(&mut *conn, rows, "confirmation").await? {
        for c in crate::store::employers::confirmations_of(&mut *conn, &learner).await? {
            let id = xapi::statement_id("confirmation", &c.id);
            if rows.iter().any(|r| r.statement_id == id) {
                out.insert(id, xapi::confirmation(site, &c, &standard));
            }
        }
    }
    Ok(out)
}

/// The learners of the outbox rows of `kind`, once each, with their standard's reference.
async fn learners_of(
    conn: &mut AnyConnection,
    rows: &[Pending],
    kind: &str,
) -> Result<Vec<(LearnerId, String)>, AppError> {
    let mut learners: Vec<&LearnerId> = rows
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| &r.learner_id)
        .collect();
    learners.sort_unstable();
    learners.dedup();
    let mut out = Vec::with_capacity(learners.len());
    for learner in learners {
        let standard = crate::store::cohorts::enrolment(&mut *conn, learner)
            .await?
            .map(|e| e.reference)
            .unwrap_or_default();
        out.push((learner.clone(), standard));
    }
    Ok(out)
}

/// An LRS's answer: status (`None` when it could not be reached), body, `Retry-After`.
struct Answer {
    status: Option<u16>,
    body: String,
    retry_after_s: Option<u64>,
}

async fn send(target: &LrsTarget, req: reqwest::RequestBuilder) -> Answer {
    let req = req
        .basic_auth(&target.username, Some(&target.password))
        .header("X-Experience-API-Version", XAPI_VERSION)
        .header("Content-Type", "application/json")
        .timeout(Duration::from_secs(30));
    match req.send().await {
        Err(e) => Answer {
            status: None,
            body: format!("could not reach the LRS: {e}"),
            retry_after_s: None,
        },
        Ok(resp) => {
            let status = resp.status().as_u16();
            let retry_after_s = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let mut body = resp.text().await.unwrap_or_default();
            body.truncate(body.floor_char_boundary(2_000));
            Answer {
                status: Some(status),
                body,
                retry_after_s,
            }
        }
    }
}

fn statements_url(target: &LrsTarget) -> String {
    format!("{}/statements", target.endpoint.trim_end_matches('/'))
}

/// Takes the statements due at `now` and sends them; records each outcome (and the next try,
/// from `now`). Safe to run on several instances at once: each statement is held by one
/// forwarder at a time.
pub async fn forward_once(
    db: &Db,
    client: &reqwest::Client,
    target: &LrsTarget,
    site: &str,
    now: i64,
) -> Result<Report, AppError> {
    let taken = {
        let mut tx = db.begin_write().await?;
        let taken = outbox::claim(&mut tx, now, LEASE_MS, BATCH).await?;
        tx.commit().await?;
        taken
    };
    let mut report = Report::default();
    if taken.is_empty() {
        return Ok(report);
    }
    let mut conn = db.pool.acquire().await?;
    let built = statements(&mut conn, site, &taken).await?;
    let mut batch = Vec::new();
    for row in &taken {
        match built.get(&row.statement_id) {
            Some(s) => batch.push((row, s)),
            None => {
                let why = format!("the {} {} is no longer stored", row.kind, row.ref_id);
                outbox::mark_refused(&mut conn, &row.statement_id, 0, &why).await?;
                tracing::error!(statement = %row.statement_id, %why, "statement not forwarded");
                report.refused += 1;
            }
        }
    }
    if batch.is_empty() {
        return Ok(report);
    }
    let body: Vec<&Value> = batch.iter().map(|(_, s)| *s).collect();
    let answer = send(target, client.post(statements_url(target)).json(&body)).await;
    match verdict(answer.status, true) {
        Verdict::Sent => {
            for (row, _) in &batch {
                let status = answer.status.unwrap_or(200);
                outbox::mark_sent(&mut conn, &row.statement_id, status, now).await?;
            }
            report.sent += batch.len();
        }
        Verdict::OneByOne => {
            for (row, statement) in &batch {
                let url = statements_url(target);
                let req = client
                    .put(url)
                    .query(&[("statementId", row.statement_id.as_str())])
                    .json(statement);
                let one = send(target, req).await;
                record(&mut conn, row, &one, false, now, &mut report).await?;
            }
        }
        Verdict::Refused | Verdict::Later => {
            for (row, _) in &batch {
                record(&mut conn, row, &answer, true, now, &mut report).await?;
            }
        }
    }
    Ok(report)
}

/// Records the outcome of one statement's send.
async fn record(
    conn: &mut AnyConnection,
    row: &Pending,
    answer: &Answer,
    batch: bool,
    now: i64,
    report: &mut Report,
) -> Result<(), AppError> {
    match verdict(answer.status, batch) {
        Verdict::Sent => {
            outbox::mark_sent(conn, &row.statement_id, answer.status.unwrap_or(200), now).await?;
            report.sent += 1;
        }
        Verdict::Refused => {
            let status = answer.status.unwrap_or(0);
            tracing::warn!(statement = %row.statement_id, status, answer = %answer.body, "the LRS refused a statement");
            outbox::mark_refused(conn, &row.statement_id, status, &answer.body).await?;
            report.refused += 1;
        }
        Verdict::Later | Verdict::OneByOne => {
            let at = now + backoff_ms(row.attempts, answer.retry_after_s);
            outbox::retry_at(conn, &row.statement_id, at, answer.status, &answer.body).await?;
            report.later += 1;
        }
    }
    Ok(())
}

/// Forwarding as an admin sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct LrsStatus {
    /// Whether an LRS is configured (statements are queued either way).
    pub configured: bool,
    pub endpoint: Option<String>,
    pub pending: i64,
    pub sent: i64,
    pub refused: i64,
    /// When the oldest statement still waiting was queued (RFC 3339).
    pub oldest_pending_at: Option<String>,
    /// The newest refusals with the LRS's answers.
    pub refusals: Vec<LrsRefusal>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct LrsRefusal {
    pub statement_id: String,
    /// `interaction` or `observation`.
    pub kind: String,
    pub ref_id: String,
    /// The LRS's HTTP status (0: the evidence row itself was gone).
    pub status: i64,
    pub answer: String,
}

pub async fn status(db: &Db, target: Option<&LrsTarget>) -> Result<LrsStatus, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (pending, sent, refused) = outbox::counts(&mut conn).await?;
    let oldest = outbox::oldest_pending(&mut conn).await?;
    let refusals = outbox::refused(&mut conn, 20)
        .await?
        .into_iter()
        .map(|r| LrsRefusal {
            statement_id: r.statement_id,
            kind: r.kind,
            ref_id: r.ref_id,
            status: r.last_status.unwrap_or(0),
            answer: r.last_answer.unwrap_or_default(),
        })
        .collect();
    Ok(LrsStatus {
        configured: target.is_some(),
        endpoint: target.map(|t| t.endpoint.clone()),
        pending,
        sent,
        refused,
        oldest_pending_at: oldest.and_then(flowline_core::view::projection::rfc3339),
        refusals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_lrs_that_stored_the_batch_means_sent() {
        assert_eq!(verdict(Some(200), true), Verdict::Sent);
        assert_eq!(verdict(Some(204), false), Verdict::Sent);
    }

    #[test]
    fn a_batch_the_lrs_will_not_take_whole_goes_one_by_one() {
        for s in [400, 409, 413] {
            assert_eq!(verdict(Some(s), true), Verdict::OneByOne, "{s}");
            assert_eq!(verdict(Some(s), false), Verdict::Refused, "{s}");
        }
    }

    #[test]
    fn down_busy_or_misconfigured_is_tried_again_never_refused() {
        for s in [
            None,
            Some(401),
            Some(403),
            Some(404),
            Some(429),
            Some(500),
            Some(502),
            Some(503),
        ] {
            assert_eq!(verdict(s, true), Verdict::Later, "{s:?}");
            assert_eq!(verdict(s, false), Verdict::Later, "{s:?}");
        }
    }

    #[test]
    fn back_off_doubles_to_an_hour_and_honours_retry_after() {
        assert_eq!(backoff_ms(1, None), 5_000);
        assert_eq!(backoff_ms(2, None), 10_000);
        assert_eq!(backoff_ms(4, None), 40_000);
        assert_eq!(backoff_ms(40, None), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(1, Some(120)), 120_000);
        assert_eq!(backoff_ms(3, Some(1)), 20_000);
    }
}
