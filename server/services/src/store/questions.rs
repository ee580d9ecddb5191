//! Quick-check questions as the learner loop reads them.

use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A question with its answer key (never trusted from the client).
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub content_id: LessonId,
    pub content_version: i64,
    pub ksb_id: String,
    pub ksb_code: String,
    pub prompt: String,
    pub options: Vec<String>,
    pub answer: usize,
    pub explanation: String,
}

/// A question row as stored.
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    content_id: LessonId,
    content_version: i64,
    ksb_id: String,
    ksb_code: String,
    prompt: String,
    options: String,
    answer_key: String,
    explanation: String,
}

const COLUMNS: &str = "q.id, q.content_id, q.content_version, q.ksb_id, k.code AS ksb_code, \
                       q.prompt, q.options, q.answer_key, q.explanation";

fn parse(r: Row) -> Result<Question, AppError> {
    let options: Vec<String> = serde_json::from_str(&r.options)
        .map_err(|e| AppError::internal(format!("unreadable options (question {}): {e}", r.id)))?;
    let answer = r.answer_key.trim().parse::<usize>().map_err(|e| {
        AppError::internal(format!("unreadable answer key (question {}): {e}", r.id))
    })?;
    Ok(Question {
        id: r.id,
        content_id: r.content_id,
        content_version: r.content_version,
        ksb_id: r.ksb_id,
        ksb_code: r.ksb_code,
        prompt: r.prompt,
        options,
        answer,
        explanation: r.explanation,
    })
}

/// Every question of a lesson, all versions, in order.
pub async fn of_content(
    conn: &mut AnyConnection,
    content_id: &LessonId,
) -> Result<Vec<Question>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         WHERE q.content_id = $1 ORDER BY q.content_version, q.sort"
    ))
    .bind(content_id)
    .fetch_all(conn)
    .await?;
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
    .await?;
    rows.into_iter().map(parse).collect()
}

/// Every question a learner has interacted with the lesson of (for replay).
pub async fn answered_by(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Question>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM questions q JOIN ksbs k ON k.id = q.ksb_id \
         WHERE q.content_id IN (SELECT DISTINCT content_id FROM interactions WHERE learner_id = $1)"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(parse).collect()
}
