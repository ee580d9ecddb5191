//! REST errors: `{"error":{"code","message","field"?}}` with a fitting HTTP status.

use app::error::AppError;
use app::ssr::status_of;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// An `AppError` on its way out of a REST handler.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// bad_request, invalid, unauthenticated, forbidden, not_found, conflict,
    /// payload_too_large, too_many_requests, internal
    #[schema(example = "invalid")]
    pub code: String,
    #[schema(example = "Enter an e-mail address like name@example.com.")]
    pub message: String,
    /// The request field at fault, when there is one.
    #[schema(example = "email")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let body = ErrorBody {
            error: ErrorDetail {
                code: e.code.as_str().to_owned(),
                message: e.message,
                field: e.field,
            },
        };
        (status_of(e.code), Json(body)).into_response()
    }
}

/// The JSON answer for a path no route matches under `/api`.
pub async fn api_not_found() -> ApiError {
    ApiError(AppError::not_found("API endpoint"))
}
