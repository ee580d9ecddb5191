//! The assessor's Gateway decisions as stored (`gateway_decisions`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DecisionRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub assessor_id: String,
    /// The assessor's name now.
    pub assessor_name: String,
    pub decision: String,
    /// JSON `[{"code", "reason"}]`.
    pub reasons: String,
    pub note: String,
    pub decided_at: i64,
}

const SELECT: &str = "SELECT d.id, d.learner_id, d.assessor_id, u.display_name AS assessor_name, \
     d.decision, d.reasons, d.note, d.decided_at FROM gateway_decisions d \
     JOIN users u ON u.id = d.assessor_id";

pub async fn insert(conn: &mut AnyConnection, d: &DecisionRow) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO gateway_decisions (id, learner_id, assessor_id, decision, reasons, note, \
         decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&d.id)
    .bind(&d.learner_id)
    .bind(&d.assessor_id)
    .bind(&d.decision)
    .bind(&d.reasons)
    .bind(&d.note)
    .bind(d.decided_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A learner's decisions, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<DecisionRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE d.learner_id = $1 ORDER BY d.decided_at DESC, d.id DESC"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// The newest decision of each of `learners` that has one.
pub async fn latest_of(
    conn: &mut AnyConnection,
    learners: &[LearnerId],
) -> Result<Vec<DecisionRow>, AppError> {
    let mut out = Vec::new();
    for l in learners {
        if let Some(d) = of_learner(&mut *conn, l).await?.into_iter().next() {
            out.push(d);
        }
    }
    Ok(out)
}
