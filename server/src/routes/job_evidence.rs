//! Evidence from the job over REST: the apprentice sends it (once, however often it is
//! sent) and changes it when asked for more; their mentor sees what waits and answers.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{JobEvidence, JobEvidenceIn, JobReviewIn};
use services::job_evidence;
use services::state::AppState;

/// The apprentice sends evidence from the job: files already uploaded, a caption and KSBs.
/// Sending the same `client_id` again returns what is stored (200) and stores nothing.
#[utoipa::path(post, path = "/me/job-evidence", tag = "evidence",
    request_body = JobEvidenceIn,
    responses(
        (status = 201, description = "Stored", body = JobEvidence),
        (status = 200, description = "Sent before: what is stored", body = JobEvidence),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 422, description = "A field is missing or not acceptable (named)", body = ErrorBody),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    ApiJson(input): ApiJson<JobEvidenceIn>,
) -> Result<(StatusCode, Json<JobEvidence>), ApiError> {
    let (e, new) = job_evidence::submit(&state.db, &caller, &input, state.now_ms()).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(e)))
}

/// The apprentice changes evidence their mentor asked more of, and sends it again.
#[utoipa::path(put, path = "/me/job-evidence/{id}", tag = "evidence",
    params(("id" = String, Path, description = "The evidence")),
    request_body = JobEvidenceIn,
    responses(
        (status = 200, body = JobEvidence),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 404, description = "Not the caller's", body = ErrorBody),
        (status = 409, description = "With the mentor, or signed off", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn resubmit(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<JobEvidenceIn>,
) -> Result<Json<JobEvidence>, ApiError> {
    Ok(Json(
        job_evidence::resubmit(&state.db, &caller, &id, &input, state.now_ms()).await?,
    ))
}

/// A learner's evidence from the job, newest first (anyone who may read their evidence; the
/// look is recorded).
#[utoipa::path(get, path = "/learners/{id}/job-evidence", tag = "evidence",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Vec<JobEvidence>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn of_learner(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Vec<JobEvidence>>, ApiError> {
    Ok(Json(
        job_evidence::of_learner(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// Evidence from the job waiting for the calling mentor, oldest first.
#[utoipa::path(get, path = "/mentor/job-evidence", tag = "evidence",
    responses(
        (status = 200, body = Vec<JobEvidence>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor", body = ErrorBody),
    ))]
pub async fn waiting(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
) -> Result<Json<Vec<JobEvidence>>, ApiError> {
    Ok(Json(job_evidence::waiting(&state.db, &caller).await?))
}

/// The apprentice's mentor signs the evidence off (it becomes an observation with its files,
/// on the evidence chain) or asks for more (a note is required).
#[utoipa::path(post, path = "/job-evidence/{id}/review", tag = "evidence",
    params(("id" = String, Path, description = "The evidence")),
    request_body = JobReviewIn,
    responses(
        (status = 200, body = JobEvidence),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor", body = ErrorBody),
        (status = 404, description = "No such evidence, or not of the caller's apprentices", body = ErrorBody),
        (status = 409, description = "Answered already (by whom), or the apprentice is no longer in a cohort", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<JobReviewIn>,
) -> Result<Json<JobEvidence>, ApiError> {
    Ok(Json(
        job_evidence::review(&state.db, &caller, &id, &input, state.now_ms()).await?,
    ))
}
