//! Progress reviews over REST: a learner's reviews and when the next is due, drafting the
//! next, the plan, each party's comment and signature.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{CommentIn, PlanIn, Review, Reviews, SignatureIn};
use services::reviews;
use services::state::AppState;

/// A learner's progress reviews, newest first, and when the next is due (anyone who may read
/// the learner's evidence; the look is recorded).
#[utoipa::path(get, path = "/learners/{id}/reviews", tag = "reviews",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Reviews),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Reviews>, ApiError> {
    Ok(Json(
        reviews::list(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// The learner's mentor (or an admin) drafts the next review from the record since the last;
/// the apprentice and their line manager are e-mailed a link to sign it.
#[utoipa::path(post, path = "/learners/{id}/reviews", tag = "reviews",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 201, body = Review),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or an admin", body = ErrorBody),
        (status = 404, description = "No such learner, or not the caller's", body = ErrorBody),
        (status = 409, description = "A review is still waiting for signatures", body = ErrorBody),
    ))]
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<(StatusCode, Json<Review>), ApiError> {
    let r = reviews::start(&state.db, &caller, &id, &state.public_url, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// One review, with whether each signature still holds.
#[utoipa::path(get, path = "/reviews/{id}", tag = "reviews",
    params(("id" = String, Path, description = "The review")),
    responses(
        (status = 200, body = Review),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such review, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Review>, ApiError> {
    Ok(Json(
        reviews::get(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

/// The mentor writes the plan the three agree; signatures made before no longer hold.
#[utoipa::path(put, path = "/reviews/{id}/plan", tag = "reviews",
    params(("id" = String, Path, description = "The review")),
    request_body = PlanIn,
    responses(
        (status = 200, body = Review),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not the apprentice's mentor", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Signed by all three: final", body = ErrorBody),
        (status = 422, description = "Too long", body = ErrorBody),
    ))]
pub async fn plan(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PlanIn>,
) -> Result<Json<Review>, ApiError> {
    Ok(Json(
        reviews::set_plan(&state.db, &caller, &id, &input.plan, state.now_ms()).await?,
    ))
}

/// The apprentice, their line manager or their mentor writes their own comment (their own
/// signature, if any, no longer holds until they sign again).
#[utoipa::path(put, path = "/reviews/{id}/comment", tag = "reviews",
    params(("id" = String, Path, description = "The review")),
    request_body = CommentIn,
    responses(
        (status = 200, body = Review),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not one of the three", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Signed by all three: final", body = ErrorBody),
        (status = 422, description = "Too long", body = ErrorBody),
    ))]
pub async fn comment(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentIn>,
) -> Result<Json<Review>, ApiError> {
    Ok(Json(
        reviews::comment(&state.db, &caller, &id, &input.comment, state.now_ms()).await?,
    ))
}

/// The caller signs the review they read (its `content_hash`), with their comment, in one
/// step; with the third signature it is final and chained as evidence.
#[utoipa::path(post, path = "/reviews/{id}/signature", tag = "reviews",
    params(("id" = String, Path, description = "The review")),
    request_body = SignatureIn,
    responses(
        (status = 200, body = Review),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not one of the three", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Final, or changed since the signer read it", body = ErrorBody),
        (status = 422, description = "A comment too long", body = ErrorBody),
    ))]
pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SignatureIn>,
) -> Result<Json<Review>, ApiError> {
    let now = state.now_ms();
    Ok(Json(
        reviews::sign(
            &state.db,
            &caller,
            &id,
            &input.content_hash,
            &input.comment,
            now,
        )
        .await?,
    ))
}
