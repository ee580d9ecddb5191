//! The content studio over REST (`/api/v1/admin/lessons…`), admins only: the same services as
//! the studio pages. The video upload is a raw body (`Content-Type: video/mp4`), streamed to
//! disk and checked by content.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, CurrentUser};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use flowline_core::domain::LessonId;
use flowline_core::model::{
    LessonSave, NewLessonIn, ScriptIn, ScriptPreview, StudioLesson, StudioLessonRow,
};
use services::state::AppState;
use services::studio::view::LessonFilter;
use services::studio::{edit, media, script, view};

/// Lessons of every standard, newest change first; filter by standard, status or words.
#[utoipa::path(get, path = "/admin/lessons", tag = "admin",
    params(LessonFilter),
    responses((status = 200, body = [StudioLessonRow]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(filter): ApiQuery<LessonFilter>,
) -> Result<Json<Vec<StudioLessonRow>>, ApiError> {
    Ok(Json(view::list(&state.db, &user, &filter).await?))
}

/// A new draft lesson on a standard.
#[utoipa::path(post, path = "/admin/lessons", tag = "admin",
    request_body = NewLessonIn,
    responses((status = 201, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<NewLessonIn>,
) -> Result<(StatusCode, Json<StudioLesson>), ApiError> {
    let out = edit::create(&state.db, &user, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Everything the editor shows: text, mapping, questions, media, versions.
#[utoipa::path(get, path = "/admin/lessons/{id}", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LessonId>,
) -> Result<Json<StudioLesson>, ApiError> {
    Ok(Json(view::detail(&state.db, &user, &id).await?))
}

/// Saves title, difficulty, transcript, KSB mapping (weights) and questions, whole. On a
/// lesson learners may have seen this starts a new version.
#[utoipa::path(put, path = "/admin/lessons/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = LessonSave,
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "The field at fault is named, e.g. `questions[0].options`", body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<LessonId>,
    ApiJson(input): ApiJson<LessonSave>,
) -> Result<Json<StudioLesson>, ApiError> {
    Ok(Json(
        edit::save(&state.db, &user, &id, input, state.now_ms()).await?,
    ))
}

/// Uploads the lesson's video: an MP4 body, at most the configured size (200 MB by
/// default). Checked by content (MP4 container with a picture), made faststart, given a poster.
#[utoipa::path(put, path = "/admin/lessons/{id}/video", tag = "admin",
    params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "video/mp4"),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, description = "Over the size limit", body = ErrorBody),
        (status = 422, description = "Not an MP4 video, or too long", body = ErrorBody)))]
pub async fn upload_video(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<LessonId>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<StudioLesson>, Response> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let out = media::upload_video(
        &state,
        &user,
        &id,
        body.into_data_stream(),
        declared,
        state.now_ms(),
    )
    .await;
    // A refusal over the limit says `Connection: close` (see `ApiError`).
    out.map(Json).map_err(|e| ApiError(e).into_response())
}

/// Uploads WebVTT captions (`text/vtt`, up to 256 KB).
#[utoipa::path(put, path = "/admin/lessons/{id}/captions", tag = "admin",
    params(("id" = String, Path)),
    request_body(content = String, content_type = "text/vtt"),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_captions(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<LessonId>,
    body: Body,
) -> Result<Json<StudioLesson>, ApiError> {
    let body = super::extract::read_limited(body, state.uploads.max_body_bytes).await?;
    let out =
        media::upload_captions(&state.db, &state.media, &user, &id, &body, state.now_ms()).await?;
    Ok(Json(out))
}

/// Makes captions from the transcript, timed over the video.
#[utoipa::path(post, path = "/admin/lessons/{id}/captions/generate", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn generate_captions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LessonId>,
) -> Result<Json<StudioLesson>, ApiError> {
    let out = media::generate_captions(&state.db, &state.media, &user, &id, state.now_ms()).await?;
    Ok(Json(out))
}

/// Publishes: learners of the standard get it in their feed. Needs a video, a KSB, a question.
#[utoipa::path(post, path = "/admin/lessons/{id}/publish", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "What is missing is named", body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LessonId>,
) -> Result<Json<StudioLesson>, ApiError> {
    Ok(Json(
        edit::set_published(&state.db, &user, &id, true, state.now_ms()).await?,
    ))
}

/// Takes a lesson back to draft (out of learners' feeds; their evidence stays).
#[utoipa::path(post, path = "/admin/lessons/{id}/unpublish", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unpublish(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LessonId>,
) -> Result<Json<StudioLesson>, ApiError> {
    Ok(Json(
        edit::set_published(&state.db, &user, &id, false, state.now_ms()).await?,
    ))
}

/// What a lesson script will make — its scenes and narration, word count and estimated
/// length — without writing or rendering anything. A mistake is named with its line.
#[utoipa::path(post, path = "/admin/lessons/from-script/preview", tag = "admin",
    request_body = ScriptIn,
    responses((status = 200, body = ScriptPreview), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "The script's mistake, with its line", body = ErrorBody)))]
pub async fn script_preview(
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<ScriptIn>,
) -> Result<Json<ScriptPreview>, ApiError> {
    Ok(Json(script::preview(&user, &input.script)?))
}

/// Brings a lesson script in as a draft (or the next version of `lesson_id`) and queues its
/// video's render; the lesson's `render` shows the progress.
#[utoipa::path(post, path = "/admin/lessons/from-script", tag = "admin",
    request_body = ScriptIn,
    responses((status = 201, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such lesson_id", body = ErrorBody),
        (status = 422, description = "The script's mistake, with its line", body = ErrorBody)))]
pub async fn from_script(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<ScriptIn>,
) -> Result<(StatusCode, Json<StudioLesson>), ApiError> {
    let id = script::bring_in(
        &state.db,
        &state.media,
        state.renderer.id(),
        &user,
        &input,
        state.now_ms(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(view::detail(&state.db, &user, &id).await?),
    ))
}

/// Renders the lesson's script again (after a render failed).
#[utoipa::path(post, path = "/admin/lessons/{id}/render", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 202, body = StudioLesson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The lesson has no script", body = ErrorBody)))]
pub async fn render_again(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LessonId>,
) -> Result<(StatusCode, Json<StudioLesson>), ApiError> {
    let id = script::render_again(
        &state.db,
        &state.media,
        state.renderer.id(),
        &user,
        &id,
        state.now_ms(),
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(view::detail(&state.db, &user, &id).await?),
    ))
}
