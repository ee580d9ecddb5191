//! The interaction log: append-only, the audit trail every derived state is rebuilt from.

use super::db_error;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// One graded answer as logged (the server's grading, not the client's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedAnswer {
    pub question_id: String,
    pub response: i64,
    pub correct: bool,
}

/// A row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: String,
    pub learner_id: String,
    pub content_id: String,
    pub content_version: i64,
    pub kind: String,
    pub occurred_at: i64,
    pub received_at: i64,
    pub time_spent_s: f64,
    pub answers: Vec<LoggedAnswer>,
    pub device: Option<String>,
}

/// Whose interaction an id already is, if anyone's.
pub async fn owner(conn: &mut AnyConnection, id: &str) -> Result<Option<String>, AppError> {
    sqlx::query_scalar("SELECT learner_id FROM interactions WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}

/// Appends one row. Returns false when the id is already in the log (a re-send).
pub async fn append(conn: &mut AnyConnection, i: &Interaction) -> Result<bool, AppError> {
    let answers = serde_json::to_string(&i.answers).map_err(|_| AppError::internal())?;
    let done = sqlx::query(
        "INSERT INTO interactions (id, learner_id, content_id, content_version, kind, occurred_at, \
         received_at, time_spent_s, answers, device) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&i.id)
    .bind(&i.learner_id)
    .bind(&i.content_id)
    .bind(i.content_version)
    .bind(&i.kind)
    .bind(i.occurred_at)
    .bind(i.received_at)
    .bind(i.time_spent_s)
    .bind(answers)
    .bind(&i.device)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(done.rows_affected() == 1)
}

type Row = (
    String,
    String,
    String,
    i64,
    String,
    i64,
    i64,
    f64,
    String,
    Option<String>,
);

/// A learner's whole log in replay order (time, then id).
pub async fn for_learner(
    conn: &mut AnyConnection,
    learner_id: &str,
) -> Result<Vec<Interaction>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, learner_id, content_id, content_version, kind, occurred_at, received_at, \
         time_spent_s, answers, device FROM interactions WHERE learner_id = $1 \
         ORDER BY occurred_at, id",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    rows.into_iter()
        .map(|r| {
            let answers = serde_json::from_str(&r.8).map_err(|e| {
                tracing::error!(interaction = %r.0, error = %e, "unreadable answers in the log");
                AppError::internal()
            })?;
            Ok(Interaction {
                id: r.0,
                learner_id: r.1,
                content_id: r.2,
                content_version: r.3,
                kind: r.4,
                occurred_at: r.5,
                received_at: r.6,
                time_spent_s: r.7,
                answers,
                device: r.9,
            })
        })
        .collect()
}

/// Every learner with anything in the log or any observation (for `flowline recompute`).
pub async fn learners(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    sqlx::query_scalar(
        "SELECT learner_id FROM interactions UNION SELECT learner_id FROM observations \
         ORDER BY 1",
    )
    .fetch_all(conn)
    .await
    .map_err(db_error)
}
