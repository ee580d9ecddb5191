//! Reading the studio: the lesson list (filtered) and one lesson as the editor shows it.

use super::lesson;
use crate::admin::require_admin;
use crate::catalogue::media_url;
use crate::db::Db;
use crate::store::studio::{self, LessonRecord};
use crate::store::users::User;
use crate::store::{jobs, ksbs, questions};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{
    KsbWeight, LessonVersion, QuestionEdit, RenderState, StudioKsb, StudioLesson, StudioLessonRow,
};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// What the list may be narrowed to.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LessonFilter {
    /// A standard's reference.
    pub standard: Option<String>,
    /// `draft` or `published`.
    pub status: Option<String>,
    /// Words in the title or slug, or a KSB code.
    pub q: Option<String>,
}

pub async fn list(
    db: &Db,
    admin: &User,
    filter: &LessonFilter,
) -> Result<Vec<StudioLessonRow>, AppError> {
    require_admin(admin)?;
    let mut conn = db.pool.acquire().await?;
    let mut codes: HashMap<LessonId, Vec<String>> = HashMap::new();
    for (id, code, _) in studio::mappings(&mut conn).await? {
        codes.entry(id).or_default().push(code);
    }
    let counts: HashMap<LessonId, i64> = studio::question_counts(&mut conn)
        .await?
        .into_iter()
        .collect();
    let wanted = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase)
    };
    let (standard, status, q) = (
        wanted(&filter.standard),
        wanted(&filter.status),
        wanted(&filter.q),
    );
    Ok(studio::all(&mut conn)
        .await?
        .into_iter()
        .map(|l| {
            let ksbs = codes.remove(&l.id).unwrap_or_default();
            StudioLessonRow {
                questions: counts.get(&l.id).copied().unwrap_or(0),
                has_video: l.media_key.is_some(),
                from_file: l.source_hash.is_some() && l.script.is_none(),
                updated_at: rfc3339(l.updated_at).unwrap_or_default(),
                id: l.id,
                standard: l.reference,
                slug: l.slug,
                title: l.title,
                status: l.status,
                version: l.version,
                difficulty: l.difficulty,
                duration_s: l.duration_s,
                ksbs,
            }
        })
        .filter(|r| {
            standard
                .as_ref()
                .is_none_or(|s| r.standard.to_lowercase() == *s)
        })
        .filter(|r| status.as_ref().is_none_or(|s| r.status.as_str() == s))
        .filter(|r| {
            q.as_ref().is_none_or(|q| {
                r.title.to_lowercase().contains(q)
                    || r.slug.contains(q)
                    || r.ksbs.iter().any(|k| k.to_lowercase() == *q)
            })
        })
        .collect())
}

/// What still stops a lesson from being published.
pub fn missing(l: &LessonRecord, ksbs: usize, questions: usize) -> Vec<String> {
    let mut out = Vec::new();
    if l.media_key.is_none() {
        out.push("a video".to_owned());
    }
    if ksbs == 0 {
        out.push("at least one KSB".to_owned());
    }
    if questions == 0 {
        out.push("at least one question".to_owned());
    }
    out
}

pub async fn detail(db: &Db, admin: &User, id: &str) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    let mut conn = db.pool.acquire().await?;
    load(&mut conn, id).await
}

/// The editor's view of a lesson (no role check: callers have made it).
pub(super) async fn load(conn: &mut AnyConnection, id: &str) -> Result<StudioLesson, AppError> {
    let l = lesson(&mut *conn, id).await?;
    let weights: Vec<KsbWeight> = studio::mapping_of(&mut *conn, &l.id)
        .await?
        .into_iter()
        .map(|(code, weight)| KsbWeight { code, weight })
        .collect();
    let qs: Vec<QuestionEdit> = questions::of_content(&mut *conn, &l.id)
        .await?
        .into_iter()
        .filter(|q| q.content_version == l.version)
        .map(|q| QuestionEdit {
            ksb: q.ksb_code,
            prompt: q.prompt,
            options: q.options,
            correct: q.answer,
            explanation: q.explanation,
        })
        .collect();
    let per_interactions: HashMap<i64, i64> = studio::interactions_per_version(&mut *conn, &l.id)
        .await?
        .into_iter()
        .collect();
    let per_questions: HashMap<i64, i64> = studio::questions_per_version(&mut *conn, &l.id)
        .await?
        .into_iter()
        .collect();
    let mut versions = vec![LessonVersion {
        version: l.version,
        title: l.title.clone(),
        current: true,
        has_video: l.media_key.is_some(),
        questions: qs.len() as i64,
        interactions: per_interactions.get(&l.version).copied().unwrap_or(0),
        superseded_at: None,
    }];
    for (version, title, has_video, at) in studio::earlier_versions(&mut *conn, &l.id).await? {
        versions.push(LessonVersion {
            version,
            title,
            current: false,
            has_video,
            questions: per_questions.get(&version).copied().unwrap_or(0),
            interactions: per_interactions.get(&version).copied().unwrap_or(0),
            superseded_at: rfc3339(at),
        });
    }
    let ksb_choices = ksbs::live_for_engine(&mut *conn, &l.standard_id)
        .await?
        .into_iter()
        .map(|k| StudioKsb {
            code: k.info.code,
            kind: k.info.kind,
            text: k.text,
        })
        .collect();
    let render = jobs::latest_for(&mut *conn, &format!("render:{}:", l.id))
        .await?
        .map(|j| RenderState {
            job_id: j.id,
            status: j.status,
            progress: j.progress,
            error: j.error,
        });
    Ok(StudioLesson {
        missing: missing(&l, weights.len(), qs.len()),
        id: l.id,
        standard: l.reference,
        slug: l.slug,
        title: l.title,
        status: l.status,
        version: l.version,
        difficulty: l.difficulty,
        transcript: l.transcript,
        video_url: l.media_key.as_deref().map(media_url),
        captions_url: l.captions_key.as_deref().map(media_url),
        poster_url: l.poster_key.as_deref().map(media_url),
        duration_s: l.duration_s,
        from_file: l.source_hash.is_some() && l.script.is_none(),
        ksbs: weights,
        questions: qs,
        versions,
        ksb_choices,
        render,
        script: l.script,
    })
}
