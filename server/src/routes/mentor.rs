//! Instructor mode over REST: `POST /api/v1/mentor/observations`.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use app::model::{ObservationIn, ObservationOut};
use app::ssr::now_ms;
use app::ssr::services::mentor::observations;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// A mentor signs off live work of a learner in a cohort they mentor. The sign-off is
/// evidence: it lifts the quiz-only cap of the Skills and Behaviours it names.
#[utoipa::path(post, path = "/api/v1/mentor/observations", tag = "mentor",
    request_body = ObservationIn,
    responses(
        (status = 201, body = ObservationOut),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor", body = ErrorBody),
        (status = 404, description = "Not a learner of a cohort this mentor mentors", body = ErrorBody),
        (status = 422, description = "Unknown KSB, bad date, note too long", body = ErrorBody),
    ))]
pub async fn post_observation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<ObservationIn>,
) -> Result<(StatusCode, Json<ObservationOut>), ApiError> {
    let out = observations::sign_off(&state.db, &user, input, now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}
