//! Open Badges 3.0 over HTTP: a learner downloads a milestone as a signed credential (or adds
//! it to LinkedIn), anyone verifies one without signing in, an admin revokes one or rotates
//! the issuer key; the issuer profile, its keys and the revocation status list are public.

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, CurrentUser};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::{Json, Router};
use flowline_core::model::{BadgeAward, BadgeRevokeIn, CredentialCheck};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use services::credentials::{self, document, status, verify};
use services::state::AppState;

/// `/issuers/flowline`, its keys and `/credentials/status/revocation`: what a verifier
/// elsewhere fetches.
pub fn public_router() -> Router<AppState> {
    Router::new()
        .route("/issuers/flowline", get(profile))
        .route("/issuers/flowline/keys/{id}", get(key))
        .route("/credentials/status/revocation", get(status_list))
}

fn ld_json(v: Value) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/ld+json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        Json(v),
    )
}

async fn profile(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    Ok(ld_json(
        credentials::profile(&state.db, &state.issuer()).await?,
    ))
}

async fn key(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(ld_json(
        credentials::key_document(&state.db, &state.public_url, &id).await?,
    ))
}

async fn status_list(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let list = status::list(&state.db, &state.issuer(), state.now_ms()).await?;
    Ok(ld_json(list))
}

/// The learner's milestone as a signed OpenBadgeCredential (issued on the first download,
/// the same one after that), as a `.json` file.
#[utoipa::path(get, path = "/me/badges/{key}/credential", tag = "learning",
    params(("key" = String, Path, description = "The milestone's key, e.g. `first-mastered`")),
    responses(
        (status = 200, description = "An OpenBadgeCredential (JSON-LD)", body = Object),
        (status = 401, body = ErrorBody),
        (status = 404, description = "The caller holds no such milestone", body = ErrorBody),
    ))]
pub async fn download(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(key): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let c = credentials::for_milestone(&state.db, &caller, &key, &state.issuer(), state.now_ms())
        .await?;
    let name = format!("flowline-{}.json", key.replace(':', "-"));
    Ok((
        [
            (header::CONTENT_TYPE, "application/ld+json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        c.document,
    ))
}

/// "Add to LinkedIn": LinkedIn's add-a-certification form, filled in (name, issuer, date,
/// the credential id and its verify link).
#[utoipa::path(get, path = "/me/badges/{key}/linkedin", tag = "learning",
    params(("key" = String, Path, description = "The milestone's key")),
    responses(
        (status = 303, description = "To linkedin.com/profile/add"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "The caller holds no such milestone", body = ErrorBody),
    ))]
pub async fn linkedin(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
    Path(key): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let c = credentials::for_milestone(&state.db, &caller, &key, &state.issuer(), state.now_ms())
        .await?;
    let doc: Value = serde_json::from_str(&c.document).unwrap_or_default();
    let issued = chrono::DateTime::from_timestamp_millis(c.issued_at).unwrap_or_default();
    let verify_url = format!("{}/verify/credential?id={}", state.public_url, c.id);
    let url = format!(
        "https://www.linkedin.com/profile/add?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("startTask", "CERTIFICATION_NAME")
            .append_pair("name", doc["name"].as_str().unwrap_or("Flowline badge"))
            .append_pair("organizationName", &state.provider)
            .append_pair("issueYear", &issued.format("%Y").to_string())
            .append_pair("issueMonth", &issued.format("%-m").to_string())
            .append_pair("certUrl", &verify_url)
            .append_pair("certId", &c.id)
            .finish()
    );
    Ok(Redirect::to(&url))
}

