//! Resumable uploads over REST (the core of the tus protocol, in JSON): declare a file, send
//! it in chunks each saying where it starts (`Upload-Offset`), ask where it stands after a
//! dropped connection; and the files of evidence, to those who may read them.

use super::error::{ApiError, ErrorBody};
use super::extract::{read_limited, ApiJson, CurrentUser};
use super::media::serve_object;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use flowline_core::domain::upload::CHUNK_BYTES;
use flowline_core::error::AppError;
use flowline_core::model::{UploadIn, UploadState};
use services::job_evidence::files;
use services::state::AppState;
use services::uploads;

/// The header a chunk says where it starts with, and an answer says where the upload stands.
pub const UPLOAD_OFFSET: &str = "upload-offset";

fn with_offset(state: UploadState, status: StatusCode) -> Response {
    let mut res = (status, Json(&state)).into_response();
    if let Ok(v) = HeaderValue::from_str(&state.received.to_string()) {
        res.headers_mut()
            .insert(HeaderName::from_static(UPLOAD_OFFSET), v);
    }
    res
}

/// Declares a file about to be sent in chunks (a learner or a mentor). The same bytes
/// declared again by the same person find the first upload: carry on from its `received`.
#[utoipa::path(post, path = "/uploads", tag = "evidence",
    request_body = UploadIn,
    responses(
        (status = 201, body = UploadState),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner or a mentor", body = ErrorBody),
        (status = 413, description = "Over the limit for its kind (named)", body = ErrorBody),
        (status = 422, description = "A type not accepted, or a malformed SHA-256", body = ErrorBody),
    ))]
pub async fn begin(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    ApiJson(input): ApiJson<UploadIn>,
) -> Result<Response, ApiError> {
    let s = uploads::begin(&state.db, &state.media, &caller, &input, state.now_ms()).await?;
    Ok(with_offset(s, StatusCode::CREATED))
}

/// Where an upload stands (its `Upload-Offset` header too).
#[utoipa::path(get, path = "/uploads/{id}", tag = "evidence",
    params(("id" = String, Path, description = "The upload")),
    responses(
        (status = 200, body = UploadState),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such upload of the caller's", body = ErrorBody),
    ))]
pub async fn status(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let s = uploads::status(&state.db, &state.media, &caller, &id, state.now_ms()).await?;
    Ok(with_offset(s, StatusCode::OK))
}

/// Sends the chunk that starts at byte `Upload-Offset` (at most 512 KiB, as
/// `application/offset+octet-stream`). With the last chunk the file is checked against its
/// SHA-256 and type and stored; if it does not match, it starts again from nothing (422).
#[utoipa::path(patch, path = "/uploads/{id}", tag = "evidence",
    params(
        ("id" = String, Path, description = "The upload"),
        ("Upload-Offset" = u64, Header, description = "Where this chunk starts"),
    ),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 200, body = UploadState),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such upload of the caller's", body = ErrorBody),
        (status = 409, description = "The chunk does not start where the upload stands", body = ErrorBody),
        (status = 413, description = "A chunk over 512 KiB", body = ErrorBody),
        (status = 422, description = "An empty chunk, or the whole file did not match its SHA-256 or type", body = ErrorBody),
    ))]
pub async fn append(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let offset = headers
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| {
            ApiError(AppError::invalid(
                "Upload-Offset",
                "Say where the chunk starts in an Upload-Offset header.",
            ))
        })?;
    let bytes = read_limited(body, CHUNK_BYTES as usize).await?;
    let s = uploads::append(
        &state.db,
        &state.media,
        &caller,
        &id,
        offset,
        bytes,
        state.now_ms(),
    )
    .await?;
    Ok(with_offset(s, StatusCode::OK))
}

/// A file of evidence from the job or of a sign-off: to the person who sent it and to those
/// who may read the evidence of a learner it belongs to; with byte ranges (a video seeks).
#[utoipa::path(get, path = "/files/{id}", tag = "evidence",
    params(("id" = String, Path, description = "The upload")),
    responses(
        (status = 200, description = "The file, as its type", body = Vec<u8>),
        (status = 206, description = "A byte range of it", body = Vec<u8>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such file, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let row = files::open(&state.db, &caller, &id, state.now_ms()).await?;
    Ok(serve_object(
        &state.media,
        &uploads::file_key(&row.id),
        &row.content_type,
        // An upload's bytes never change; only those signed in may read them.
        "private, max-age=31536000, immutable",
        &method,
        &headers,
    )
    .await)
}
