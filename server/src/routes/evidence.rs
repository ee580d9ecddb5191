//! Evidence over REST: the trail's check (`GET /api/v1/admin/evidence/verify`, admins only),
//! forwarding to the LRS (`GET /api/v1/admin/evidence/lrs`) and a learner's xAPI statements
//! (`GET /api/v1/learners/{id}/statements`).

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiQuery, CurrentUser};
use axum::extract::{Path, State};
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use serde::Deserialize;
use services::evidence::lrs::{self, LrsStatus};
use services::evidence::statements::{self, PageAsk, StatementPage};
use services::evidence::trail::{verify_known, VerifyReport};
use services::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyParams {
    /// Only this learner's chain (their user id); every chain when absent.
    pub learner: Option<String>,
}

/// Re-computes the tamper-evident trail from the stored evidence and names the first broken
/// link of each chain (a changed, deleted, re-ordered or unchained interaction or sign-off).
#[utoipa::path(get, path = "/admin/evidence/verify", tag = "evidence",
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
    Ok(Json(
        verify_known(&state.db, params.learner.as_deref()).await?,
    ))
}

/// Forwarding to the external LRS: whether one is configured, statements pending, sent and
/// refused (the newest refusals with the LRS's answers).
#[utoipa::path(get, path = "/admin/evidence/lrs", tag = "evidence",
    responses(
        (status = 200, description = "The statement outbox", body = LrsStatus),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody),
    ))]
pub async fn lrs_status(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<Json<LrsStatus>, ApiError> {
    Ok(Json(lrs::status(&state.db, state.lrs.as_ref()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementParams {
    /// Only statements stored at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Statements per page (1 to 500; default 100).
    pub limit: Option<usize>,
    /// The cursor from the previous page's `more` link.
    pub after: Option<String>,
}

fn ms_of(field: &str, value: &str) -> Result<i64, AppError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp_millis())
        .map_err(|_| AppError::invalid(field, "Give a time like 2026-11-22T07:41:09Z."))
}

/// A learner's evidence as xAPI 1.0.3 statements (oldest stored first, paged by `more`): for
/// the learner, their mentors and admins.
#[utoipa::path(get, path = "/learners/{id}/statements", tag = "evidence",
    params(("id" = String, Path, description = "The learner's user id"), StatementParams),
    responses(
        (status = 200, description = "xAPI StatementResult", body = StatementPage),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
        (status = 422, description = "`since`, `after` or `limit` is not acceptable", body = ErrorBody),
    ))]
pub async fn learner_statements(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiQuery(params): ApiQuery<StatementParams>,
) -> Result<Json<StatementPage>, ApiError> {
    let since = params
        .since
        .as_deref()
        .map(|s| ms_of("since", s))
        .transpose()?;
    let after = match params.after.as_deref() {
        None => None,
        Some(cursor) => {
            let bad = || AppError::invalid("after", "Use the `more` link of the previous page.");
            let (at, id) = cursor.split_once(':').ok_or_else(bad)?;
            Some((at.parse::<i64>().map_err(|_| bad())?, id.to_owned()))
        }
    };
    let limit = match params.limit {
        None => 100,
        Some(n) if (1..=statements::MAX_PAGE).contains(&n) => n,
        Some(_) => {
            return Err(AppError::invalid("limit", "Ask for 1 to 500 statements per page.").into())
        }
    };
    let ask = PageAsk {
        since,
        after,
        limit,
    };
    Ok(Json(
        statements::page(
            &state.db,
            &caller,
            &state.public_url,
            &id,
            ask,
            state.now_ms(),
        )
        .await?,
    ))
}

/// One KSB's evidence item by item: answers with the question, sign-offs with the mentor's
/// notes and photos, evidence from the job still with the mentor, the line manager's
/// confirmation; each with when, who saw it and its place on the chain.
#[utoipa::path(get, path = "/learners/{id}/ksbs/{code}/evidence", tag = "evidence",
    params(
        ("id" = String, Path, description = "The learner's user id"),
        ("code" = String, Path, description = "The KSB's code, e.g. `S3`"),
    ),
    responses(
        (status = 200, body = flowline_core::model::KsbEvidence),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner or KSB, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn ksb_evidence(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path((id, code)): Path<(LearnerId, String)>,
) -> Result<Json<flowline_core::model::KsbEvidence>, ApiError> {
    Ok(Json(
        services::evidence::ksb::of(&state.db, &caller, &id, &code, state.now_ms()).await?,
    ))
}

/// An assessor the learner's evidence is shared with records the Gateway decision: ready, not
/// yet, or more evidence asked for, with reasons KSB by KSB; it is chained, and a "not yet"
/// reaches the mentor's queue.
#[utoipa::path(post, path = "/learners/{id}/gateway-decisions", tag = "evidence",
    params(("id" = String, Path, description = "The learner's user id")),
    request_body = flowline_core::model::GatewayDecisionIn,
    responses(
        (status = 201, body = flowline_core::model::GatewayDecision),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an assessor", body = ErrorBody),
        (status = 404, description = "No such learner, or not shared with the caller", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn decide_gateway(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    super::extract::ApiJson(input): super::extract::ApiJson<
        flowline_core::model::GatewayDecisionIn,
    >,
) -> Result<
    (
        axum::http::StatusCode,
        Json<flowline_core::model::GatewayDecision>,
    ),
    ApiError,
> {
    let d = services::evidence::gateway::decide(&state.db, &caller, &id, &input, state.now_ms())
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(d)))
}

/// The Gateway decisions on a learner, newest first.
#[utoipa::path(get, path = "/learners/{id}/gateway-decisions", tag = "evidence",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Vec<flowline_core::model::GatewayDecision>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn gateway_decisions(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Vec<flowline_core::model::GatewayDecision>>, ApiError> {
    Ok(Json(
        services::evidence::gateway::of_learner(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}
