use super::error::{ApiError, ErrorBody};
use super::extract::CurrentUser;
use app::model::Me;
use app::ssr::services::accounts;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::Json;

/// The signed-in person: profile, role and cohorts.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
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
