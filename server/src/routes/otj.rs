//! Off-the-job training hours over REST: a learner's hours against their standard's minimum,
//! the CSV export for the provider's ILR return, training the learner logs, a mentor's
//! approval, and the standard's minimum (admins).

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{
    BreakIn, LearningBreak, OtjDecisionIn, OtjLog, OtjLogIn, OtjSummary, ReturnIn, StandardOtjIn,
    StandardSummary,
};
use services::state::AppState;
use services::{otj, standards};

/// A learner's off-the-job hours: the total against the standard's minimum, by source, and
/// the training they logged (for whoever may read their evidence; the look is recorded).
#[utoipa::path(get, path = "/learners/{id}/otj", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = OtjSummary),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The learner is not in a cohort", body = ErrorBody),
    ))]
pub async fn summary(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<OtjSummary>, ApiError> {
    Ok(Json(
        otj::summary(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// A CSV answer, downloaded as `name`.
pub(super) fn csv_file(name: String, csv: String) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv,
    )
}

/// The hours as CSV, a line per day's lessons, per day's checks, per observed practice and
/// per approved log: date, activity, hours, ksbs, source, evidence.
#[utoipa::path(get, path = "/learners/{id}/otj/hours.csv", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, description = "RFC 4180 CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The learner is not in a cohort", body = ErrorBody),
    ))]
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<impl IntoResponse, ApiError> {
    let (name, csv) = otj::export(&state.db, &caller, &id, state.now_ms()).await?;
    Ok(csv_file(name, csv))
}

/// The hours as the ILR asks for them (2025 to 2026): a learning delivery per period between
/// breaks in learning, with its planned (`PHours`) and actual (`OTJActHours`) off-the-job
/// hours, start, planned end, actual end, `CompStatus` (6 at a break) and `RestartInd`.
#[utoipa::path(get, path = "/learners/{id}/otj/ilr.csv", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, description = "RFC 4180 CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The learner is not in a cohort", body = ErrorBody),
    ))]
pub async fn ilr_export(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<impl IntoResponse, ApiError> {
    let (name, csv) = otj::ilr_export(&state.db, &caller, &id, state.now_ms()).await?;
    Ok(csv_file(name, csv))
}

/// The apprentice's mentor (or an admin) records a break in learning from its first day:
/// days away count as no off-the-job hours.
#[utoipa::path(post, path = "/learners/{id}/breaks", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id")),
    request_body = BreakIn,
    responses(
        (status = 201, body = LearningBreak),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or an admin", body = ErrorBody),
        (status = 404, description = "No such learner, or not the mentor's", body = ErrorBody),
        (status = 409, description = "On a break already, or not in a cohort", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn start_break(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiJson(input): ApiJson<BreakIn>,
) -> Result<(StatusCode, Json<LearningBreak>), ApiError> {
    let b = otj::breaks::start(&state.db, &caller, &id, &input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

/// The apprentice's mentor (or an admin) records the day learning resumed.
#[utoipa::path(post, path = "/learners/{id}/breaks/return", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id")),
    request_body = ReturnIn,
    responses(
        (status = 200, body = LearningBreak),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or an admin", body = ErrorBody),
        (status = 404, description = "No such learner, or not the mentor's", body = ErrorBody),
        (status = 409, description = "Not on a break", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn end_break(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiJson(input): ApiJson<ReturnIn>,
) -> Result<Json<LearningBreak>, ApiError> {
    let b = otj::breaks::end(&state.db, &caller, &id, &input, state.now_ms()).await?;
    Ok(Json(b))
}

/// The learner logs training off the platform (classroom, shadowing…); it counts once a
/// mentor approves it.
#[utoipa::path(post, path = "/learners/{id}/otj/logs", tag = "otj",
    params(("id" = String, Path, description = "The learner's user id (the caller's own)")),
    request_body = OtjLogIn,
    responses(
        (status = 201, body = OtjLog),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Only the learner logs their training", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The learner is not in a cohort", body = ErrorBody),
        (status = 422, description = "A field is out of range (named)", body = ErrorBody),
    ))]
pub async fn log(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiJson(input): ApiJson<OtjLogIn>,
) -> Result<(StatusCode, Json<OtjLog>), ApiError> {
    let out = otj::log(&state.db, &caller, &id, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// A mentor of the learner, or an admin, approves or declines logged training (once).
#[utoipa::path(post, path = "/otj/logs/{id}/decision", tag = "otj",
    params(("id" = String, Path, description = "The logged training")),
    request_body = OtjDecisionIn,
    responses(
        (status = 200, body = OtjLog),
        (status = 401, body = ErrorBody),
        (status = 403, description = "A learner cannot approve their own", body = ErrorBody),
        (status = 404, description = "No such log, or not of a learner the caller mentors", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 422, description = "Declined without a reason", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OtjDecisionIn>,
) -> Result<Json<OtjLog>, ApiError> {
    Ok(Json(
        otj::decide(
            &state.db,
            &caller,
            &id,
            input.approve,
            input.reason.as_deref(),
            state.now_ms(),
        )
        .await?,
    ))
}

/// Sets (or clears, with null) a standard's minimum of off-the-job hours and, when given, its
/// typical duration (admins).
#[utoipa::path(patch, path = "/admin/standards/{reference}", tag = "otj",
    params(("reference" = String, Path, description = "e.g. ST1332")),
    request_body = StandardOtjIn,
    responses(
        (status = 200, body = StandardSummary),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "Hours or months out of range", body = ErrorBody),
    ))]
pub async fn set_minimum(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    Path(reference): Path<String>,
    ApiJson(input): ApiJson<StandardOtjIn>,
) -> Result<Json<StandardSummary>, ApiError> {
    services::library::settings(&state.db, &caller, &reference, &input, state.now_ms()).await?;
    Ok(Json(
        standards::detail(&state.db, &reference).await?.summary,
    ))
}
