//! `/api/v1/push/key` and `/api/v1/me/push-subscriptions`: Web Push for this browser.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, ApiQuery, CurrentUser};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use flowline_core::model::{PushKey, PushSubscriptionIn};
use services::push;
use services::state::AppState;

/// The server's VAPID public key: what a signed-in person's browser subscribes with.
#[utoipa::path(get, path = "/push/key", tag = "coach",
    responses((status = 200, body = PushKey), (status = 401, body = ErrorBody)))]
pub async fn key(State(state): State<AppState>, CurrentUser(_user): CurrentUser) -> Json<PushKey> {
    Json(PushKey {
        public_key: state.push.public_key.clone(),
    })
}

/// Saves this browser's push subscription: nudges and alerts then reach it with the app closed.
#[utoipa::path(post, path = "/me/push-subscriptions", tag = "coach",
    request_body = PushSubscriptionIn,
    responses(
        (status = 204, description = "Saved"),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Not a push service address, or not a browser's keys", body = ErrorBody),
    ))]
pub async fn subscribe(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PushSubscriptionIn>,
) -> Result<StatusCode, ApiError> {
    let device = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    push::subscribe(&state.db, &user, &input, device, state.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EndpointParam {
    /// The subscription's push service URL.
    pub endpoint: String,
}

/// Forgets this browser's push subscription (notifications off).
#[utoipa::path(delete, path = "/me/push-subscriptions", tag = "coach",
    params(EndpointParam),
    responses(
        (status = 204, description = "Forgotten (or there was none)"),
        (status = 401, body = ErrorBody),
    ))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(q): ApiQuery<EndpointParam>,
) -> Result<StatusCode, ApiError> {
    push::unsubscribe(&state.db, &user, &q.endpoint).await?;
    Ok(StatusCode::NO_CONTENT)
}
