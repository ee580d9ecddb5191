//! The employer's side over REST: a line manager's apprentices, their confirmations of
//! Behaviours and of readiness for the Gateway, and the admin's links between line managers
//! and apprentices.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, EmployerUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{ConfirmationIn, EmployerApprentice, EmployerLink, Readiness};
use services::employer::{self, links};
use services::state::AppState;

/// The signed-in line manager's apprentices, each with their readiness at a glance.
#[utoipa::path(get, path = "/employer/apprentices", tag = "employer",
    responses(
        (status = 200, body = Vec<EmployerApprentice>),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an employer account", body = ErrorBody),
    ))]
pub async fn apprentices(
    State(state): State<AppState>,
    EmployerUser(user): EmployerUser,
) -> Result<Json<Vec<EmployerApprentice>>, ApiError> {
    Ok(Json(
        employer::apprentices(&state.db, &user, state.now_ms()).await?,
    ))
}

/// The line manager confirms one of their apprentice's Behaviours, once, with a note of what
/// they saw at work. Chained as evidence; answers the apprentice's readiness.
#[utoipa::path(post, path = "/learners/{id}/behaviours/{code}/confirmation", tag = "employer",
    params(
        ("id" = String, Path, description = "The apprentice's user id"),
        ("code" = String, Path, description = "A Behaviour's code, e.g. `B2`"),
    ),
    request_body = ConfirmationIn,
    responses(
        (status = 201, body = Readiness),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an employer account", body = ErrorBody),
        (status = 404, description = "Not the caller's apprentice, or no such KSB", body = ErrorBody),
        (status = 409, description = "Confirmed already (who and when are named)", body = ErrorBody),
        (status = 422, description = "No note, a note too long, or not a Behaviour", body = ErrorBody),
    ))]
pub async fn confirm_behaviour(
    State(state): State<AppState>,
    EmployerUser(user): EmployerUser,
    Path((id, code)): Path<(LearnerId, String)>,
    ApiJson(input): ApiJson<ConfirmationIn>,
) -> Result<(StatusCode, Json<Readiness>), ApiError> {
    let r =
        employer::confirm_behaviour(&state.db, &user, &id, &code, &input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// The line manager confirms their apprentice is ready for the Gateway (once every Behaviour
/// is confirmed). Chained as evidence; answers the apprentice's readiness.
#[utoipa::path(post, path = "/learners/{id}/gateway-confirmation", tag = "employer",
    params(("id" = String, Path, description = "The apprentice's user id")),
    request_body = ConfirmationIn,
    responses(
        (status = 201, body = Readiness),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an employer account", body = ErrorBody),
        (status = 404, description = "Not the caller's apprentice", body = ErrorBody),
        (status = 409, description = "Confirmed already (who and when are named)", body = ErrorBody),
        (status = 422, description = "A Behaviour is not confirmed yet, or a note too long", body = ErrorBody),
    ))]
pub async fn confirm_gateway(
    State(state): State<AppState>,
    EmployerUser(user): EmployerUser,
    Path(id): Path<LearnerId>,
    ApiJson(input): ApiJson<ConfirmationIn>,
) -> Result<(StatusCode, Json<Readiness>), ApiError> {
    let r = employer::confirm_gateway(&state.db, &user, &id, &input, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Every link between a line manager and an apprentice.
#[utoipa::path(get, path = "/admin/employer-links", tag = "admin",
    responses(
        (status = 200, body = Vec<EmployerLink>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ))]
pub async fn all_links(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
) -> Result<Json<Vec<EmployerLink>>, ApiError> {
    Ok(Json(links::all(&state.db, &user).await?))
}

/// Makes an employer account the line manager of an apprentice (201 when new, 200 when they
/// were linked already).
#[utoipa::path(put, path = "/admin/employers/{id}/apprentices/{learner_id}", tag = "admin",
    params(
        ("id" = String, Path, description = "The employer account's user id"),
        ("learner_id" = String, Path, description = "The apprentice's user id"),
    ),
    responses(
        (status = 200, description = "Linked already"),
        (status = 201, description = "Linked"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 422, description = "Not an employer account, or not an apprentice", body = ErrorBody),
    ))]
pub async fn link(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path((id, learner_id)): Path<(String, LearnerId)>,
) -> Result<StatusCode, ApiError> {
    let new = links::link(&state.db, &user, &id, &learner_id, state.now_ms()).await?;
    Ok(if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

/// Ends a line manager's link to an apprentice.
#[utoipa::path(delete, path = "/admin/employers/{id}/apprentices/{learner_id}", tag = "admin",
    params(
        ("id" = String, Path, description = "The employer account's user id"),
        ("learner_id" = String, Path, description = "The apprentice's user id"),
    ),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "They were not linked", body = ErrorBody),
    ))]
pub async fn unlink(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path((id, learner_id)): Path<(String, LearnerId)>,
) -> Result<StatusCode, ApiError> {
    links::unlink(&state.db, &user, &id, &learner_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
