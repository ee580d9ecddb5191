//! `/sso/start` and `/sso/callback`: single sign-on with the provider's identity provider.
//! Browser navigations (redirects), not JSON: a refusal goes back to the sign-in page, which
//! says why (`/login?sso=<reason>`).

use super::error::{ApiError, ErrorBody};
use super::extract::AdminUser;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use flowline_core::model::SsoDomain;
use services::session_token;
use services::sso::{self, domains, SsoRefusal};
use services::state::AppState;

fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, v);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (StatusCode::SEE_OTHER, headers).into_response()
}

fn refused(state: &AppState, why: SsoRefusal) -> Response {
    see_other(
        &format!("/login?sso={}", why.code()),
        &[sso::cookie_value(None, state.auth.cookie_secure)],
    )
}

/// "Sign in with …": off to the identity provider, this browser's sign-in remembered.
pub async fn start(State(state): State<AppState>) -> Response {
    let Some(provider) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match sso::start(&state.db, &provider, state.now_ms()).await {
        Ok(started) => see_other(
            &started.url,
            &[sso::cookie_value(
                Some(&started.state),
                state.auth.cookie_secure,
            )],
        ),
        Err(why) => refused(&state, why),
    }
}

/// The identity provider sends the browser back here: signed in and home, or back to the
/// sign-in page with the reason.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(answer): Query<sso::Answer>,
) -> Response {
    let Some(provider) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cookie = sso::from_cookie_header(&headers);
    match sso::finish(
        &state.db,
        &state.auth,
        &provider,
        cookie.as_deref(),
        &answer,
        state.now_ms(),
    )
    .await
    {
        Ok(session) => see_other(
            session.user.role.home(),
            &[
                session_token::set_cookie_value(
                    &session.token,
                    session.max_age_s,
                    state.auth.cookie_secure,
                ),
                sso::cookie_value(None, state.auth.cookie_secure),
            ],
        ),
        Err(why) => refused(&state, why),
    }
}

/// E-mail domains whose people sign in only with single sign-on.
#[utoipa::path(get, path = "/admin/sso-domains", tag = "admin",
    responses(
        (status = 200, body = Vec<SsoDomain>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ))]
pub async fn domains(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
) -> Result<Json<Vec<SsoDomain>>, ApiError> {
    Ok(Json(domains::list(&state.db, &user).await?))
}

/// People at this e-mail domain sign in only with single sign-on (their passwords stop
/// working). Answers the whole list.
#[utoipa::path(put, path = "/admin/sso-domains/{domain}", tag = "admin",
    params(("domain" = String, Path, description = "e.g. `example.co.uk`")),
    responses(
        (status = 200, body = Vec<SsoDomain>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "Single sign-on is not set up on this server", body = ErrorBody),
        (status = 422, description = "Not an e-mail domain", body = ErrorBody),
    ))]
pub async fn add_domain(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(domain): Path<String>,
) -> Result<Json<Vec<SsoDomain>>, ApiError> {
    Ok(Json(
        domains::add(
            &state.db,
            &user,
            state.sso.is_some(),
            &domain,
            state.now_ms(),
        )
        .await?,
    ))
}

/// People at this e-mail domain may sign in with a password again. Answers the whole list.
#[utoipa::path(delete, path = "/admin/sso-domains/{domain}", tag = "admin",
    params(("domain" = String, Path)),
    responses(
        (status = 200, body = Vec<SsoDomain>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, description = "Not an e-mail domain", body = ErrorBody),
    ))]
pub async fn remove_domain(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(domain): Path<String>,
) -> Result<Json<Vec<SsoDomain>>, ApiError> {
    Ok(Json(domains::remove(&state.db, &user, &domain).await?))
}
