//! The learner loop over REST: `GET /api/v1/feed`, `POST /api/v1/interactions`,
//! `GET /api/v1/progress`.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser, LearnerUser};
use axum::extract::State;
use axum::Json;
use flowline_core::model::{
    Feed, InteractionBatch, InteractionsReply, LoggedInteraction, Progress,
};
use services::learning::interactions::{self, Incoming};
use services::learning::{feed, progress};
use services::state::AppState;

/// The learner's next lessons (with their quick checks and answer keys), streak and focus.
#[utoipa::path(get, path = "/feed", tag = "learning",
    responses(
        (status = 200, body = Feed),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner account", body = ErrorBody),
    ))]
pub async fn get_feed(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Feed>, ApiError> {
    Ok(Json(feed::feed(&state.db, &user, state.now_ms()).await?))
}

/// Records what the learner did (idempotent by the client's ids; one result per item).
#[utoipa::path(post, path = "/interactions", tag = "learning",
    request_body = InteractionBatch,
    responses(
        (status = 200, description = "Each item accepted, duplicate or rejected with a reason", body = InteractionsReply),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner account", body = ErrorBody),
        (status = 409, description = "Not in a cohort", body = ErrorBody),
        (status = 422, description = "Not a batch, or more than 500 items", body = ErrorBody),
    ))]
pub async fn post_interactions(
    State(state): State<AppState>,
    LearnerUser(user): LearnerUser,
    ApiJson(batch): ApiJson<InteractionBatch>,
) -> Result<Json<InteractionsReply>, ApiError> {
    let items = batch
        .interactions
        .into_iter()
        .map(Incoming::from_json)
        .collect();
    Ok(Json(
        interactions::record(&state.db, &user, items, state.now_ms()).await?,
    ))
}

/// The learner's own log, oldest first, as the server graded it: the evidence trail.
#[utoipa::path(get, path = "/interactions", tag = "learning",
    responses(
        (status = 200, body = Vec<LoggedInteraction>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner account", body = ErrorBody),
    ))]
pub async fn list_interactions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<LoggedInteraction>>, ApiError> {
    Ok(Json(interactions::log(&state.db, &user).await?))
}

/// Mastery per KSB, reviews, pace, predicted date to 80 % and history.
#[utoipa::path(get, path = "/progress", tag = "learning",
    responses(
        (status = 200, body = Progress),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner account", body = ErrorBody),
        (status = 404, description = "Not in a cohort", body = ErrorBody),
    ))]
pub async fn get_progress(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Progress>, ApiError> {
    Ok(Json(
        progress::progress(&state.db, &user, state.now_ms()).await?,
    ))
}
