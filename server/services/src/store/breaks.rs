//! Breaks in learning (`learning_breaks`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BreakRow {
    pub id: String,
    pub learner_id: LearnerId,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: i64,
}

/// A learner's breaks, oldest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<BreakRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, learner_id, starts_on, ends_on, reason, recorded_by, recorded_at \
         FROM learning_breaks WHERE learner_id = $1 ORDER BY starts_on, id",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert(conn: &mut AnyConnection, b: &BreakRow) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO learning_breaks (id, learner_id, starts_on, ends_on, reason, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, NULL, $4, $5, $6)",
    )
    .bind(&b.id)
    .bind(&b.learner_id)
    .bind(&b.starts_on)
    .bind(&b.reason)
    .bind(&b.recorded_by)
    .bind(b.recorded_at)
    .execute(conn)
    .await
    .map_err(super::on_unique(
        "starts_on",
        "The apprentice is on a break already: record their return first.",
    ))?;
    Ok(())
}

/// Closes the open break; false when there is none.
pub async fn close(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    ends_on: &str,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE learning_breaks SET ends_on = $1 WHERE learner_id = $2 AND ends_on IS NULL",
    )
    .bind(ends_on)
    .bind(learner_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
