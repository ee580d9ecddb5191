//! A lesson's video and captions, from the admin's upload. The video is spooled to disk as it
//! arrives (never whole in memory while it streams, and cut off at the size limit), checked by
//! its content — an MP4 container with a video track, not a name — made faststart when it is
//! not (ffmpeg, stream copy), given a poster frame, then stored.

use super::view::load;
use super::{lesson, lesson_for_update, version_for_change};
use crate::admin::require_admin;
use crate::db::Db;
use crate::media::mp4::{is_faststart_mp4, top_level_boxes};
use crate::media::render::captions::{parse_vtt, to_vtt, Cue};
use crate::media::MediaStore;
use crate::state::{AppState, Uploads};
use crate::store::studio;
use crate::store::users::User;
use bytes::Bytes;
use flowline_core::domain::LessonId;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::StudioLesson;
use futures_util::{Stream, StreamExt};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// The longest lesson video accepted (micro-lessons run 60–90 s).
pub const MAX_VIDEO_S: f64 = 600.0;
/// The largest captions file accepted.
pub const MAX_CAPTIONS_BYTES: usize = 256 * 1024;

fn too_large(limit: u64) -> AppError {
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "The video is larger than {} MB. Export it smaller (720p H.264 suits phones).",
            limit / (1024 * 1024)
        ),
    )
}

fn not_a_video(detail: &str) -> AppError {
    AppError::invalid(
        "video",
        format!("This file is not an MP4 video ({detail}). Export the lesson as MP4 (H.264)."),
    )
}

fn internal(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("{what}: {e}"))
}

/// A spooled upload, removed when dropped.
struct Spool(PathBuf);

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes the body to the spool directory, stopping at `limit` bytes.
async fn spool<S, E>(uploads: &Uploads, mut body: S, limit: u64) -> Result<Spool, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    tokio::fs::create_dir_all(&uploads.spool_dir)
        .await
        .map_err(|e| internal("spool directory", e))?;
    let file = Spool(
        uploads
            .spool_dir
            .join(format!("{}.upload", crate::new_id())),
    );
    let mut out = tokio::fs::File::create(&file.0)
        .await
        .map_err(|e| internal("spool file", e))?;
    let mut written = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::bad_request(format!("The upload was interrupted ({e}); try again."))
        })?;
        written += chunk.len() as u64;
        if written > limit {
            return Err(too_large(limit));
        }
        out.write_all(&chunk)
            .await
            .map_err(|e| internal("spool write", e))?;
    }
    out.flush().await.map_err(|e| internal("spool flush", e))?;
    if written == 0 {
        return Err(AppError::invalid(
            "video",
            "The upload is empty; choose a video file.",
        ));
    }
    Ok(file)
}

async fn tool(cmd: &mut Command, what: &str) -> Result<std::process::Output, AppError> {
    let out = cmd
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| internal(what, e))?;
    Ok(out)
}

/// The duration in seconds of the first video track, or why the file is not a video.
async fn probe(path: &Path) -> Result<f64, AppError> {
    let out = tool(
        Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v:0"])
            .args([
                "-show_entries",
                "stream=codec_type:format=duration",
                "-of",
                "json",
            ])
            .arg(path),
        "ffprobe",
    )
    .await?;
    if !out.status.success() {
        return Err(not_a_video("it could not be read"));
    }
    let info: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| internal("ffprobe output", e))?;
    if info["streams"].as_array().is_none_or(Vec::is_empty) {
        return Err(not_a_video("it has no picture"));
    }
    info["format"]["duration"]
        .as_str()
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| *d > 0.0)
        .ok_or_else(|| not_a_video("it has no length"))
}

/// Moves the index to the front (stream copy: no re-encoding).
async fn faststart(input: &Path, output: &Path) -> Result<(), AppError> {
    let out = tool(
        Command::new("ffmpeg")
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i"])
            .arg(input)
            .args([
                "-map",
                "0",
                "-c",
                "copy",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
            ])
            .arg(output),
        "ffmpeg faststart",
    )
    .await?;
    if out.status.success() {
        Ok(())
    } else {
        Err(not_a_video(&format!(
            "it could not be repacked: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("")
        )))
    }
}

/// A JPEG frame a little into the video, 720 pixels wide.
async fn poster(input: &Path, at_s: f64, output: &Path) -> Option<()> {
    let out = tool(
        Command::new("ffmpeg")
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
            .args(["-ss", &format!("{at_s:.2}"), "-i"])
            .arg(input)
            .args(["-frames:v", "1", "-vf", "scale=720:-2", "-q:v", "4"])
            .arg(output),
        "ffmpeg poster",
    )
    .await
    .ok()?;
    out.status.success().then_some(())
}

fn is_faststart(path: &Path) -> Result<bool, AppError> {
    let file = std::fs::File::open(path).map_err(|e| internal("open spool", e))?;
    let boxes = top_level_boxes(std::io::BufReader::new(file))
        .map_err(|_| not_a_video("it is not an MP4 container"))?;
    let has = |k: &str| boxes.iter().any(|(kind, _)| kind == k);
    if boxes.first().is_none_or(|(k, _)| k != "ftyp") || !has("moov") || !has("mdat") {
        return Err(not_a_video("it is not an MP4 container"));
    }
    Ok(is_faststart_mp4(&boxes))
}

