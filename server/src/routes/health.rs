use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use services::state::AppState;

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/healthz", tag = "ops",
    responses((status = 200, description = "Healthy"), (status = 503, description = "Database unreachable")))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match services::db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable"})),
            )
        }
    }
}
