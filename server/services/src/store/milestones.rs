//! Milestones awarded: one row per learner and milestone; only an admin's revocation (and
//! reinstatement) changes one after it is written.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::EarnedBadge;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AwardRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub milestone_key: String,
    pub title: String,
    pub standard: String,
    pub evidence: String,
    pub awarded_at: i64,
    #[sqlx(default)]
    pub revoked_at: Option<i64>,
    #[sqlx(default)]
    pub revoked_reason: Option<String>,
}

impl AwardRow {
    pub fn badge(&self) -> EarnedBadge {
        EarnedBadge {
            key: self.milestone_key.clone(),
            title: self.title.clone(),
            evidence: serde_json::from_str(&self.evidence).unwrap_or_default(),
            awarded_at_ms: Some(self.awarded_at),
            review_due: Vec::new(),
            revoked: self
                .revoked_at
                .map(|_| self.revoked_reason.clone().unwrap_or_default()),
        }
    }
}

const COLUMNS: &str = "id, learner_id, milestone_key, title, standard, evidence, awarded_at, \
     revoked_at, revoked_reason";

/// Records an award unless the learner holds it already (a concurrent batch may have written
/// it first); true when this call wrote it.
pub async fn insert(conn: &mut AnyConnection, r: &AwardRow) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO milestone_awards (id, learner_id, milestone_key, title, standard, evidence, \
         awarded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (learner_id, milestone_key) DO NOTHING",
    )
    .bind(&r.id)
    .bind(&r.learner_id)
    .bind(&r.milestone_key)
    .bind(&r.title)
    .bind(&r.standard)
    .bind(&r.evidence)
    .bind(r.awarded_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A learner's awards, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<AwardRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM milestone_awards WHERE learner_id = $1 \
         ORDER BY awarded_at DESC, id DESC"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// One award by its id.
pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<AwardRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM milestone_awards WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// An award with its learner's name and whether a live credential of it was downloaded, for
/// the admin's list.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub award: AwardRow,
    pub learner_name: String,
    pub downloads: i64,
}

const LISTED: &str = "SELECT a.id, a.learner_id, a.milestone_key, a.title, a.standard, \
     a.evidence, a.awarded_at, a.revoked_at, a.revoked_reason, u.display_name AS learner_name, \
     (SELECT COUNT(*) FROM credentials c WHERE c.award_id = a.id) AS downloads \
     FROM milestone_awards a JOIN users u ON u.id = a.learner_id";

/// Every award, newest first (at most `limit`).
pub async fn listed(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Listed>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{LISTED} ORDER BY a.awarded_at DESC, a.id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// One award as [`listed`] shows it.
pub async fn listed_one(conn: &mut AnyConnection, id: &str) -> Result<Option<Listed>, AppError> {
    Ok(sqlx::query_as(&format!("{LISTED} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Marks an award revoked; false when it already was.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: &str,
    by: &str,
    reason: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE milestone_awards SET revoked_at = $1, revoked_by = $2, revoked_reason = $3 \
         WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts an award's revocation; false when it was not revoked.
pub async fn reinstate(conn: &mut AnyConnection, id: &str) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE milestone_awards SET revoked_at = NULL, revoked_by = NULL, \
         revoked_reason = NULL WHERE id = $1 AND revoked_at IS NOT NULL",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Holds a standing (not revoked) award for the rest of the transaction (a no-op write takes
/// its row lock, so a revocation waits for the caller's commit, and a revocation committed
/// first is seen); false when it is revoked.
pub async fn hold_standing(conn: &mut AnyConnection, id: &str) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE milestone_awards SET awarded_at = awarded_at WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
