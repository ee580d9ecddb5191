//! `/api/v1/auth/password/*` and `/api/v1/me/password`: forgot, reset, change.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser, SessionToken};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use flowline_core::error::AppError;
use flowline_core::model::{ForgotRequest, Me, Notice, PasswordChange, ResetRequest, ResetView};
use services::recovery;
use services::state::AppState;

/// "Forgot your password?": e-mails a one-hour link when the address has an account. The
/// answer is the same either way.
#[utoipa::path(post, path = "/auth/password/forgot", tag = "auth",
    request_body = ForgotRequest,
    responses(
        (status = 202, description = "A link is on its way, if the address has an account", body = Notice),
        (status = 422, description = "Not an e-mail address", body = ErrorBody),
    ))]
pub async fn forgot(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ForgotRequest>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    recovery::forgot(&state.db, &state.public_url, &req.email, state.now_ms()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Notice {
            message: recovery::SENT.to_owned(),
        }),
    ))
}

/// Whose password a reset link sets.
#[utoipa::path(get, path = "/auth/password/reset/{token}", tag = "auth",
    params(("token" = String, Path, description = "From the e-mailed link")),
    responses(
        (status = 200, body = ResetView),
        (status = 404, description = "Used, expired or unknown", body = ErrorBody),
    ))]
pub async fn view(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<ResetView>, ApiError> {
    Ok(Json(
        recovery::view(&state.db, &token, state.now_ms()).await?,
    ))
}

/// Uses a reset link: sets the new password, ends every session, signs this browser in.
#[utoipa::path(post, path = "/auth/password/reset/{token}", tag = "auth",
    params(("token" = String, Path, description = "From the e-mailed link")),
    request_body = ResetRequest,
    responses(
        (status = 200, description = "Password set; `Set-Cookie: flowline_session=…`", body = Me),
        (status = 404, description = "Used, expired or unknown", body = ErrorBody),
        (status = 422, description = "Too short, or easy to guess", body = ErrorBody),
        (status = 429, description = "Too many passwords being set at this moment: retry", body = ErrorBody),
    ))]
pub async fn reset(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<(HeaderMap, Json<Me>), ApiError> {
    let session = recovery::reset(
        &state.db,
        &state.auth,
        &state.public_url,
        &token,
        &req.password,
        state.now_ms(),
    )
    .await?;
    super::auth::signed_in(&state, session).await
}

/// Changes the signed-in person's password; every other device is signed out.
#[utoipa::path(post, path = "/me/password", tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "The current password is wrong, or the new one is too short or easy to guess", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords: wait", body = ErrorBody),
    ))]
pub async fn change(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SessionToken(token): SessionToken,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let token = token.ok_or_else(AppError::unauthenticated)?;
    recovery::change(&state, &user, &req, &token, state.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}
