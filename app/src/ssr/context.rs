//! Helpers for server fns: reach the app state, the caller and the response from inside one.

use super::session_token;
use super::state::AppState;
use super::store::users::User;
use crate::error::AppError;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from server fn context");
        AppError::internal()
    })
}

fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from server fn context");
        AppError::internal()
    })
}

/// The session token the caller sent, if any.
pub fn session_cookie() -> Result<Option<String>, AppError> {
    Ok(session_token::from_cookie_header(&request_parts()?.headers))
}

/// The caller's address, for sign-in throttling.
pub fn client_ip() -> Result<Option<IpAddr>, AppError> {
    let trust = app_state()?.auth.trust_forwarded_for;
    Ok(super::client_ip(&request_parts()?, trust))
}

/// The signed-in caller, if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let state = app_state()?;
    match session_cookie()? {
        Some(token) => {
            super::services::accounts::authenticate(&state.db, &token, super::now_ms()).await
        }
        None => Ok(None),
    }
}

/// The signed-in caller, or `unauthenticated`.
pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or_else(AppError::unauthenticated)
}

/// Signs the caller in (ending any session their browser already had) and sets the cookie;
/// returns where their work starts: the feed for learners, instructor mode for mentors,
/// the admin home for admins, their profile for assessors.
pub async fn sign_in(email: String, password: String) -> Result<&'static str, AppError> {
    let state = app_state()?;
    let previous = session_cookie()?;
    let session = super::services::accounts::login(
        &state.db,
        &state.auth,
        &crate::model::LoginRequest { email, password },
        client_ip()?,
        previous.as_deref(),
        super::now_ms(),
    )
    .await?;
    set_session_cookie(&session.token, session.max_age_s)?;
    Ok(match session.user.role {
        crate::domain::Role::Learner => "/",
        crate::domain::Role::Mentor => "/instructor",
        crate::domain::Role::Admin => "/admin",
        crate::domain::Role::Assessor => "/me",
    })
}

/// Adds a `Set-Cookie` for the session (or its removal with `max_age_s = 0`).
pub fn set_session_cookie(token: &str, max_age_s: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let value = session_token::set_cookie_value(token, max_age_s, state.auth.cookie_secure);
    let header = http::HeaderValue::from_str(&value).map_err(|_| AppError::internal())?;
    let response = use_context::<ResponseOptions>().ok_or_else(AppError::internal)?;
    response.append_header(http::header::SET_COOKIE, header);
    Ok(())
}

/// Gives a failed server fn the HTTP status of its error, except for plain form posts
/// (no JS), which must stay redirects back to the form with the error in the URL.
pub fn fail(e: AppError) -> AppError {
    let wants_html = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if !wants_html {
        if let Some(resp) = use_context::<ResponseOptions>() {
            resp.set_status(super::status_of(e.code));
        }
    }
    e
}
