//! Reading the lesson catalogue.

use crate::db::Db;
use crate::store::{content, standards};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{LessonList, LessonSummary};
use std::collections::HashMap;

/// The public URL of a stored media object.
pub fn media_url(key: &str) -> String {
    format!("/media/{key}")
}

/// Published lessons of a standard that have their video, with their KSB codes.
pub async fn list(db: &Db, reference: &str) -> Result<LessonList, AppError> {
    let mut conn = db.pool.acquire().await?;
    let standard_id = standards::id_by_reference(&mut conn, reference)
        .await?
        .ok_or_else(|| AppError::not_found(&format!("Standard {reference}")))?;
    let rows = content::published(&mut conn, &standard_id).await?;
    let mut codes: HashMap<LessonId, Vec<String>> = HashMap::new();
    for k in content::lesson_ksbs(&mut conn, &standard_id).await? {
        codes.entry(k.content_id).or_default().push(k.code);
    }
    let rendering = content::awaiting_render(&mut conn, &standard_id).await?;
    let lessons = rows
        .into_iter()
        .map(|r| LessonSummary {
            ksbs: codes.remove(&r.id).unwrap_or_default(),
            video_url: media_url(&r.media_key),
            captions_url: r.captions_key.as_deref().map(media_url),
            poster_url: r.poster_key.as_deref().map(media_url),
            id: r.id,
            slug: r.slug,
            title: r.title,
            difficulty: r.difficulty,
            duration_s: r.duration_s,
            version: r.version,
        })
        .collect();
    Ok(LessonList {
        standard: reference.to_owned(),
        rendering,
        lessons,
    })
}
