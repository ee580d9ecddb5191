//! The content studio: admins make lessons — text, KSB mapping with weights, quick-check
//! questions, video and captions — and publish them. A lesson learners may already have seen
//! (published, or with interactions on its current version) is never edited in place: the
//! change starts a new version, and old interactions keep pointing at the version, video and
//! questions they were made on.

pub mod edit;
pub mod media;
pub mod script;
pub mod view;

use crate::store::studio::{self, LessonRecord};
use crate::store::{content, questions};
use flowline_core::error::AppError;
use flowline_core::model::studio::LessonStatus;
use sqlx::AnyConnection;

/// The lesson, or "not found".
async fn lesson(conn: &mut AnyConnection, id: &str) -> Result<LessonRecord, AppError> {
    studio::find(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("lesson"))
}

/// The lesson a write transaction is about to change, locked for the rest of it: two saves
/// or publishes of one lesson at once then run one after the other (on PostgreSQL; SQLite's
/// `BEGIN IMMEDIATE` already does), so both cannot start the same new version.
async fn lesson_for_update(conn: &mut AnyConnection, id: &str) -> Result<LessonRecord, AppError> {
    studio::lock(conn, id).await?;
    lesson(conn, id).await
}

/// Whether a change must start a new version: learners may have seen this one.
async fn seen_by_learners(conn: &mut AnyConnection, l: &LessonRecord) -> Result<bool, AppError> {
    if l.status == LessonStatus::Published {
        return Ok(true);
    }
    let per_version = studio::interactions_per_version(conn, &l.id).await?;
    Ok(per_version.iter().any(|(v, n)| *v == l.version && *n > 0))
}

/// The version a change is written to: the current one while no learner has seen it, else a
/// new one (`keep_questions`: the new version starts with the current questions).
async fn version_for_change(
    conn: &mut AnyConnection,
    l: &LessonRecord,
    admin_id: &str,
    keep_questions: bool,
    now: i64,
) -> Result<i64, AppError> {
    if !seen_by_learners(&mut *conn, l).await? {
        return Ok(l.version);
    }
    let current: Vec<questions::Question> = questions::of_content(&mut *conn, &l.id)
        .await?
        .into_iter()
        .filter(|q| q.content_version == l.version)
        .collect();
    let next = studio::start_next_version(&mut *conn, l, admin_id, now).await?;
    if keep_questions {
        for (i, q) in current.iter().enumerate() {
            content::insert_question(
                &mut *conn,
                &l.id,
                next,
                &content::NewQuestion {
                    ksb_id: &q.ksb_id,
                    prompt: &q.prompt,
                    options: serde_json::to_string(&q.options).map_err(AppError::internal)?,
                    answer_key: q.answer.to_string(),
                    explanation: &q.explanation,
                    sort: i as i64,
                },
                now,
            )
            .await?;
        }
    }
    tracing::info!(lesson = %l.id, version = next, "lesson moved to a new version");
    Ok(next)
}

/// Lowercase words joined by dashes, for a lesson's slug.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let cut: String = out.chars().take(60).collect();
    if cut.is_empty() {
        "lesson".into()
    } else {
        cut.trim_end_matches('-').to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_short_lowercase_words() {
        assert_eq!(
            super::slugify("Cutting back the sheath!"),
            "cutting-back-the-sheath"
        );
        assert_eq!(super::slugify("  LV — 11 kV "), "lv-11-kv");
        assert_eq!(super::slugify("???"), "lesson");
    }
}