/// Takes an uploaded video for a lesson. On a lesson learners may have seen, the new video
/// starts a new version (its questions carried over); the old video stays with the old one.
pub async fn upload_video<S, E>(
    state: &AppState,
    admin: &User,
    id: &LessonId,
    body: S,
    declared_len: Option<u64>,
    now: i64,
) -> Result<StudioLesson, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    require_admin(admin)?;
    let (db, media, uploads) = (&state.db, &state.media, &state.uploads);
    {
        let mut conn = db.pool.acquire().await?;
        lesson(&mut conn, id).await?;
    }
    let limit = uploads.max_video_bytes;
    if declared_len.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let raw = spool(uploads, body, limit).await?;
    let fast = Spool(raw.0.with_extension("mp4"));
    let playable = if is_faststart(&raw.0)? {
        &raw
    } else {
        faststart(&raw.0, &fast.0).await?;
        if !is_faststart(&fast.0)? {
            return Err(not_a_video("it could not be made to start quickly"));
        }
        &fast
    };
    let duration = probe(&playable.0).await?;
    if duration > MAX_VIDEO_S {
        return Err(AppError::invalid(
            "video",
            format!(
                "The video runs {:.0} s; lessons are short (up to {:.0} s).",
                duration, MAX_VIDEO_S
            ),
        ));
    }
    let frame = Spool(raw.0.with_extension("jpg"));
    let has_poster = poster(&playable.0, (duration / 3.0).min(2.0), &frame.0)
        .await
        .is_some();

    let base = format!("uploads/{id}/{}", crate::new_id());
    let video_key = format!("{base}/video.mp4");
    let poster_key = format!("{base}/poster.jpg");
    let bytes = tokio::fs::read(&playable.0)
        .await
        .map_err(|e| internal("read spool", e))?;
    media
        .put(&video_key, bytes)
        .await
        .map_err(|e| internal("store video", e))?;
    if has_poster {
        let jpg = tokio::fs::read(&frame.0)
            .await
            .map_err(|e| internal("read poster", e))?;
        media
            .put(&poster_key, jpg)
            .await
            .map_err(|e| internal("store poster", e))?;
    }

    let mut tx = db.begin_write().await?;
    let l = lesson_for_update(&mut tx, id).await?;
    version_for_change(&mut tx, &l, &admin.id, true, now).await?;
    let seconds = duration.round() as i64;
    studio::set_video(
        &mut tx,
        id,
        &video_key,
        has_poster.then_some(poster_key.as_str()),
        seconds.max(1),
        now,
    )
    .await?;
    let out = load(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, lesson = %id, seconds, "lesson video uploaded");
    Ok(out)
}

async fn store_captions(
    db: &Db,
    media: &MediaStore,
    admin: &User,
    id: &LessonId,
    vtt: String,
    now: i64,
) -> Result<StudioLesson, AppError> {
    let key = format!("uploads/{id}/{}/captions.vtt", crate::new_id());
    media
        .put(&key, vtt.into_bytes())
        .await
        .map_err(|e| internal("store captions", e))?;
    let mut tx = db.begin_write().await?;
    let l = lesson_for_update(&mut tx, id).await?;
    version_for_change(&mut tx, &l, &admin.id, true, now).await?;
    studio::set_captions(&mut tx, id, &key, now).await?;
    let out = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(out)
}

/// Takes an uploaded WebVTT file, checked cue by cue.
pub async fn upload_captions(
    db: &Db,
    media: &MediaStore,
    admin: &User,
    id: &LessonId,
    body: &[u8],
    now: i64,
) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    if body.len() > MAX_CAPTIONS_BYTES {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            "The captions file is larger than 256 KB.",
        ));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| AppError::invalid("captions", "Captions must be a UTF-8 WebVTT file."))?;
    let cues = parse_vtt(text).map_err(|e| {
        AppError::invalid("captions", format!("These are not WebVTT captions: {e}."))
    })?;
    if cues.is_empty() {
        return Err(AppError::invalid(
            "captions",
            "The captions file has no cues.",
        ));
    }
    store_captions(db, media, admin, id, text.replace("\r\n", "\n"), now).await
}

/// Captions made from the transcript, spread over the video by the length of each sentence.
pub async fn generate_captions(
    db: &Db,
    media: &MediaStore,
    admin: &User,
    id: &LessonId,
    now: i64,
) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    let l = {
        let mut conn = db.pool.acquire().await?;
        lesson(&mut conn, id).await?
    };
    if l.media_key.is_none() || l.duration_s <= 0 {
        return Err(AppError::invalid("captions", "Upload the video first."));
    }
    let cues = cues_from_transcript(&l.transcript, l.duration_s as f64);
    if cues.is_empty() {
        return Err(AppError::invalid(
            "transcript",
            "Write the transcript first: captions are made from it.",
        ));
    }
    store_captions(db, media, admin, id, to_vtt(&cues), now).await
}

/// Sentences of the transcript as cues, each lasting in proportion to its words.
pub fn cues_from_transcript(transcript: &str, duration_s: f64) -> Vec<Cue> {
    let mut sentences: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in transcript.split_whitespace() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        let ends = word.ends_with(['.', '!', '?']);
        if ends || current.split_whitespace().count() >= 14 {
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    if words == 0 {
        return Vec::new();
    }
    let per_word_ms = duration_s * 1000.0 / words as f64;
    let mut at = 0.0_f64;
    sentences
        .into_iter()
        .map(|text| {
            let len = text.split_whitespace().count() as f64 * per_word_ms;
            let cue = Cue {
                start_ms: at.round() as u64,
                end_ms: (at + len).round() as u64,
                text,
            };
            at += len;
            cue
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_from_a_transcript_cover_the_video_sentence_by_sentence() {
        let cues = cues_from_transcript(
            "Check the cable is dead. Prove your tester before and after use!",
            10.0,
        );
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].text, "Check the cable is dead.");
        assert_eq!(cues[0].start_ms, 0);
        assert_eq!(cues[1].end_ms, 10_000);
        assert_eq!(cues[0].end_ms, cues[1].start_ms);
        assert!(cues_from_transcript("   ", 10.0).is_empty());
    }
}
