//! Issued portfolios, found by their verify token's hash.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct IssueRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub issued_by: String,
    pub standard: String,
    pub standard_title: String,
    pub ready: Flag,
    pub evidence_count: i64,
    pub chain_head: Option<String>,
    pub document_hash: String,
    pub show_name: Flag,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, learner_id, issued_by, standard, standard_title, ready, \
     evidence_count, chain_head, document_hash, show_name, issued_at, revoked_at";

pub struct NewIssue<'a> {
    pub row: &'a IssueRow,
    pub token_hash: &'a str,
}

pub async fn insert(conn: &mut AnyConnection, n: &NewIssue<'_>) -> Result<(), AppError> {
    let r = n.row;
    sqlx::query(
        "INSERT INTO portfolio_issues (id, token_hash, learner_id, issued_by, standard, \
         standard_title, ready, evidence_count, chain_head, document_hash, show_name, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&r.id)
    .bind(n.token_hash)
    .bind(&r.learner_id)
    .bind(&r.issued_by)
    .bind(&r.standard)
    .bind(&r.standard_title)
    .bind(r.ready)
    .bind(r.evidence_count)
    .bind(&r.chain_head)
    .bind(&r.document_hash)
    .bind(r.show_name)
    .bind(r.issued_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<IssueRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM portfolio_issues WHERE token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

/// A learner's issued portfolios, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<IssueRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM portfolio_issues WHERE learner_id = $1 ORDER BY issued_at DESC, id DESC"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Revokes an issue of `learner_id` now; false when there is none or it was revoked already.
pub async fn revoke(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    id: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE portfolio_issues SET revoked_at = $1 \
         WHERE id = $2 AND learner_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(learner_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
