//! What content analytics reads: a standard's lessons, which KSB each question assesses, and
//! every interaction with the standard's lessons.

use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::studio::LessonStatus;
use sqlx::AnyConnection;

/// (id, title, status) of every lesson of the standard, by title.
pub async fn lessons(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<(LessonId, String, LessonStatus)>, AppError> {
    sqlx::query_as("SELECT id, title, status FROM content WHERE standard_id = $1 ORDER BY title")
        .bind(standard_id)
        .fetch_all(conn)
        .await
        .map_err(AppError::from)
}

/// (question id, KSB code) of every question of the standard's lessons.
pub async fn question_ksbs(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    sqlx::query_as(
        "SELECT q.id, k.code FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         JOIN content c ON c.id = q.content_id WHERE c.standard_id = $1",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (learner, lesson, kind, seconds, answers JSON, rating) of every interaction with the
/// standard's lessons, in the order they happened.
pub type InteractionRow = (String, String, String, f64, String, Option<String>);

pub async fn interactions(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<InteractionRow>, AppError> {
    sqlx::query_as(
        "SELECT i.learner_id, i.content_id, i.kind, i.time_spent_s, i.answers, i.rating \
         FROM interactions i \
         JOIN content c ON c.id = i.content_id WHERE c.standard_id = $1 ORDER BY i.occurred_at, i.id",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}
