//! The LRS outbox: a row per statement of learner evidence, from the transaction that chains
//! the evidence until the LRS has it (or refused it for good).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A statement waiting to be sent.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Pending {
    pub statement_id: String,
    pub kind: String,
    pub ref_id: String,
    pub learner_id: LearnerId,
    pub attempts: i64,
    pub next_attempt_at: i64,
}

/// A statement the LRS refused, with its answer.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Refused {
    pub statement_id: String,
    pub kind: String,
    pub ref_id: String,
    pub last_status: Option<i64>,
    pub last_answer: Option<String>,
}

/// Queues a statement (once: a second call for the same id changes nothing).
pub async fn enqueue(
    conn: &mut AnyConnection,
    statement_id: &str,
    kind: &str,
    ref_id: &str,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO lrs_outbox (statement_id, kind, ref_id, learner_id, status, attempts, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) \
         ON CONFLICT DO NOTHING",
    )
    .bind(statement_id)
    .bind(kind)
    .bind(ref_id)
    .bind(learner_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Learner evidence chained before the outbox existed: (kind, ref id, learner id).
pub async fn unqueued_evidence(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, String, LearnerId)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.kind, r.ref_id, r.chain_id FROM evidence_records r \
         LEFT JOIN lrs_outbox o ON o.kind = r.kind AND o.ref_id = r.ref_id \
         WHERE r.kind IN ('interaction', 'observation') AND o.statement_id IS NULL \
         ORDER BY r.recorded_at, r.chain_id, r.seq",
    )
    .fetch_all(conn)
    .await?)
}

/// Takes up to `limit` due statements, oldest first, for `lease_ms`: until then no other
/// forwarder takes them, and if this one dies they fall due again by themselves. Each row is
/// taken by a conditional update, so two forwarders never hold the same statement.
pub async fn claim(
    conn: &mut AnyConnection,
    now: i64,
    lease_ms: i64,
    limit: usize,
) -> Result<Vec<Pending>, AppError> {
    let due: Vec<Pending> = sqlx::query_as(
        "SELECT statement_id, kind, ref_id, learner_id, attempts, next_attempt_at FROM lrs_outbox \
         WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, created_at \
         LIMIT $2",
    )
    .bind(now)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    let mut taken = Vec::with_capacity(due.len());
    for mut p in due {
        let done = sqlx::query(
            "UPDATE lrs_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
             WHERE statement_id = $2 AND status = 'pending' AND next_attempt_at = $3",
        )
        .bind(now + lease_ms)
        .bind(&p.statement_id)
        .bind(p.next_attempt_at)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 1 {
            p.attempts += 1;
            taken.push(p);
        }
    }
    Ok(taken)
}

/// The LRS stored it.
pub async fn mark_sent(
    conn: &mut AnyConnection,
    statement_id: &str,
    status: u16,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE lrs_outbox SET status = 'sent', sent_at = $1, last_status = $2, last_answer = NULL \
         WHERE statement_id = $3",
    )
    .bind(now)
    .bind(i64::from(status))
    .bind(statement_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The LRS refused it for a reason sending again will not change: kept, with its answer.
pub async fn mark_refused(
    conn: &mut AnyConnection,
    statement_id: &str,
    status: u16,
    answer: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE lrs_outbox SET status = 'refused', last_status = $1, last_answer = $2 \
         WHERE statement_id = $3",
    )
    .bind(i64::from(status))
    .bind(answer)
    .bind(statement_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Not delivered this time (LRS down, busy or misconfigured): due again at `at`.
pub async fn retry_at(
    conn: &mut AnyConnection,
    statement_id: &str,
    at: i64,
    status: Option<u16>,
    answer: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE lrs_outbox SET next_attempt_at = $1, last_status = $2, last_answer = $3 \
         WHERE statement_id = $4 AND status = 'pending'",
    )
    .bind(at)
    .bind(status.map(i64::from))
    .bind(answer)
    .bind(statement_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Statements by status: (pending, sent, refused).
pub async fn counts(conn: &mut AnyConnection) -> Result<(i64, i64, i64), AppError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM lrs_outbox GROUP BY status")
            .fetch_all(conn)
            .await?;
    let of = |s: &str| rows.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    Ok((of("pending"), of("sent"), of("refused")))
}

/// The newest refusals, for an admin to look into.
pub async fn refused(conn: &mut AnyConnection, limit: usize) -> Result<Vec<Refused>, AppError> {
    Ok(sqlx::query_as(
        "SELECT statement_id, kind, ref_id, last_status, last_answer FROM lrs_outbox \
         WHERE status = 'refused' ORDER BY created_at DESC LIMIT $1",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?)
}

/// When the oldest pending statement was queued, if any (how far behind forwarding is).
pub async fn oldest_pending(conn: &mut AnyConnection) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT MIN(created_at) FROM lrs_outbox WHERE status = 'pending'")
            .fetch_one(conn)
            .await?,
    )
}
