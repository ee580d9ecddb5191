//! Lessons (`content`), their KSB mapping and their quick-check questions.

use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// What a lesson sync needs to know about a stored lesson.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredLesson {
    pub id: LessonId,
    pub version: i64,
    pub source_hash: Option<String>,
    pub render_key: Option<String>,
    pub media_key: Option<String>,
}

pub async fn find_by_slug(
    conn: &mut AnyConnection,
    standard_id: &str,
    slug: &str,
) -> Result<Option<StoredLesson>, AppError> {
    sqlx::query_as(
        "SELECT id, version, source_hash, render_key, media_key FROM content \
         WHERE standard_id = $1 AND slug = $2",
    )
    .bind(standard_id)
    .bind(slug)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// The fields of a lesson that come from its document.
pub struct LessonFields<'a> {
    pub title: &'a str,
    pub transcript: &'a str,
    pub difficulty: i64,
    pub status: &'a str,
    pub source_hash: &'a str,
    pub render_key: &'a str,
}

pub async fn insert(
    conn: &mut AnyConnection,
    standard_id: &str,
    slug: &str,
    f: &LessonFields<'_>,
    now: i64,
) -> Result<LessonId, AppError> {
    let id = LessonId::from(crate::new_id());
    sqlx::query(
        "INSERT INTO content (id, standard_id, slug, title, transcript, difficulty, status, version, \
         source_hash, render_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $10)",
    )
    .bind(&id)
    .bind(standard_id)
    .bind(slug)
    .bind(f.title)
    .bind(f.transcript)
    .bind(f.difficulty)
    .bind(f.status)
    .bind(f.source_hash)
    .bind(f.render_key)
    .bind(now)
    .execute(conn)
    .await
    ?;
    Ok(id)
}

/// Writes a changed document onto a lesson as its next version.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    f: &LessonFields<'_>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE content SET title = $1, transcript = $2, difficulty = $3, status = $4, \
         source_hash = $5, render_key = $6, version = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(f.title)
    .bind(f.transcript)
    .bind(f.difficulty)
    .bind(f.status)
    .bind(f.source_hash)
    .bind(f.render_key)
    .bind(version)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn replace_ksbs(
    conn: &mut AnyConnection,
    content_id: &LessonId,
    weights: &[(String, f64)],
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM content_ksbs WHERE content_id = $1")
        .bind(content_id)
        .execute(&mut *conn)
        .await?;
    for (ksb_id, weight) in weights {
        sqlx::query("INSERT INTO content_ksbs (content_id, ksb_id, weight) VALUES ($1, $2, $3)")
            .bind(content_id)
            .bind(ksb_id)
            .bind(*weight)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub struct NewQuestion<'a> {
    pub ksb_id: &'a str,
    pub prompt: &'a str,
    /// JSON array of option texts.
    pub options: String,
    /// The right option's index, as text.
    pub answer_key: String,
    pub explanation: &'a str,
    pub sort: i64,
}

pub async fn insert_question(
    conn: &mut AnyConnection,
    content_id: &LessonId,
    content_version: i64,
    q: &NewQuestion<'_>,
    now: i64,
) -> Result<String, AppError> {
    let id = crate::new_id();
    sqlx::query(
        "INSERT INTO questions (id, content_id, content_version, ksb_id, prompt, options, answer_key, \
         explanation, sort, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(content_id)
    .bind(content_version)
    .bind(q.ksb_id)
    .bind(q.prompt)
    .bind(&q.options)
    .bind(&q.answer_key)
    .bind(q.explanation)
    .bind(q.sort)
    .bind(now)
    .execute(conn)
    .await
    ?;
    Ok(id)
}

/// Points a lesson at its finished render, unless the lesson has since moved on to another.
pub async fn attach_media(
    conn: &mut AnyConnection,
    content_id: &LessonId,
    render_key: &str,
    keys: &crate::media::MediaKeys,
    duration_s: i64,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE content SET media_key = $1, captions_key = $2, poster_key = $3, duration_s = $4, \
         updated_at = $5 WHERE id = $6 AND render_key = $7",
    )
    .bind(&keys.video)
    .bind(&keys.captions)
    .bind(&keys.poster)
    .bind(duration_s)
    .bind(now)
    .bind(content_id)
    .bind(render_key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A published lesson with a video, as listed for learners.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublishedLesson {
    pub id: LessonId,
    pub slug: String,
    pub title: String,
    pub difficulty: i64,
    pub duration_s: i64,
    pub version: i64,
    pub media_key: String,
    pub captions_key: Option<String>,
    pub poster_key: Option<String>,
}

/// Published lessons of a standard that have their video, in slug order.
pub async fn published(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<PublishedLesson>, AppError> {
    sqlx::query_as(
        "SELECT id, slug, title, difficulty, duration_s, version, media_key, captions_key, poster_key \
         FROM content WHERE standard_id = $1 AND status = 'published' AND media_key IS NOT NULL \
         ORDER BY slug",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// One KSB a lesson teaches, with its weight.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LessonKsb {
    pub content_id: LessonId,
    pub ksb_id: String,
    pub code: String,
    pub weight: f64,
}

/// The KSBs of a standard's lessons, per lesson heaviest weight first.
pub async fn lesson_ksbs(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<LessonKsb>, AppError> {
    sqlx::query_as(
        "SELECT ck.content_id, ck.ksb_id, k.code, ck.weight FROM content_ksbs ck \
         JOIN content c ON c.id = ck.content_id JOIN ksbs k ON k.id = ck.ksb_id \
         WHERE c.standard_id = $1 ORDER BY ck.content_id, ck.weight DESC, k.sort",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// Published lessons of a standard still without a video.
pub async fn awaiting_render(conn: &mut AnyConnection, standard_id: &str) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM content WHERE standard_id = $1 AND status = 'published' AND media_key IS NULL",
    )
    .bind(standard_id)
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// What the interaction log needs to know of a lesson.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LessonRef {
    pub id: LessonId,
    pub standard_id: String,
    pub version: i64,
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<LessonRef>, AppError> {
    sqlx::query_as("SELECT id, standard_id, version FROM content WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// Titles of the lessons a learner has interacted with, by content id.
pub async fn titles_for_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<(LessonId, String)>, AppError> {
    sqlx::query_as(
        "SELECT c.id, c.title FROM content c WHERE c.id IN \
         (SELECT DISTINCT content_id FROM interactions WHERE learner_id = $1)",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}
