//! The portfolio over REST: JSON for whoever may read the learner's evidence, the PDF (each
//! download issues a verify token, printed as a QR code), the issues a learner can revoke, and
//! the public verification a QR code leads to.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiQuery, CurrentUser};
use axum::extract::{Path, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use flowline_core::domain::LearnerId;
use flowline_core::model::{Portfolio, PortfolioIssue, Verification};
use serde::Deserialize;
use services::evidence::pdf;
use services::evidence::portfolio;
use services::state::AppState;

/// A learner's portfolio: readiness, observations, mastery over time, every xAPI statement
/// and the chain head (the look is recorded).
#[utoipa::path(get, path = "/learners/{id}/portfolio", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Portfolio),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn json(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Portfolio>, ApiError> {
    Ok(Json(
        portfolio::of(&state.db, &caller, &id, state.issuer(), state.now_ms()).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PdfParams {
    /// Show the learner's name on the public verify page (default: not shown).
    #[serde(default)]
    pub show_name: bool,
}

/// The portfolio as PDF. Each download is an issue with its own verify token (the QR code);
/// its URL is also in the `X-Verify-Url` header.
#[utoipa::path(get, path = "/learners/{id}/portfolio.pdf", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id"), PdfParams),
    responses(
        (status = 200, description = "A PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not one the caller may read", body = ErrorBody),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
    ApiQuery(params): ApiQuery<PdfParams>,
) -> Result<impl IntoResponse, ApiError> {
    let now = state.now_ms();
    let issued = portfolio::issue(
        &state.db,
        &caller,
        &id,
        state.issuer(),
        params.show_name,
        now,
    )
    .await?;
    let (p, url) = (issued.portfolio, issued.verify_url);
    let hash = issued.issue.document_hash.clone();
    let photos = services::job_evidence::files::photos(&state.media, &p).await;
    let bytes = tokio::task::spawn_blocking(move || {
        pdf::render(&p, &photos, &url, &hash).map(|b| (b, p, url))
    })
    .await
    .map_err(|e| flowline_core::error::AppError::internal(format!("portfolio PDF task: {e}")))??;
    let (bytes, p, url) = bytes;
    // The learner's name and the date, in letters and digits a file system takes anywhere.
    let slug: String = p
        .readiness
        .learner_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_lowercase();
    let name = format!(
        "portfolio-{}-{}-{}.pdf",
        if slug.is_empty() { "apprentice" } else { &slug },
        p.readiness.standard,
        p.generated_at.get(..10).unwrap_or_default()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (HeaderName::from_static("x-verify-url"), url),
        ],
        bytes,
    ))
}

/// The portfolios issued of a learner, newest first (the learner or an admin).
#[utoipa::path(get, path = "/learners/{id}/portfolios", tag = "assessor",
    params(("id" = String, Path, description = "The learner's user id")),
    responses(
        (status = 200, body = Vec<PortfolioIssue>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such learner, or not the caller's", body = ErrorBody),
    ))]
pub async fn issues(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(id): Path<LearnerId>,
) -> Result<Json<Vec<PortfolioIssue>>, ApiError> {
    Ok(Json(portfolio::issues(&state.db, &caller, &id).await?))
}

/// Revokes an issued portfolio: its verify page says "not found" from now on.
#[utoipa::path(delete, path = "/learners/{id}/portfolios/{issue_id}", tag = "assessor",
    params(
        ("id" = String, Path, description = "The learner's user id"),
        ("issue_id" = String, Path, description = "The issue"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such issue, or not the caller's", body = ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path((id, issue_id)): Path<(LearnerId, String)>,
) -> Result<StatusCode, ApiError> {
    portfolio::revoke(&state.db, &caller, &id, &issue_id, state.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a portfolio's QR code proves, for anyone (no sign-in): when it was issued, for which
/// standard, and whether the learner's chain still verifies.
#[utoipa::path(get, path = "/verify/{token}", tag = "assessor",
    params(("token" = String, Path, description = "The token from the portfolio's QR code")),
    responses(
        (status = 200, body = Verification),
        (status = 404, description = "No such token, or revoked", body = ErrorBody),
    ))]
pub async fn verification(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<Verification>, ApiError> {
    Ok(Json(
        portfolio::verification(&state.db, &token, &state.provider).await?,
    ))
}
