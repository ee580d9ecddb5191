//! `/api/v1/auth/*`: register, sign in, sign out.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, ClientIp, SessionToken};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::Json;
use flowline_core::model::{LoginRequest, Me, RegisterRequest};
use services::session_token;
use services::state::AppState;
use services::{accounts, registration};

/// The `Set-Cookie` header that starts (or, with an empty token and 0, ends) a session.
pub(super) fn cookie_header(
    state: &AppState,
    token: &str,
    max_age_s: i64,
) -> Result<HeaderMap, ApiError> {
    let mut headers = HeaderMap::new();
    let value = session_token::set_cookie_value(token, max_age_s, state.auth.cookie_secure);
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&value).map_err(|e| {
            ApiError(flowline_core::error::AppError::internal(format!(
                "session cookie header: {e}"
            )))
        })?,
    );
    Ok(headers)
}

/// The answer to anything that signs a browser in: the cookie, and who is now signed in.
pub(super) async fn signed_in(
    state: &AppState,
    session: accounts::NewSession,
) -> Result<(HeaderMap, Json<Me>), ApiError> {
    let me = accounts::me(&state.db, &session.user).await?;
    Ok((
        cookie_header(state, &session.token, session.max_age_s)?,
        Json(me),
    ))
}

/// Create a learner account.
#[utoipa::path(post, path = "/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created (not signed in)", body = Me),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 409, description = "E-mail already in use", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody),
        (status = 429, description = "Too many sign-ups at this moment: retry in a few seconds", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Me>), ApiError> {
    let user = registration::register(&state.db, &state.auth, &req, state.now_ms()).await?;
    let me = accounts::me(&state.db, &user).await?;
    Ok((StatusCode::CREATED, Json(me)))
}

/// Sign in; sets the session cookie.
#[utoipa::path(post, path = "/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: flowline_session=…`", body = Me),
        (status = 401, description = "E-mail and password do not match an account", body = ErrorBody),
        (status = 403, description = "The address's domain signs in only with single sign-on", body = ErrorBody),
        (status = 429, description = "Too many failed attempts, or too many sign-ins at this moment", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SessionToken(previous): SessionToken,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<(HeaderMap, Json<Me>), ApiError> {
    let session = accounts::login(
        &state.db,
        &state.auth,
        &req,
        ip,
        previous.as_deref(),
        state.now_ms(),
    )
    .await?;
    signed_in(&state, session).await
}

/// Sign out; ends the session and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out")))]
pub async fn logout(
    State(state): State<AppState>,
    SessionToken(token): SessionToken,
) -> Result<(StatusCode, HeaderMap), ApiError> {
    if let Some(token) = token {
        accounts::logout(&state.db, &token).await?;
    }
    Ok((StatusCode::NO_CONTENT, cookie_header(&state, "", 0)?))
}
