//! The OpenAPI document, generated from the handlers' annotations.

use super::error::{ErrorBody, ErrorDetail};
use app::domain::Role;
use app::model::{CohortSummary, LoginRequest, Me, RegisterRequest};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Flowline API", version = "1", description = "Flowline's REST API v1. Errors are `{\"error\":{\"code\",\"message\",\"field\"}}`."),
    paths(
        super::health::healthz,
        super::auth::register,
        super::auth::login,
        super::auth::logout,
        super::me::me,
    ),
    components(schemas(ErrorBody, ErrorDetail, Role, Me, CohortSummary, RegisterRequest, LoginRequest)),
    tags((name = "auth", description = "Accounts and sessions"), (name = "ops", description = "Operations"))
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
