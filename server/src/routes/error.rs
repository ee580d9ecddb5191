//! REST errors: `{"error":{"code","message","field"?}}` with a fitting HTTP status.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use flowline_core::error::{AppError, ErrorCode};
use serde::Serialize;
use services::status_of;
use utoipa::ToSchema;

/// An `AppError` on its way out of a REST handler.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

/// Every REST error: `{"error": {"code", "message", "field"?}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: AppError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        services::log_internal(&self.0);
        let status = status_of(self.0.code);
        let too_large = self.0.code == ErrorCode::PayloadTooLarge;
        let mut res = (status, Json(ErrorBody { error: self.0 })).into_response();
        if too_large {
            // The rest of a refused body is not read: this connection cannot carry another
            // request, and the client must know not to try.
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        res
    }
}

/// The JSON answer for a path no route matches under `/api`.
pub async fn api_not_found() -> ApiError {
    ApiError(AppError::not_found("API endpoint"))
}