/// Verifies a credential (the body: its JSON, as downloaded), without sign-in.
#[utoipa::path(post, path = "/verify/credential", tag = "assessor",
    request_body(content = Object, description = "An OpenBadgeCredential", content_type = "application/json"),
    responses(
        (status = 200, description = "The verdict: valid, revoked, invalid or unknown_issuer, with why", body = CredentialCheck),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> Result<Json<CredentialCheck>, ApiError> {
    // Bytes, not a String extractor: a file that is not UTF-8 gets our JSON error too.
    let body = String::from_utf8(body.to_vec()).map_err(|_| {
        flowline_core::error::AppError::bad_request(
            "That is not a credential file: it is not text (UTF-8). Upload the .json file as \
             it was downloaded.",
        )
    })?;
    Ok(Json(
        verify::check_text(&state.db, &state.issuer(), &body).await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoredCheck {
    pub check: CredentialCheck,
    /// The credential as issued.
    #[schema(value_type = Object)]
    pub credential: Value,
}

/// Verifies a credential this site issued, by its id (the link on LinkedIn, a QR code).
#[utoipa::path(get, path = "/verify/credential/{id}", tag = "assessor",
    params(("id" = String, Path, description = "The credential's id (with or without urn:uuid:)")),
    responses(
        (status = 200, body = StoredCheck),
        (status = 404, description = "No credential with this id was issued here", body = ErrorBody),
    ))]
pub async fn verify_stored(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StoredCheck>, ApiError> {
    let (check, credential) = verify::check_stored(&state.db, &state.issuer(), &id).await?;
    Ok(Json(StoredCheck { check, credential }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RevokeRequest {
    /// Why (shown on the verify page).
    pub reason: String,
}

/// An admin revokes a credential issued in error: its status-list bit is set.
#[utoipa::path(post, path = "/admin/credentials/{id}/revoke", tag = "admin",
    params(("id" = String, Path, description = "The credential's id")),
    request_body = RevokeRequest,
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already revoked", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RevokeRequest>,
) -> Result<StatusCode, ApiError> {
    credentials::revoke(&state.db, &caller, &id, &req.reason, state.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every badge awarded, newest first, with whether it was downloaded and any revocation.
#[utoipa::path(get, path = "/admin/badges", tag = "admin",
    responses(
        (status = 200, body = Vec<BadgeAward>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ))]
pub async fn badges(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
) -> Result<Json<Vec<BadgeAward>>, ApiError> {
    Ok(Json(credentials::badges::list(&state.db, &caller).await?))
}

/// An admin revokes a badge, downloaded or not, with the reason the learner and the verify
/// page are shown: it can no longer be downloaded or added to LinkedIn.
#[utoipa::path(post, path = "/admin/badges/{id}/revoke", tag = "admin",
    params(("id" = String, Path, description = "The award's id")),
    request_body = BadgeRevokeIn,
    responses(
        (status = 200, description = "The badge, revoked", body = BadgeAward),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already revoked", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn revoke_badge(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<BadgeRevokeIn>,
) -> Result<Json<BadgeAward>, ApiError> {
    Ok(Json(
        credentials::badges::revoke(&state.db, &caller, &id, &req.reason, state.now_ms()).await?,
    ))
}

/// An admin reinstates a revoked badge: the learner can download it again (signed afresh).
#[utoipa::path(post, path = "/admin/badges/{id}/reinstate", tag = "admin",
    params(("id" = String, Path, description = "The award's id")),
    responses(
        (status = 200, description = "The badge, standing again", body = BadgeAward),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not revoked", body = ErrorBody),
    ))]
pub async fn reinstate_badge(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    Path(id): Path<String>,
) -> Result<Json<BadgeAward>, ApiError> {
    Ok(Json(
        credentials::badges::reinstate(&state.db, &caller, &id, state.now_ms()).await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssuerKey {
    pub id: String,
    /// Where verifiers read it (the proofs' `verificationMethod`).
    pub url: String,
    pub public_key_multibase: String,
}

/// An admin rotates the issuer key: new credentials are signed with a new key; the old one
/// stays published, so what it signed still verifies.
#[utoipa::path(post, path = "/admin/issuer/keys", tag = "admin",
    responses(
        (status = 201, body = IssuerKey),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ))]
pub async fn rotate_key(
    State(state): State<AppState>,
    CurrentUser(caller): CurrentUser,
) -> Result<(StatusCode, Json<IssuerKey>), ApiError> {
    let k = credentials::rotate_key(&state.db, &caller, state.now_ms()).await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuerKey {
            url: document::key_url(&state.public_url, &k.id),
            id: k.id,
            public_key_multibase: k.public_key,
        }),
    ))
}
