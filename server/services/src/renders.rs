//! Running lesson render jobs from the queue: render (or find the cached render), attach the
//! video to the lesson, record progress on the job while it runs.

use crate::db::Db;
use crate::lessons::sync::RenderJob;
use crate::media::render::Renderer;
use crate::media::store::MediaError;
use crate::media::{MediaKeys, MediaStore};
use crate::state::Clock;
use crate::store::jobs::JobKind;
use crate::store::{content, jobs};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What one turn of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    Idle,
    Rendered { content_id: LessonId },
    Failed { content_id: LessonId, error: String },
}

/// Claims and runs the next render job, if there is one.
pub async fn run_next(
    db: &Db,
    media: &MediaStore,
    renderer: &dyn Renderer,
    clock: &Clock,
) -> Result<Turn, AppError> {
    let now = clock.now_ms();
    let job = {
        let mut conn = db.pool.acquire().await?;
        jobs::claim(&mut conn, JobKind::Render, now).await?
    };
    let Some(job) = job else {
        return Ok(Turn::Idle);
    };
    let task: RenderJob = match serde_json::from_str(&job.payload) {
        Ok(t) => t,
        Err(e) => {
            let mut conn = db.pool.acquire().await?;
            let error = format!("unreadable job: {e}");
            jobs::fail(&mut conn, &job, &error, None, clock.now_ms()).await?;
            return Ok(Turn::Failed {
                content_id: LessonId::default(),
                error,
            });
        }
    };

    // Progress goes to the job row every couple of seconds while the render runs.
    let progress = Arc::new(AtomicU32::new(0));
    let seen = progress.clone();
    let report = move |p: f32| seen.store(p.to_bits(), Ordering::Relaxed);
    let render = media.ensure_render(renderer, &task.script, &report);
    tokio::pin!(render);
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    let outcome = loop {
        tokio::select! {
            out = &mut render => break out,
            _ = tick.tick() => {
                let p = f64::from(f32::from_bits(progress.load(Ordering::Relaxed)));
                if let Ok(mut conn) = db.pool.acquire().await {
                    let _ = jobs::set_progress(&mut conn, &job, p, clock.now_ms()).await;
                }
            }
        }
    };

    let now = clock.now_ms();
    let mut conn = db.pool.acquire().await?;
    match outcome {
        Ok((render_key, manifest, _)) => {
            let keys = MediaKeys::for_render(&render_key);
            let seconds = (manifest.duration_ms as i64 + 500) / 1000;
            content::attach_media(
                &mut conn,
                &task.content_id,
                &render_key,
                &keys,
                seconds,
                now,
            )
            .await?;
            jobs::complete(&mut conn, &job, now).await?;
            Ok(Turn::Rendered {
                content_id: task.content_id,
            })
        }
        Err(e) => {
            let transient = match &e {
                MediaError::Render(r) => r.is_transient(),
                MediaError::Key(_) => false,
                MediaError::Store(_) | MediaError::Io(_) => true,
            };
            let error = e.to_string();
            tracing::warn!(content_id = %task.content_id, attempt = job.attempts, %error, "render failed");
            let retry = transient.then_some(60_000 * job.attempts);
            jobs::fail(&mut conn, &job, &error, retry, now).await?;
            Ok(Turn::Failed {
                content_id: task.content_id,
                error,
            })
        }
    }
}
