//! Derived state per learner: competency rows (one per KSB) and the streak. Written only by
//! replay, so the stored rows always equal what the log says.

use flowline_core::domain::competency::{Competency, KsbState, Memory};
use flowline_core::domain::streak::Streak;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A competency row as stored.
#[derive(sqlx::FromRow)]
struct Row {
    ksb_id: String,
    knowledge: f64,
    stability: Option<f64>,
    difficulty: Option<f64>,
    last_review: Option<i64>,
    next_review: Option<i64>,
    reps: i64,
    lapses: i64,
    correct_streak: i64,
    answers: i64,
    right_answers: i64,
    observations: i64,
    last_evidence_at: Option<i64>,
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// A learner's stored competency, by KSB id.
pub async fn load(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Competency, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT ksb_id, knowledge, stability, difficulty, last_review, next_review, reps, lapses, \
         correct_streak, answers, right_answers, observations, last_evidence_at \
         FROM competency WHERE learner_id = $1",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let memory = match (r.stability, r.difficulty, r.last_review, r.next_review) {
                (Some(stability), Some(difficulty), Some(last), Some(due)) => Some(Memory {
                    stability,
                    difficulty,
                    last_review_ms: last,
                    due_ms: due,
                    reps: to_u32(r.reps),
                    lapses: to_u32(r.lapses),
                }),
                _ => None,
            };
            let state = KsbState {
                knowledge: r.knowledge,
                memory,
                right_in_a_row: to_u32(r.correct_streak),
                answers: to_u32(r.answers),
                right: to_u32(r.right_answers),
                observations: to_u32(r.observations),
                last_evidence_ms: r.last_evidence_at,
                // Not mirrored: the kept engine state holds it.
                held_reviews: None,
            };
            (r.ksb_id, state)
        })
        .collect())
}

/// Replaces a learner's competency rows with `state` (mastery as of `now`, for listings).
pub async fn store(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    model: &str,
    state: &Competency,
    mastery: impl Fn(&str, &KsbState) -> f64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM competency WHERE learner_id = $1")
        .bind(learner_id)
        .execute(&mut *conn)
        .await?;
    upsert(conn, learner_id, model, state.iter(), mastery, now).await
}

/// Writes these competency rows of a learner, leaving the others as they are; `model` is the
/// memory model (FSRS weights) their schedules were made with.
pub async fn upsert<'a>(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    model: &str,
    rows: impl Iterator<Item = (&'a String, &'a KsbState)>,
    mastery: impl Fn(&str, &KsbState) -> f64,
    now: i64,
) -> Result<(), AppError> {
    for (ksb_id, s) in rows {
        let m = s.memory.as_ref();
        sqlx::query(
            "INSERT INTO competency (learner_id, ksb_id, knowledge, stability, difficulty, \
             last_review, next_review, reps, lapses, correct_streak, mastery, updated_at, answers, \
             right_answers, observations, last_evidence_at, memory_model) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (learner_id, ksb_id) DO UPDATE SET knowledge = excluded.knowledge, \
             stability = excluded.stability, difficulty = excluded.difficulty, \
             last_review = excluded.last_review, next_review = excluded.next_review, \
             reps = excluded.reps, lapses = excluded.lapses, \
             correct_streak = excluded.correct_streak, mastery = excluded.mastery, \
             updated_at = excluded.updated_at, answers = excluded.answers, \
             right_answers = excluded.right_answers, observations = excluded.observations, \
             last_evidence_at = excluded.last_evidence_at, memory_model = excluded.memory_model",
        )
        .bind(learner_id)
        .bind(ksb_id)
        .bind(s.knowledge)
        .bind(m.map(|m| m.stability))
        .bind(m.map(|m| m.difficulty))
        .bind(m.map(|m| m.last_review_ms))
        .bind(m.map(|m| m.due_ms))
        .bind(i64::from(m.map_or(0, |m| m.reps)))
        .bind(i64::from(m.map_or(0, |m| m.lapses)))
        .bind(i64::from(s.right_in_a_row))
        .bind(mastery(ksb_id, s))
        .bind(now)
        .bind(i64::from(s.answers))
        .bind(i64::from(s.right))
        .bind(i64::from(s.observations))
        .bind(s.last_evidence_ms)
        .bind(model)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Stores the learner's streak as of `now` (`last_day` = the last active local day).
pub async fn store_streak(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    streak: &Streak,
    last_day: Option<String>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO streaks (learner_id, current, longest, freezes, last_day, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (learner_id) DO UPDATE SET \
         current = excluded.current, longest = excluded.longest, freezes = excluded.freezes, \
         last_day = excluded.last_day, updated_at = excluded.updated_at",
    )
    .bind(learner_id)
    .bind(i64::from(streak.current))
    .bind(i64::from(streak.longest))
    .bind(i64::from(streak.freezes))
    .bind(last_day)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A learner's mentor sign-offs as (occurred_at, observation id, KSB id).
pub async fn observations(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<(i64, String, String)>, AppError> {
    sqlx::query_as(
        "SELECT o.occurred_at, o.id, ok.ksb_id FROM observations o \
         JOIN observation_ksbs ok ON ok.observation_id = o.id WHERE o.learner_id = $1",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// A learner's stored streak (current, longest, freezes).
pub async fn load_streak(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Option<(i64, i64, i64)>, AppError> {
    sqlx::query_as("SELECT current, longest, freezes FROM streaks WHERE learner_id = $1")
        .bind(learner_id)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}
