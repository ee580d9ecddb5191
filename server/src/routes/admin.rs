//! Administration over REST: accounts and cohorts (`/api/v1/admin/…`). Admins only.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::CohortId;
use flowline_core::model::{
    CohortOut, CohortUpdate, MemberIn, NewCohortIn, NewUserIn, UserOut, UserUpdate,
};
use services::admin::{cohorts, users};
use services::state::AppState;

/// Every account.
#[utoipa::path(get, path = "/admin/users", tag = "admin",
    responses((status = 200, body = [UserOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<UserOut>>, ApiError> {
    Ok(Json(users::list(&state.db, &user).await?))
}

/// Creates an account with a role.
#[utoipa::path(post, path = "/admin/users", tag = "admin",
    request_body = NewUserIn,
    responses(
        (status = 201, body = UserOut),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody),
        (status = 409, description = "The e-mail is in use", body = ErrorBody),
        (status = 422, description = "A field is not acceptable; it is named", body = ErrorBody),
    ))]
pub async fn create_user(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<NewUserIn>,
) -> Result<(StatusCode, Json<UserOut>), ApiError> {
    let out = users::create(&state.db, &user, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Changes an account's role, or deactivates / reactivates it (ending its sessions).
#[utoipa::path(patch, path = "/admin/users/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = UserUpdate,
    responses(
        (status = 200, body = UserOut),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "e.g. demoting yourself", body = ErrorBody),
    ))]
pub async fn update_user(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<UserUpdate>,
) -> Result<Json<UserOut>, ApiError> {
    Ok(Json(
        users::update(&state.db, &user, &id, change, state.now_ms()).await?,
    ))
}

/// Creates a cohort on a standard.
#[utoipa::path(post, path = "/admin/cohorts", tag = "admin",
    request_body = NewCohortIn,
    responses(
        (status = 201, body = CohortOut),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "The name is taken on this standard", body = ErrorBody),
        (status = 422, description = "Unknown standard, bad retention", body = ErrorBody),
    ))]
pub async fn create_cohort(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<NewCohortIn>,
) -> Result<(StatusCode, Json<CohortOut>), ApiError> {
    let out = cohorts::create(&state.db, &user, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// A cohort and its members.
#[utoipa::path(get, path = "/admin/cohorts/{id}", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = CohortOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cohort(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<CohortId>,
) -> Result<Json<CohortOut>, ApiError> {
    Ok(Json(cohorts::detail(&state.db, &user, &id).await?))
}

/// Sets the cohort's desired retention (every learner's schedule is rebuilt).
#[utoipa::path(patch, path = "/admin/cohorts/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = CohortUpdate,
    responses((status = 200, body = CohortOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_cohort(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<CohortId>,
    ApiJson(change): ApiJson<CohortUpdate>,
) -> Result<Json<CohortOut>, ApiError> {
    Ok(Json(
        cohorts::update(&state.db, &user, &id, change, state.now_ms()).await?,
    ))
}

/// Adds a learner or a mentor to a cohort.
#[utoipa::path(post, path = "/admin/cohorts/{id}/members", tag = "admin",
    params(("id" = String, Path)), request_body = MemberIn,
    responses(
        (status = 201, body = CohortOut),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such cohort", body = ErrorBody),
        (status = 409, description = "The learner learns in another cohort", body = ErrorBody),
        (status = 422, description = "Unknown account, or a role that does not match it", body = ErrorBody),
    ))]
pub async fn add_member(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<CohortId>,
    ApiJson(input): ApiJson<MemberIn>,
) -> Result<(StatusCode, Json<CohortOut>), ApiError> {
    let out = cohorts::add_member(&state.db, &user, &id, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsParams {
    /// The standard's reference, e.g. ST1332.
    pub standard: Option<String>,
}

impl AnalyticsParams {
    /// The standard asked for; a 422 naming `standard` when it is missing.
    fn required(self) -> Result<String, flowline_core::error::AppError> {
        self.standard
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                flowline_core::error::AppError::invalid(
                    "standard",
                    "Say which standard, e.g. ?standard=ST1332.",
                )
            })
    }
}

/// How each lesson and KSB of a standard does with learners: reached, completion, first-try
/// right rate, median time, skips; the lessons to rework flagged first (admins).
#[utoipa::path(get, path = "/admin/analytics", tag = "admin",
    params(AnalyticsParams),
    responses(
        (status = 200, body = flowline_core::model::ContentAnalytics),
        (status = 422, description = "`standard` is missing", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such standard", body = ErrorBody),
    ))]
pub async fn analytics(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    super::extract::ApiQuery(params): super::extract::ApiQuery<AnalyticsParams>,
) -> Result<Json<flowline_core::model::ContentAnalytics>, ApiError> {
    let standard = params.required()?;
    Ok(Json(
        services::analytics::of_standard(&state.db, &user, &standard).await?,
    ))
}

/// Fits the FSRS-6 memory model to the standard's own reviews now (the server also does this
/// daily) and adopts the fit when it predicts held-out learners' reviews better than the
/// default weights (admins). Under 1,000 reviews nothing is fitted and `skipped` says why.
#[utoipa::path(post, path = "/admin/memory/fit", tag = "admin",
    params(AnalyticsParams),
    responses(
        (status = 200, body = flowline_core::model::FitOutcome),
        (status = 422, description = "`standard` is missing", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such standard", body = ErrorBody),
    ))]
pub async fn fit_memory(
    State(state): State<AppState>,
    AdminUser(_user): AdminUser,
    super::extract::ApiQuery(params): super::extract::ApiQuery<AnalyticsParams>,
) -> Result<Json<flowline_core::model::FitOutcome>, ApiError> {
    let standard = params.required()?;
    Ok(Json(
        services::learning::memory_fit::fit(&state.db, &standard, state.now_ms()).await?,
    ))
}
