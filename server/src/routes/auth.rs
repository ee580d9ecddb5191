//! `/api/v1/auth/*`: register, sign in, sign out.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, ClientIp, SessionToken};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use flowline_core::model::{LoginRequest, Me, Notice, RegisterRequest, ResetView};
use services::registration::Registered;
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

/// Ask for a learner account. Outside demo mode the answer is 202 whatever the address: a
/// link to finish it is e-mailed (or, for an address with an account, a note to its owner).
/// In demo mode the account is made at once (201).
#[utoipa::path(post, path = "/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Demo mode: account created (not signed in)", body = Me),
        (status = 202, description = "A link to finish creating the account was e-mailed", body = Notice),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 403, description = "Registration is closed", body = ErrorBody),
        (status = 409, description = "Demo mode: e-mail already in use", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody),
        (status = 429, description = "Too many sign-ups at this moment: retry in a few seconds", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    match registration::register(
        &state.db,
        &state.auth,
        &state.public_url,
        &req,
        state.now_ms(),
    )
    .await?
    {
        Registered::Now(user) => {
            let me = accounts::me(&state.db, &user).await?;
            Ok((StatusCode::CREATED, Json(me)).into_response())
        }
        Registered::Mailed => Ok((
            StatusCode::ACCEPTED,
            Json(Notice {
                message: registration::SENT.to_owned(),
            }),
        )
            .into_response()),
    }
}

/// Whose account an e-mailed registration link makes.
#[utoipa::path(get, path = "/auth/register/{token}", tag = "auth",
    params(("token" = String, Path, description = "From the e-mailed link")),
    responses(
        (status = 200, body = ResetView),
        (status = 404, description = "Used already, expired, or never sent", body = ErrorBody),
    ))]
pub async fn pending(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<ResetView>, ApiError> {
    Ok(Json(
        registration::view(&state.db, &token, state.now_ms()).await?,
    ))
}

/// Follows the e-mailed link: the account is made and signed in (sets the session cookie).
#[utoipa::path(post, path = "/auth/register/{token}", tag = "auth",
    params(("token" = String, Path, description = "From the e-mailed link")),
    responses(
        (status = 201, description = "Created and signed in", body = Me),
        (status = 404, description = "Used already, expired, or never sent", body = ErrorBody),
        (status = 409, description = "The address got an account meanwhile", body = ErrorBody),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<(StatusCode, HeaderMap, Json<Me>), ApiError> {
    let session = registration::confirm(&state.db, &state.auth, &token, state.now_ms()).await?;
    let (headers, me) = signed_in(&state, session).await?;
    Ok((StatusCode::CREATED, headers, me))
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
