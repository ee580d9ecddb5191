//! The coach's WhatsApp channel over HTTP: a learner opts in and out, and Meta's webhook
//! (registration `GET`, signed `POST`s with learners' messages and delivery statuses).

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use flowline_core::error::AppError;
use flowline_core::model::{WhatsAppIn, WhatsAppStatus};
use serde::Deserialize;
use services::coach::whatsapp::{self, webhook, WhatsApp};
use services::state::AppState;
use std::sync::Arc;

/// The signed-in learner's WhatsApp status.
#[utoipa::path(get, path = "/coach/whatsapp", tag = "coach",
    responses(
        (status = 200, body = WhatsAppStatus),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
    ))]
pub async fn status(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<WhatsAppStatus>, ApiError> {
    Ok(Json(
        whatsapp::status(&state.db, state.whatsapp.as_deref(), &user).await?,
    ))
}

/// Opts in: the learner's mobile number in E.164 and their consent to the text shown.
#[utoipa::path(put, path = "/coach/whatsapp", tag = "coach",
    request_body = WhatsAppIn,
    responses(
        (status = 200, body = WhatsAppStatus),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 409, description = "WhatsApp not switched on, or the number is another account's", body = ErrorBody),
        (status = 422, description = "Not an E.164 number, or no consent (named)", body = ErrorBody),
    ))]
pub async fn opt_in(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<WhatsAppIn>,
) -> Result<Json<WhatsAppStatus>, ApiError> {
    Ok(Json(
        whatsapp::opt_in(
            &state.db,
            state.whatsapp.as_deref(),
            &user,
            input,
            state.now_ms(),
        )
        .await?,
    ))
}

/// Opts out: the number is forgotten and nothing more is sent to it.
#[utoipa::path(delete, path = "/coach/whatsapp", tag = "coach",
    responses(
        (status = 200, body = WhatsAppStatus),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
    ))]
pub async fn opt_out(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<WhatsAppStatus>, ApiError> {
    Ok(Json(
        whatsapp::turn_off(&state.db, state.whatsapp.as_deref(), &user, state.now_ms()).await?,
    ))
}

fn channel(state: &AppState) -> Result<Arc<WhatsApp>, ApiError> {
    state
        .whatsapp
        .clone()
        .ok_or_else(|| AppError::not_found("webhook").into())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Verification {
    #[serde(rename = "hub.mode")]
    #[param(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    #[param(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    #[param(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Meta registers the webhook: the challenge comes back when the verify token is ours.
#[utoipa::path(get, path = "/whatsapp/webhook", tag = "coach",
    params(Verification),
    responses(
        (status = 200, description = "hub.challenge, as sent", body = String, content_type = "text/plain"),
        (status = 403, description = "Not this webhook's verify token", body = ErrorBody),
        (status = 404, description = "WhatsApp is not switched on", body = ErrorBody),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    Query(q): Query<Verification>,
) -> Result<String, ApiError> {
    let wa = channel(&state)?;
    Ok(webhook::verify(
        &wa,
        q.mode.as_deref(),
        q.verify_token.as_deref(),
        q.challenge.as_deref(),
    )?
    .to_owned())
}

/// Meta's signed notifications: learners' messages (answered by the coach) and the delivery
/// status of ours. A body not signed with the app secret is refused and changes nothing.
#[utoipa::path(post, path = "/whatsapp/webhook", tag = "coach",
    params(("X-Hub-Signature-256" = String, Header, description = "sha256=<HMAC-SHA256 of the raw body with the app secret, hex>")),
    request_body(content = Object, description = "Meta's webhook payload (object whatsapp_business_account)"),
    responses(
        (status = 200, description = "Taken", body = Object),
        (status = 400, description = "Signed, but not a webhook payload", body = ErrorBody),
        (status = 401, description = "Bad or missing signature", body = ErrorBody),
        (status = 404, description = "WhatsApp is not switched on", body = ErrorBody),
    ))]
pub async fn notify(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let wa = channel(&state)?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    let got = webhook::receive(
        &state.db,
        &state.coach,
        &wa,
        signature,
        &body,
        state.now_ms(),
    )
    .await?;
    Ok(Json(serde_json::json!({
        "messages": got.messages,
        "statuses": got.statuses,
    })))
}
