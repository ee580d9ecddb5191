//! Instructor mode over REST: the cohort board, a learner's drilldown, observation sign-off.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser, MentorUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::CohortId;
use flowline_core::domain::LearnerId;
use flowline_core::model::{
    CohortBoard, CohortSummary, LearnerDetail, ObservationIn, ObservationOut,
};
use services::mentor::{board, observations};
use services::state::AppState;

/// A mentor signs off live work of a learner in a cohort they mentor. The sign-off is
/// evidence: it lifts the quiz-only cap of the Skills and Behaviours it names.
#[utoipa::path(post, path = "/mentor/observations", tag = "mentor",
    request_body = ObservationIn,
    responses(
        (status = 201, body = ObservationOut),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor", body = ErrorBody),
        (status = 404, description = "Not a learner of a cohort this mentor mentors", body = ErrorBody),
        (status = 422, description = "Unknown KSB, bad date, note too long", body = ErrorBody),
    ))]
pub async fn post_observation(
    State(state): State<AppState>,
    MentorUser(user): MentorUser,
    ApiJson(input): ApiJson<ObservationIn>,
) -> Result<(StatusCode, Json<ObservationOut>), ApiError> {
    let out = observations::sign_off(&state.db, &user, input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// The cohorts the signed-in mentor mentors (every cohort for an admin).
#[utoipa::path(get, path = "/mentor/cohorts", tag = "mentor",
    responses(
        (status = 200, body = [CohortSummary]),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
    ))]
pub async fn list_cohorts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<CohortSummary>>, ApiError> {
    Ok(Json(board::cohorts(&state.db, &user).await?))
}

/// The cohort board: each learner with `status` red|amber|green and why, streak, overall
/// mastery, velocity, archetype and last activity (worst first), and the mentor's alerts.
#[utoipa::path(get, path = "/mentor/cohorts/{id}/learners", tag = "mentor",
    params(("id" = String, Path, description = "The cohort's id")),
    responses(
        (status = 200, body = CohortBoard),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
        (status = 404, description = "No such cohort, or not one this mentor mentors", body = ErrorBody),
    ))]
pub async fn cohort_learners(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<CohortId>,
) -> Result<Json<CohortBoard>, ApiError> {
    Ok(Json(
        board::board(&state.db, &user, &id, state.now_ms()).await?,
    ))
}

/// One learner in depth: per-KSB mastery, history, pace, recent interactions, sign-offs.
#[utoipa::path(get, path = "/mentor/learners/{id}", tag = "mentor",
    params(("id" = String, Path, description = "The learner's id")),
    responses(
        (status = 200, body = LearnerDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
        (status = 404, description = "Not a learner of a cohort this mentor mentors", body = ErrorBody),
    ))]
pub async fn learner(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<LearnerDetail>, ApiError> {
    Ok(Json(
        board::learner(&state.db, &user, &id, state.now_ms()).await?,
    ))
}
