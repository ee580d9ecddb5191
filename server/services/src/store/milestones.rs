//! Milestones awarded: one row per learner and milestone, never changed once written.

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
}

impl AwardRow {
    pub fn badge(&self) -> EarnedBadge {
        EarnedBadge {
            key: self.milestone_key.clone(),
            title: self.title.clone(),
            evidence: serde_json::from_str(&self.evidence).unwrap_or_default(),
            awarded_at_ms: Some(self.awarded_at),
            review_due: Vec::new(),
        }
    }
}

const COLUMNS: &str = "id, learner_id, milestone_key, title, standard, evidence, awarded_at";

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
