//! `GET /api/v1/content`: the lesson catalogue of a standard (the path keeps its first name).

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiQuery, CurrentUser};
use axum::extract::State;
use axum::Json;
use flowline_core::error::AppError;
use flowline_core::model::LessonList;
use serde::Deserialize;
use services::catalogue;
use services::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContentParams {
    /// The standard's reference, e.g. ST1332.
    pub standard: Option<String>,
}

/// Published lessons of a standard that have their video (for any signed-in person).
#[utoipa::path(get, path = "/content", tag = "content",
    params(ContentParams),
    responses(
        (status = 200, body = LessonList),
        (status = 422, description = "`standard` is missing", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No such standard", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiQuery(params): ApiQuery<ContentParams>,
) -> Result<Json<LessonList>, ApiError> {
    let standard = params
        .standard
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            AppError::invalid("standard", "Say which standard, e.g. ?standard=ST1332.")
        })?;
    Ok(Json(catalogue::list(&state.db, standard).await?))
}
