//! Bringing lesson documents into the database: a new file becomes a lesson, a changed one
//! its next version (with new question rows; the old ones stay for the interactions that
//! point at them), an unchanged one is left alone. Then its video: attached at once when the
//! media store already has the render, otherwise queued as a render job.

use super::LessonDoc;
use crate::db::Db;
use crate::media::render::RenderScript;
use crate::media::{MediaKeys, MediaStore};
use crate::store::jobs::JobKind;
use crate::store::{content, jobs, ksbs, standards};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a render job carries: enough to render without reading any file again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenderJob {
    pub content_id: LessonId,
    pub render_key: String,
    pub script: RenderScript,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Lessons whose video was already in the media store and is now attached.
    pub attached: usize,
    /// Lessons waiting for a render job.
    pub queued: usize,
}

fn source_hash(doc: &LessonDoc) -> String {
    let json = serde_json::to_vec(doc).unwrap_or_default();
    hex::encode(&Sha256::digest(json)[..16])
}

/// Syncs `docs` into the database; each lesson in its own transaction.
pub async fn sync(
    db: &Db,
    media: &MediaStore,
    renderer_id: &str,
    docs: &[LessonDoc],
    now: i64,
) -> Result<SyncReport, AppError> {
    let mut report = SyncReport::default();
    for doc in docs {
        let script = doc.render_script();
        let render_key = script.render_key(renderer_id);
        let (content_id, has_media) = upsert(db, doc, &render_key, &mut report, now).await?;
        if has_media {
            continue;
        }
        let found = media
            .find_render(&render_key)
            .await
            .map_err(|e| AppError::internal(format!("media store unavailable: {e}")))?;
        let mut conn = db.pool.acquire().await?;
        match found {
            Some(manifest) => {
                let keys = MediaKeys::for_render(&render_key);
                let seconds = (manifest.duration_ms as i64 + 500) / 1000;
                content::attach_media(&mut conn, &content_id, &render_key, &keys, seconds, now)
                    .await?;
                report.attached += 1;
            }
            None => {
                let job = RenderJob {
                    content_id: content_id.clone(),
                    render_key: render_key.clone(),
                    script,
                };
                let payload = serde_json::to_string(&job).unwrap_or_default();
                let dedupe = format!("render:{content_id}:{render_key}");
                jobs::enqueue(&mut conn, JobKind::Render, &dedupe, &payload, now).await?;
                report.queued += 1;
            }
        }
    }
    Ok(report)
}

/// Writes one document; returns the lesson id and whether its current video matches it.
async fn upsert(
    db: &Db,
    doc: &LessonDoc,
    render_key: &str,
    report: &mut SyncReport,
    now: i64,
) -> Result<(LessonId, bool), AppError> {
    let hash = source_hash(doc);
    let transcript = doc.transcript();
    let fields = content::LessonFields {
        title: &doc.title,
        transcript: &transcript,
        difficulty: i64::from(doc.difficulty),
        status: doc.status.as_str(),
        source_hash: &hash,
        render_key,
    };
    let mut tx = db.begin_write().await?;
    let standard_id = standards::id_by_reference(&mut tx, &doc.standard)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "standard",
                format!(
                    "lesson {}: standard {} is not in the library; import it first",
                    doc.slug, doc.standard
                ),
            )
        })?;
    let ksb_ids = ksbs::live_ids_by_code(&mut tx, &standard_id).await?;
    let id_of = |code: &str| {
        ksb_ids.get(code).cloned().ok_or_else(|| {
            AppError::invalid(
                "ksbs",
                format!("lesson {}: {} has no KSB {code}", doc.slug, doc.standard),
            )
        })
    };
    let weights = doc
        .ksbs
        .iter()
        .map(|(code, w)| Ok((id_of(code)?, *w)))
        .collect::<Result<Vec<_>, AppError>>()?;

    let stored = content::find_by_slug(&mut tx, &standard_id, &doc.slug).await?;
    let (id, version) = match &stored {
        Some(s) if s.source_hash.as_deref() == Some(hash.as_str()) => {
            report.unchanged += 1;
            let current = s.media_key.is_some() && s.render_key.as_deref() == Some(render_key);
            return Ok((s.id.clone(), current));
        }
        Some(s) => {
            content::update(&mut tx, &s.id, s.version + 1, &fields, now).await?;
            report.updated += 1;
            (s.id.clone(), s.version + 1)
        }
        None => {
            let id = content::insert(&mut tx, &standard_id, &doc.slug, &fields, now).await?;
            report.created += 1;
            (id, 1)
        }
    };
    content::replace_ksbs(&mut tx, &id, &weights).await?;
    for (i, q) in doc.questions.iter().enumerate() {
        let ksb_id = id_of(&q.ksb)?;
        let question = content::NewQuestion {
            ksb_id: &ksb_id,
            prompt: &q.prompt,
            options: serde_json::to_string(&q.options).unwrap_or_default(),
            answer_key: q.answer.to_string(),
            explanation: &q.explanation,
            sort: i as i64,
        };
        content::insert_question(&mut tx, &id, version, &question, now).await?;
    }
    tx.commit().await?;
    let current = stored
        .is_some_and(|s| s.media_key.is_some() && s.render_key.as_deref() == Some(render_key));
    Ok((id, current))
}
