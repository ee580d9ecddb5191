//! The provider's programme view over REST: `GET /api/v1/admin/programme` (JSON) and
//! `GET /api/v1/admin/programme.csv`, for one cohort (`?cohort=`) or all.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiQuery};
use axum::extract::State;
use axum::response::IntoResponse;
use axum::Json;
use flowline_core::domain::CohortId;
use flowline_core::model::ProgrammeView;
use serde::Deserialize;
use services::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeParams {
    /// Only this cohort's apprentices (its id); every cohort when absent.
    pub cohort: Option<String>,
}

/// Every apprentice against their own plan: the light, the Gateway forecast against the
/// planned end, off-the-job hours against plan, evidence coverage and withdrawal risk.
#[utoipa::path(get, path = "/admin/programme", tag = "admin",
    params(ProgrammeParams),
    responses(
        (status = 200, body = ProgrammeView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such cohort", body = ErrorBody),
    ))]
pub async fn programme(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    ApiQuery(p): ApiQuery<ProgrammeParams>,
) -> Result<Json<ProgrammeView>, ApiError> {
    let cohort = p.cohort.map(|c| CohortId::from(c.as_str()));
    Ok(Json(
        services::programme::view(&state.db, &caller, cohort.as_ref(), state.now_ms()).await?,
    ))
}

/// The same as RFC 4180 CSV, one apprentice a row, with the ILR's `LearnRefNumber`, `PHours`
/// and `OTJActHours`.
#[utoipa::path(get, path = "/admin/programme.csv", tag = "admin",
    params(ProgrammeParams),
    responses(
        (status = 200, description = "RFC 4180 CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such cohort", body = ErrorBody),
    ))]
pub async fn programme_csv(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    ApiQuery(p): ApiQuery<ProgrammeParams>,
) -> Result<impl IntoResponse, ApiError> {
    let cohort = p.cohort.map(|c| CohortId::from(c.as_str()));
    let v = services::programme::view(&state.db, &caller, cohort.as_ref(), state.now_ms()).await?;
    let csv = services::programme::csv(&v)?;
    Ok(super::otj::csv_file(
        format!("programme-{}.csv", v.today),
        csv,
    ))
}
