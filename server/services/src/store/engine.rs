//! Each learner's kept engine state: one row, written with every batch.

use flowline_core::domain::engine::EngineState;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// The kept state, or None when there is none or it cannot be read (then the log is replayed).
pub async fn load(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Option<EngineState>, AppError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT state FROM engine_states WHERE learner_id = $1")
            .bind(learner_id)
            .fetch_optional(conn)
            .await?;
    Ok(json.and_then(|j| match serde_json::from_str(&j) {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!(learner = %learner_id, error = %e, "unreadable engine state: replaying the log");
            None
        }
    }))
}

/// Keeps `state` as the learner's.
pub async fn save(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    state: &EngineState,
    now: i64,
) -> Result<(), AppError> {
    let json = serde_json::to_string(state).map_err(|e| {
        AppError::internal(format!(
            "engine state not serialisable (learner {learner_id}): {e}"
        ))
    })?;
    sqlx::query(
        "INSERT INTO engine_states (learner_id, state, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (learner_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(learner_id)
    .bind(json)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
