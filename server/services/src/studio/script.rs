//! Lessons written as a script in the studio: the same TOML + Markdown format as the files in
//! `content/lessons/`, previewed as the narration the video will speak, then brought in as a
//! draft and rendered by the background render workers (progress on the lesson's page). A
//! failed render says why and can be run again.

use crate::admin::require_admin;
use crate::db::Db;
use crate::lessons::sync;
use crate::lessons::{LessonDoc, LessonStatus};
use crate::media::MediaStore;
use crate::store::users::User;
use crate::store::{content, standards, studio};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{ScenePreview, ScriptIn, ScriptPreview};

/// The renderer's pace (words a minute) and the pause after each scene, for the estimate.
const WORDS_PER_MINUTE: f64 = 145.0;
const SCENE_PAUSE_S: f64 = 0.6;
/// The narration that makes a 60–90 s video.
const WORDS: std::ops::RangeInclusive<usize> = 150..=215;

/// Parses a script; a mistake is named with its line.
fn parse(script: &str) -> Result<LessonDoc, AppError> {
    if script.trim().is_empty() {
        return Err(AppError::invalid(
            "script",
            "Write or paste the lesson's script.",
        ));
    }
    let mut doc = LessonDoc::parse("script.md", script).map_err(|e| {
        AppError::invalid(
            "script",
            match e.line {
                Some(line) => format!("Line {line}: {}", e.message),
                None => e.message,
            },
        )
    })?;
    doc.slug = super::slugify(&doc.title);
    Ok(doc)
}

/// What the script will make, without writing or rendering anything.
pub fn preview(admin: &User, script: &str) -> Result<ScriptPreview, AppError> {
    require_admin(admin)?;
    let doc = parse(script)?;
    let words = doc.narration_words();
    let seconds = words as f64 * 60.0 / WORDS_PER_MINUTE + doc.scenes.len() as f64 * SCENE_PAUSE_S;
    let advice = (!WORDS.contains(&words)).then(|| {
        format!(
            "The narration has {words} words: {}–{} make the 60–90 s a lesson should last.",
            WORDS.start(),
            WORDS.end()
        )
    });
    Ok(ScriptPreview {
        scenes: doc
            .scenes
            .iter()
            .map(|s| ScenePreview {
                headline: s.headline.clone(),
                bullets: s.bullets.clone(),
                narration: s.narration.clone(),
                words: s.narration.split_whitespace().count(),
            })
            .collect(),
        title: doc.title,
        standard: doc.standard,
        difficulty: i64::from(doc.difficulty),
        ksbs: doc.ksbs.into_iter().map(|(c, _)| c).collect(),
        questions: doc.questions.len(),
        words,
        estimated_seconds: seconds.round() as i64,
        advice,
    })
}

/// Brings the script in as a draft (a new lesson, or the next version of `lesson_id`) and
/// queues its render; returns the lesson's id.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn bring_in(
    db: &Db,
    media: &MediaStore,
    renderer_id: &str,
    admin: &User,
    input: &ScriptIn,
    now: i64,
) -> Result<LessonId, AppError> {
    require_admin(admin)?;
    let mut doc = parse(&input.script)?;
    // Reviewed and published by the admin once the video is made.
    doc.status = LessonStatus::Draft;
    let mut conn = db.pool.acquire().await?;
    let standard_id = standards::id_by_reference(&mut conn, &doc.standard)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "script",
                format!("There is no standard {} in the library.", doc.standard),
            )
        })?;
    if let Some(id) = &input.lesson_id {
        let lesson = studio::find(&mut conn, id)
            .await?
            .ok_or_else(|| AppError::not_found("lesson"))?;
        if lesson.standard_id != standard_id {
            return Err(AppError::invalid(
                "script",
                "A lesson stays on its standard: start a new lesson for another one.",
            ));
        }
        doc.slug = lesson.slug;
    }
    drop(conn);
    sync::sync(db, media, renderer_id, std::slice::from_ref(&doc), now)
        .await
        .map_err(|e| AppError::invalid("script", e.message))?;
    let mut conn = db.pool.acquire().await?;
    let stored = content::find_by_slug(&mut conn, &standard_id, &doc.slug)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!("the lesson {} just synced is gone", doc.slug))
        })?;
    studio::set_script(&mut conn, &stored.id, &input.script).await?;
    tracing::info!(lesson = %stored.id, "lesson brought in from a script");
    Ok(stored.id)
}

/// Renders a lesson's script again (after a failed render): a new render job, or the one
/// waiting to be retried, now.
pub async fn render_again(
    db: &Db,
    media: &MediaStore,
    renderer_id: &str,
    admin: &User,
    lesson_id: &LessonId,
    now: i64,
) -> Result<LessonId, AppError> {
    require_admin(admin)?;
    let script = {
        let mut conn = db.pool.acquire().await?;
        studio::find(&mut conn, lesson_id)
            .await?
            .ok_or_else(|| AppError::not_found("lesson"))?
            .script
    }
    .ok_or_else(|| {
        AppError::conflict(
            "script",
            "This lesson has no script to render: upload its video instead.",
        )
    })?;
    let input = ScriptIn {
        script,
        lesson_id: Some(lesson_id.clone()),
    };
    let id = bring_in(db, media, renderer_id, admin, &input, now).await?;
    let mut conn = db.pool.acquire().await?;
    crate::store::jobs::hurry(&mut conn, &format!("render:{id}:"), now).await?;
    Ok(id)
}
