//! `/api/v1/standards` (any signed-in person) and `/api/v1/admin/standards/import` (admins).

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, CurrentUser};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::domain::standard_doc::OfficialStandard;
use flowline_core::model::{ImportReport, KsbDto, KsbEdit, StandardDetail, StandardSummary};
use serde::Deserialize;
use services::standards;
use services::standards::StandardSource;
use services::state::AppState;

/// Every standard in the library.
#[utoipa::path(get, path = "/standards", tag = "standards",
    responses((status = 200, body = [StandardSummary]), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<StandardSummary>>, ApiError> {
    Ok(Json(standards::list(&state.db).await?))
}

/// A standard with its KSBs in document order.
#[utoipa::path(get, path = "/standards/{reference}", tag = "standards",
    params(("reference" = String, Path, example = "ST1332")),
    responses((status = 200, body = StandardDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(reference): Path<String>,
) -> Result<Json<StandardDetail>, ApiError> {
    Ok(Json(standards::detail(&state.db, &reference).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check and report without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// Import the official standard JSON (Skills England API shape). All or nothing.
#[utoipa::path(post, path = "/admin/standards/import", tag = "admin",
    params(ImportParams),
    request_body = OfficialStandard,
    responses(
        (status = 201, description = "Imported", body = ImportReport),
        (status = 200, description = "Preview (dry_run=true); nothing written", body = ImportReport),
        (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "The document is malformed; the field and index are named", body = ErrorBody),
    ))]
pub async fn import(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiQuery(params): ApiQuery<ImportParams>,
    ApiJson(doc): ApiJson<OfficialStandard>,
) -> Result<(StatusCode, Json<ImportReport>), ApiError> {
    let report = standards::import(
        &state.db,
        doc,
        StandardSource::Official,
        params.dry_run,
        state.now_ms(),
    )
    .await?;
    let status = if params.dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(report)))
}

/// Changes one KSB's text and the KSBs to master first (admins). A prerequisite that would
/// put KSBs in a circle is refused, naming the circle; nothing is written then.
#[utoipa::path(put, path = "/admin/standards/{reference}/ksbs/{code}", tag = "admin",
    params(
        ("reference" = String, Path, description = "e.g. ST1332"),
        ("code" = String, Path, description = "e.g. S3"),
    ),
    request_body = KsbEdit,
    responses(
        (status = 200, body = KsbDto),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such standard or live KSB", body = ErrorBody),
        (status = 422, description = "Empty text, an unknown prerequisite, or a circle", body = ErrorBody),
    ))]
pub async fn edit_ksb(
    State(state): State<AppState>,
    AdminUser(caller): AdminUser,
    Path((reference, code)): Path<(String, String)>,
    ApiJson(edit): ApiJson<KsbEdit>,
) -> Result<Json<KsbDto>, ApiError> {
    Ok(Json(
        services::library::edit_ksb(&state.db, &caller, &reference, &code, &edit, state.now_ms())
            .await?,
    ))
}
