//! The assessor's side over REST: a learner's Gateway to Completion readiness, the shares
//! that open a learner's evidence to an assessor, the assessor's list of learners, and the
//! record of who looked.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{EvidenceView, Readiness, Share, ShareIn, SharedLearner};
use services::evidence::{readiness, shares};
use services::state::AppState;

/// A learner's readiness for Gateway to Completion: every KSB with mastery and evidence, the
/// gaps, time on programme, the predicted ready date and the evidence chain's head. For the
/// learner, their mentors, admins and assessors it is shared with now (the look is recorded).
#[utoipa::path(get, path = "/learners/{id}/readiness", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Readiness),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read (an assessor without an active share)", body = ErrorBody),
    ))]
pub async fn learner_readiness(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Readiness>, ApiError> {
    Ok(Json(
        readiness::of(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// A learner's shares with assessors, newest first (the learner or an admin).
#[utoipa::path(get, path = "/learners/{id}/shares", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Vec<Share>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not the caller's", body = ErrorBody),
    ))]
pub async fn list_shares(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Vec<Share>>, ApiError> {
    Ok(Json(
        shares::list(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// Shares a learner's evidence with an assessor account for a number of days.
#[utoipa::path(post, path = "/learners/{id}/shares", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    request_body = ShareIn,
    responses(
        (status = 201, body = Share),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not the caller's", body = ErrorBody),
        (status = 422, description = "No assessor with that e-mail, or days out of range", body = ErrorBody),
    ))]
pub async fn create_share(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiJson(ask): ApiJson<ShareIn>,
) -> Result<(StatusCode, Json<Share>), ApiError> {
    let share = shares::create(&state.db, &caller, &id, &ask, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(share)))
}

/// Ends a share now.
#[utoipa::path(delete, path = "/learners/{id}/shares/{share_id}", tag = "assessor",
    params(
        ("id" = String, Path, description = "The learner's user id"),
        ("share_id" = String, Path, description = "The share"),
    ),
    responses(
        (status = 200, description = "The share, revoked", body = Share),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner or share", body = ErrorBody),
    ))]
pub async fn revoke_share(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path((id, share_id)): Path<(LearnerId, String)>,
) -> Result<Json<Share>, ApiError> {
    Ok(Json(
        shares::revoke(&state.db, &caller, &id, &share_id, state.now_ms()).await?,
    ))
}

/// Who looked at a learner's evidence, newest first (the learner or an admin).
#[utoipa::path(get, path = "/learners/{id}/evidence-views", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Vec<EvidenceView>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not the caller's", body = ErrorBody),
    ))]
pub async fn evidence_views(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Vec<EvidenceView>>, ApiError> {
    Ok(Json(shares::views(&state.db, &caller, &id).await?))
}

/// An assessor's learners: those whose evidence is shared with them now, ready first.
#[utoipa::path(get, path = "/assessor/learners", tag = "assessor",
    responses(
        (status = 200, body = Vec<SharedLearner>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Assessors only", body = ErrorBody),
    ))]
pub async fn shared_learners(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
) -> Result<Json<Vec<SharedLearner>>, ApiError> {
    Ok(Json(
        shares::shared_with(&state.db, &caller, state.now_ms()).await?,
    ))
}
