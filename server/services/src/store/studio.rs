//! What the content studio reads and writes beyond the lesson sync: the admin's lesson list,
//! one lesson's editable state, versions and media.

use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::studio::LessonStatus;
use sqlx::AnyConnection;

/// A lesson row for the studio.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LessonRecord {
    pub id: LessonId,
    pub standard_id: String,
    pub reference: String,
    pub slug: String,
    pub title: String,
    pub status: LessonStatus,
    pub version: i64,
    pub difficulty: i64,
    pub transcript: String,
    pub media_key: Option<String>,
    pub captions_key: Option<String>,
    pub poster_key: Option<String>,
    pub duration_s: i64,
    pub source_hash: Option<String>,
    pub script: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const RECORD: &str = "c.id, c.standard_id, s.reference, c.slug, c.title, c.status, c.version, \
     c.difficulty, c.transcript, c.media_key, c.captions_key, c.poster_key, c.duration_s, \
     c.source_hash, c.script, c.created_at, c.updated_at";

/// Every lesson, newest change first.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<LessonRecord>, AppError> {
    sqlx::query_as(&format!(
        "SELECT {RECORD} FROM content c JOIN standards s ON s.id = c.standard_id \
         ORDER BY c.updated_at DESC, c.id"
    ))
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<LessonRecord>, AppError> {
    sqlx::query_as(&format!(
        "SELECT {RECORD} FROM content c JOIN standards s ON s.id = c.standard_id WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// (content id, KSB code, weight) of every lesson, in document order.
pub async fn mappings(conn: &mut AnyConnection) -> Result<Vec<(LessonId, String, f64)>, AppError> {
    sqlx::query_as(
        "SELECT ck.content_id, k.code, ck.weight FROM content_ksbs ck \
         JOIN ksbs k ON k.id = ck.ksb_id ORDER BY ck.content_id, k.sort",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (KSB code, weight) of one lesson, in document order.
pub async fn mapping_of(
    conn: &mut AnyConnection,
    content_id: &LessonId,
) -> Result<Vec<(String, f64)>, AppError> {
    sqlx::query_as(
        "SELECT k.code, ck.weight FROM content_ksbs ck JOIN ksbs k ON k.id = ck.ksb_id \
         WHERE ck.content_id = $1 ORDER BY k.sort",
    )
    .bind(content_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// (content id, questions of its current version).
pub async fn question_counts(conn: &mut AnyConnection) -> Result<Vec<(LessonId, i64)>, AppError> {
    sqlx::query_as(
        "SELECT q.content_id, COUNT(*) FROM questions q JOIN content c ON c.id = q.content_id \
         WHERE q.content_version = c.version GROUP BY q.content_id",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// Whether a slug is taken on a standard.
/// Interactions per version of a lesson.
pub async fn interactions_per_version(
    conn: &mut AnyConnection,
    content_id: &LessonId,
) -> Result<Vec<(i64, i64)>, AppError> {
    sqlx::query_as(
        "SELECT content_version, COUNT(*) FROM interactions WHERE content_id = $1 \
         GROUP BY content_version",
    )
    .bind(content_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// Questions per version of a lesson.
pub async fn questions_per_version(
    conn: &mut AnyConnection,
    content_id: &LessonId,
) -> Result<Vec<(i64, i64)>, AppError> {
    sqlx::query_as(
        "SELECT content_version, COUNT(*) FROM questions WHERE content_id = $1 \
         GROUP BY content_version",
    )
    .bind(content_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// Earlier versions: (version, title, has video, superseded_at), newest first.
pub async fn earlier_versions(
    conn: &mut AnyConnection,
    content_id: &LessonId,
) -> Result<Vec<(i64, String, bool, i64)>, AppError> {
    let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT version, title, media_key, superseded_at FROM content_versions \
         WHERE content_id = $1 ORDER BY version DESC",
    )
    .bind(content_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(v, t, m, at)| (v, t, m.is_some(), at))
        .collect())
}

/// Keeps the current version as it is and moves the lesson on to the next one.
pub async fn start_next_version(
    conn: &mut AnyConnection,
    l: &LessonRecord,
    by: &str,
    now: i64,
) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO content_versions (content_id, version, title, media_key, captions_key, \
         poster_key, duration_s, created_at, superseded_at, superseded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&l.id)
    .bind(l.version)
    .bind(&l.title)
    .bind(&l.media_key)
    .bind(&l.captions_key)
    .bind(&l.poster_key)
    .bind(l.duration_s)
    .bind(l.updated_at)
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    let next = l.version + 1;
    sqlx::query("UPDATE content SET version = $1, updated_at = $2 WHERE id = $3")
        .bind(next)
        .bind(now)
        .bind(&l.id)
        .execute(conn)
        .await?;
    Ok(next)
}

/// A new draft with `slug`, or `None` when the standard has a lesson with that slug already
/// (the unique constraint decides, so concurrent creates cannot both take it).
pub async fn new_lesson(
    conn: &mut AnyConnection,
    standard_id: &str,
    slug: &str,
    title: &str,
    difficulty: i64,
    now: i64,
) -> Result<Option<LessonId>, AppError> {
    let id = LessonId::from(crate::new_id());
    let done = sqlx::query(
        "INSERT INTO content (id, standard_id, slug, title, difficulty, status, version, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $6) \
         ON CONFLICT (standard_id, slug) DO NOTHING",
    )
    .bind(&id)
    .bind(standard_id)
    .bind(slug)
    .bind(title)
    .bind(difficulty)
    .bind(now)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

pub async fn set_text(
    conn: &mut AnyConnection,
    id: &str,
    title: &str,
    difficulty: i64,
    transcript: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE content SET title = $1, difficulty = $2, transcript = $3, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(title)
    .bind(difficulty)
    .bind(transcript)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the questions of one version (only ever a version no learner has seen).
pub async fn drop_questions(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM questions WHERE content_id = $1 AND content_version = $2")
        .bind(id)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: &str,
    status: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE content SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Points the lesson at an uploaded video and its poster (render_key cleared: the video no
/// longer comes from the script).
pub async fn set_video(
    conn: &mut AnyConnection,
    id: &str,
    video: &str,
    poster: Option<&str>,
    duration_s: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE content SET media_key = $1, poster_key = $2, duration_s = $3, render_key = NULL, \
         updated_at = $4 WHERE id = $5",
    )
    .bind(video)
    .bind(poster)
    .bind(duration_s)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_captions(
    conn: &mut AnyConnection,
    id: &str,
    key: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE content SET captions_key = $1, updated_at = $2 WHERE id = $3")
        .bind(key)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the lesson's row lock for the current transaction (a no-op write, portable to both
/// backends); returns quietly when there is no such lesson.
pub async fn lock(conn: &mut AnyConnection, id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE content SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the script a lesson was written as.
pub async fn set_script(conn: &mut AnyConnection, id: &str, script: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE content SET script = $1 WHERE id = $2")
        .bind(script)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
