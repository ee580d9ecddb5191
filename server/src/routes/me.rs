use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::extract::State;
use axum::Json;
use flowline_core::model::{Me, MeUpdate};
use services::accounts;
use services::state::AppState;

/// The signed-in person: profile, role and cohorts.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(accounts::me(&state.db, &user).await?))
}

/// Changes the signed-in person's time zone; a learner's streak days and review dates follow.
#[utoipa::path(patch, path = "/me", tag = "auth",
    request_body = MeUpdate,
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Not an IANA time zone", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(change): ApiJson<MeUpdate>,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(
        accounts::set_timezone(&state.db, &user, &change.timezone, state.now_ms()).await?,
    ))
}
