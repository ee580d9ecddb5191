//! A person's data rights over REST: ask for a copy of their data, follow it being made,
//! download it until it expires, and erase the account. The person themself or an admin;
//! to anyone else the person does not exist (404).

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use flowline_core::model::{DataExport, DataExports, EraseIn};
use services::privacy::{self, erase};
use services::state::AppState;

/// Asks for a copy of everything Flowline holds about the person, made in the background
/// (an export still being made is returned instead of starting another).
#[utoipa::path(post, path = "/users/{id}/export", tag = "privacy",
    params(("id" = String, Path, description = "The person's user id")),
    responses(
        (status = 202, description = "Queued (or already being made)", body = DataExport),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such person, or not the caller (nor an admin)", body = ErrorBody),
    ))]
pub async fn request_export(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<DataExport>), ApiError> {
    let export = privacy::request(&state.db, &caller, &id, state.now_ms()).await?;
    Ok((StatusCode::ACCEPTED, Json(export)))
}

/// The person's newest export: its progress while it is made, its download link once ready.
#[utoipa::path(get, path = "/users/{id}/export", tag = "privacy",
    params(("id" = String, Path, description = "The person's user id")),
    responses(
        (status = 200, body = DataExports),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such person, or not the caller (nor an admin)", body = ErrorBody),
    ))]
pub async fn latest_export(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<DataExports>, ApiError> {
    Ok(Json(privacy::latest(&state.db, &caller, &id).await?))
}

/// The export as a ZIP of JSON and CSV files, until its link expires (7 days).
#[utoipa::path(get, path = "/users/{id}/exports/{export_id}/download", tag = "privacy",
    params(
        ("id" = String, Path, description = "The person's user id"),
        ("export_id" = String, Path, description = "The export"),
    ),
    responses(
        (status = 200, description = "A ZIP", content_type = "application/zip", body = Vec<u8>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such export, not ready, or expired", body = ErrorBody),
    ))]
pub async fn download_export(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path((id, export_id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let (name, bytes) =
        privacy::download(&state.db, &caller, &id, &export_id, state.now_ms()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    ))
}

/// Erases the account: name, e-mail, phone and the person's own words go at once; the
/// apprenticeship evidence stays under a random id (docs/retention.md). `confirm` must be
/// the account's e-mail address.
#[utoipa::path(delete, path = "/users/{id}", tag = "privacy",
    params(("id" = String, Path, description = "The person's user id")),
    request_body = EraseIn,
    responses(
        (status = 204, description = "Erased; every session of the person has ended"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such person, or not the caller (nor an admin)", body = ErrorBody),
        (status = 409, description = "The only admin cannot be erased", body = ErrorBody),
        (status = 422, description = "`confirm` is not the account's e-mail address", body = ErrorBody),
    ))]
pub async fn erase_account(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EraseIn>,
) -> Result<StatusCode, ApiError> {
    erase::erase(&state.db, &caller, &id, &body.confirm, state.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}
