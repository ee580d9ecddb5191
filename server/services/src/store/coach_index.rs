//! What the coach's search index is built from: published lessons (their scenes, check
//! explanations and main KSBs) and mentors' answers that may be shared, and one row that
//! changes whenever any of it does.

use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// What the index was built from, as one row: changes whenever it must be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Stamp {
    lessons: i64,
    lessons_changed: i64,
    answers: i64,
    answers_changed: i64,
    /// Erasing a person rewrites the questions they asked: their text must leave the index.
    erased: i64,
}

pub async fn stamp(conn: &mut AnyConnection) -> Result<Stamp, AppError> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM content WHERE status = 'published') AS lessons, \
         (SELECT COALESCE(MAX(updated_at), 0) FROM content) AS lessons_changed, \
         (SELECT COUNT(*) FROM coach_escalations WHERE answer IS NOT NULL) AS answers, \
         (SELECT COALESCE(MAX(answered_at), 0) FROM coach_escalations) AS answers_changed, \
         (SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL) AS erased",
    )
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// Four text columns per row.
pub type Rows = Vec<(LessonId, String, String, String)>;

/// (id, standard, title, transcript) of every published lesson.
pub async fn lessons(conn: &mut AnyConnection) -> Result<Rows, AppError> {
    sqlx::query_as(
        "SELECT id, standard_id, title, transcript FROM content WHERE status = 'published'",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (lesson, standard, prompt, explanation) of every published lesson's checks.
pub async fn explanations(conn: &mut AnyConnection) -> Result<Rows, AppError> {
    sqlx::query_as(
        "SELECT c.id, c.standard_id, q.prompt, q.explanation FROM questions q \
         JOIN content c ON c.id = q.content_id AND q.content_version = c.version \
         WHERE c.status = 'published'",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (lesson, standard, KSB code, KSB text) of what each published lesson mainly teaches.
pub async fn ksbs_taught(conn: &mut AnyConnection) -> Result<Rows, AppError> {
    sqlx::query_as(
        "SELECT c.id, c.standard_id, k.code, k.text FROM content_ksbs ck \
         JOIN content c ON c.id = ck.content_id JOIN ksbs k ON k.id = ck.ksb_id \
         WHERE c.status = 'published' AND ck.weight >= 0.8",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (standard, lesson, question, answer) of mentors' answers that may be shared (never a
/// safety question's).
pub async fn mentor_answers(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, Option<LessonId>, String, String)>, AppError> {
    sqlx::query_as(
        "SELECT c.standard_id, e.content_id, e.question, e.answer FROM coach_escalations e \
         JOIN memberships m ON m.user_id = e.learner_id AND m.role = 'learner' \
         JOIN cohorts c ON c.id = m.cohort_id \
         WHERE e.answer IS NOT NULL AND e.reason <> 'safety'",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}
