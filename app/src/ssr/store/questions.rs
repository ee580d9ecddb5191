//! Quick-check questions as the learner loop reads them.

use super::db_error;
use crate::error::AppError;
use sqlx::AnyConnection;

/// A question with its answer key (never trusted from the client).
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub content_id: String,
    pub content_version: i64,
    pub ksb_id: String,
    pub ksb_code: String,
    pub prompt: String,
    pub options: Vec<String>,
    pub answer: usize,
    pub explanation: String,
}

type Row = (
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
);

const COLUMNS: &str =
    "q.id, q.content_id, q.content_version, q.ksb_id, k.code, q.prompt, q.options, \
                       q.answer_key, q.explanation";

fn parse(r: Row) -> Result<Question, AppError> {
    let options: Vec<String> = serde_json::from_str(&r.6).map_err(|e| {
        tracing::error!(question = %r.0, error = %e, "unreadable options");
        AppError::internal()
    })?;
    let answer = r.7.trim().parse::<usize>().map_err(|e| {
        tracing::error!(question = %r.0, error = %e, "unreadable answer key");
        AppError::internal()
    })?;
    Ok(Question {
        id: r.0,
        content_id: r.1,
        content_version: r.2,
        ksb_id: r.3,
        ksb_code: r.4,
        prompt: r.5,
        options,
        answer,
        explanation: r.8,
    })
}

/// Every question of a lesson, all versions, in order.
pub async fn of_content(
    conn: &mut AnyConnection,
    content_id: &str,
) -> Result<Vec<Question>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         WHERE q.content_id = $1 ORDER BY q.content_version, q.sort"
    ))
    .bind(content_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    rows.into_iter().map(parse).collect()
}

/// The current version's questions of every published lesson of a standard.
pub async fn current_of_standard(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<Question>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         JOIN content c ON c.id = q.content_id \
         WHERE c.standard_id = $1 AND c.status = 'published' AND q.content_version = c.version \
         ORDER BY q.content_id, q.sort"
    ))
    .bind(standard_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    rows.into_iter().map(parse).collect()
}

/// Every question a learner has interacted with the lesson of (for replay).
pub async fn answered_by(
    conn: &mut AnyConnection,
    learner_id: &str,
) -> Result<Vec<Question>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         WHERE q.content_id IN (SELECT DISTINCT content_id FROM interactions WHERE learner_id = $1)"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    rows.into_iter().map(parse).collect()
}
