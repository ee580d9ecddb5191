//! Shares of a learner's evidence with assessors, and the record of who looked at it.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ShareRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub assessor_id: String,
    pub assessor_name: String,
    pub assessor_email: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

const SHARE_COLUMNS: &str = "s.id, s.learner_id, s.assessor_id, u.display_name AS assessor_name, \
     u.email AS assessor_email, s.created_at, s.expires_at, s.revoked_at";

pub struct NewShare<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub assessor_id: &'a str,
    pub created_by: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, s: &NewShare<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO evidence_shares (id, learner_id, assessor_id, created_by, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.id)
    .bind(s.learner_id)
    .bind(s.assessor_id)
    .bind(s.created_by)
    .bind(s.now)
    .bind(s.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<ShareRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SHARE_COLUMNS} FROM evidence_shares s JOIN users u ON u.id = s.assessor_id \
         WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// A learner's shares, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<ShareRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SHARE_COLUMNS} FROM evidence_shares s JOIN users u ON u.id = s.assessor_id \
         WHERE s.learner_id = $1 ORDER BY s.created_at DESC, s.id"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// The learners shared with an assessor now: (learner id, shared until), latest expiry each.
pub async fn active_for_assessor(
    conn: &mut AnyConnection,
    assessor_id: &str,
    now: i64,
) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT learner_id, MAX(expires_at) FROM evidence_shares WHERE assessor_id = $1 \
         AND revoked_at IS NULL AND expires_at > $2 GROUP BY learner_id ORDER BY learner_id",
    )
    .bind(assessor_id)
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// Whether the learner's evidence is shared with the assessor now.
pub async fn is_shared(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    assessor_id: &str,
    now: i64,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evidence_shares WHERE learner_id = $1 AND assessor_id = $2 \
         AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(learner_id)
    .bind(assessor_id)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn revoke(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE evidence_shares SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_view(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    viewer_id: &str,
    viewer_role: &str,
    what: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO evidence_views (id, learner_id, viewer_id, viewer_role, what, viewed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::new_id())
    .bind(learner_id)
    .bind(viewer_id)
    .bind(viewer_role)
    .bind(what)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ViewRow {
    pub viewer_name: String,
    pub viewer_role: String,
    pub what: String,
    pub viewed_at: i64,
}

/// Who looked at a learner's evidence, newest first.
pub async fn views_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    limit: usize,
) -> Result<Vec<ViewRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT u.display_name AS viewer_name, v.viewer_role, v.what, v.viewed_at \
         FROM evidence_views v JOIN users u ON u.id = v.viewer_id WHERE v.learner_id = $1 \
         ORDER BY v.viewed_at DESC, v.id DESC LIMIT $2",
    )
    .bind(learner_id)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?)
}
