//! The evidence trail over REST: `GET /api/v1/admin/evidence/verify`. Admins only.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiQuery};
use app::error::AppError;
use app::ssr::services::evidence::verify::{verify, VerifyReport};
use app::ssr::state::AppState;
use app::ssr::store::users;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct VerifyParams {
    /// Only this learner's chain (their user id); every chain when absent.
    pub learner: Option<String>,
}

/// Re-computes the tamper-evident trail from the stored evidence and names the first broken
/// link of each chain (a changed, deleted, re-ordered or unchained interaction or sign-off).
#[utoipa::path(get, path = "/api/v1/admin/evidence/verify", tag = "evidence",
    params(VerifyParams),
    responses(
        (status = 200, description = "`ok` says whether every chain verifies", body = VerifyReport),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody),
        (status = 404, description = "No such learner", body = ErrorBody),
    ))]
pub async fn verify_trail(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiQuery(params): ApiQuery<VerifyParams>,
) -> Result<Json<VerifyReport>, ApiError> {
    if let Some(id) = params.learner.as_deref() {
        let mut conn = state.db.pool.acquire().await.map_err(AppError::from)?;
        if users::find_by_id(&mut conn, id).await?.is_none() {
            return Err(AppError::not_found("Learner").into());
        }
    }
    Ok(Json(verify(&state.db, params.learner.as_deref()).await?))
}
