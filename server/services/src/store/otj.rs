//! Off-the-job hours as stored: the training learners log, and the time of their lessons.

use flowline_core::domain::interaction::InteractionKind;
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::otj::LogStatus;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LogRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub activity: String,
    pub occurred_on: String,
    pub minutes: i64,
    pub description: String,
    pub ksb_codes: String,
    pub status: LogStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub decline_reason: Option<String>,
}

const LOG_COLUMNS: &str = "l.id, l.learner_id, l.activity, l.occurred_on, l.minutes, \
     l.description, l.ksb_codes, l.status, u.display_name AS decided_by, l.decided_at, \
     l.created_at, l.decline_reason";

pub struct NewLog<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub activity: &'a str,
    pub occurred_on: &'a str,
    pub minutes: i64,
    pub description: &'a str,
    pub ksb_codes: &'a str,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, l: &NewLog<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO otj_logs (id, learner_id, activity, occurred_on, minutes, description, \
         ksb_codes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(l.id)
    .bind(l.learner_id)
    .bind(l.activity)
    .bind(l.occurred_on)
    .bind(l.minutes)
    .bind(l.description)
    .bind(l.ksb_codes)
    .bind(l.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<LogRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LOG_COLUMNS} FROM otj_logs l LEFT JOIN users u ON u.id = l.decided_by \
         WHERE l.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// A learner's logged training, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<LogRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LOG_COLUMNS} FROM otj_logs l LEFT JOIN users u ON u.id = l.decided_by \
         WHERE l.learner_id = $1 ORDER BY l.occurred_on DESC, l.created_at DESC"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Approves or declines a pending log; false when it was already decided.
pub async fn decide(
    conn: &mut AnyConnection,
    id: &str,
    status: &str,
    by: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE otj_logs SET status = $1, decided_by = $2, decided_at = $3, decline_reason = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(by)
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One lesson interaction that may count: when, what kind, the time spent, the video's length.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LessonTime {
    pub occurred_at: i64,
    pub received_at: i64,
    pub kind: InteractionKind,
    pub time_spent_s: f64,
    pub duration_s: i64,
    pub content_id: LessonId,
}

/// A learner's watches and answers, oldest first.
pub async fn lesson_time(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<LessonTime>, AppError> {
    Ok(sqlx::query_as(
        "SELECT i.occurred_at, i.received_at, i.kind, i.time_spent_s, c.duration_s, i.content_id \
         FROM interactions i JOIN content c ON c.id = i.content_id \
         WHERE i.learner_id = $1 AND i.kind IN ('watched', 'answered') \
         ORDER BY i.occurred_at, i.id",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Minutes of logged training waiting for approval, per learner among `ids`.
pub async fn pending_minutes(
    conn: &mut AnyConnection,
    ids: &[LearnerId],
) -> Result<Vec<(LearnerId, i64)>, AppError> {
    let all: Vec<(LearnerId, i64)> = sqlx::query_as(
        "SELECT learner_id, CAST(SUM(minutes) AS BIGINT) FROM otj_logs \
         WHERE status = 'pending' GROUP BY learner_id ORDER BY learner_id",
    )
    .fetch_all(conn)
    .await?;
    Ok(all.into_iter().filter(|(id, _)| ids.contains(id)).collect())
}

/// Approved training as evidence: what the chain and xAPI carry (the approver by id).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Approved {
    pub id: String,
    pub learner_id: LearnerId,
    pub activity: String,
    pub occurred_on: String,
    pub minutes: i64,
    pub description: String,
    pub ksb_codes: String,
    pub decided_by: String,
    pub decided_at: i64,
    pub created_at: i64,
}

const APPROVED_COLUMNS: &str = "id, learner_id, activity, occurred_on, minutes, description, \
     ksb_codes, decided_by, decided_at, created_at";

/// A learner's approved training, oldest decision first.
pub async fn approved_of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Approved>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPROVED_COLUMNS} FROM otj_logs WHERE learner_id = $1 AND status = 'approved' \
         ORDER BY decided_at, id"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// One approved log, if it is.
pub async fn approved(conn: &mut AnyConnection, id: &str) -> Result<Option<Approved>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPROVED_COLUMNS} FROM otj_logs WHERE id = $1 AND status = 'approved'"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Training approved before the chain carried it, not chained yet.
pub async fn unchained(conn: &mut AnyConnection) -> Result<Vec<Approved>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {APPROVED_COLUMNS} FROM otj_logs WHERE status = 'approved' AND unchained = 1 \
         ORDER BY decided_at, id"
    ))
    .fetch_all(conn)
    .await?)
}

pub async fn mark_chained(conn: &mut AnyConnection, id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE otj_logs SET unchained = 0 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
