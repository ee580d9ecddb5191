//! Each learner's mastery at the end of each day (`mastery_days`), from their first.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// One day as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredDay {
    /// YYYY-MM-DD, the learner's local date.
    pub day: String,
    pub overall: f64,
    /// JSON {ksb id: mastery}.
    pub ksbs: String,
    pub active: i64,
}

/// Writes (or rewrites) one day.
pub async fn put(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    day: &StoredDay,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mastery_days (learner_id, day, overall, ksbs, active) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (learner_id, day) DO UPDATE SET \
         overall = excluded.overall, ksbs = excluded.ksbs, active = excluded.active",
    )
    .bind(learner_id)
    .bind(&day.day)
    .bind(day.overall)
    .bind(&day.ksbs)
    .bind(day.active)
    .execute(conn)
    .await?;
    Ok(())
}

/// A learner's days before `before` (YYYY-MM-DD), oldest first: day, overall, active.
pub async fn overall_before(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    before: &str,
) -> Result<Vec<(String, f64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT day, overall, active FROM mastery_days WHERE learner_id = $1 AND day < $2 \
         ORDER BY day",
    )
    .bind(learner_id)
    .bind(before)
    .fetch_all(conn)
    .await?)
}

/// Learners with a kept engine state, no stored day and no backfill yet (from before the
/// table existed).
pub async fn learners_without(conn: &mut AnyConnection) -> Result<Vec<LearnerId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT e.learner_id FROM engine_states e WHERE NOT EXISTS \
         (SELECT 1 FROM mastery_days d WHERE d.learner_id = e.learner_id) AND NOT EXISTS \
         (SELECT 1 FROM mastery_backfills b WHERE b.learner_id = e.learner_id) \
         ORDER BY e.learner_id",
    )
    .fetch_all(conn)
    .await?)
}

/// Marks a learner's earlier history as written.
pub async fn mark_backfilled(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mastery_backfills (learner_id, done_at) VALUES ($1, $2) \
         ON CONFLICT (learner_id) DO NOTHING",
    )
    .bind(learner_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
