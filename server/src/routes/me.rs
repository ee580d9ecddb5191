use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser, SessionToken};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use flowline_core::error::AppError;
use flowline_core::model::Device;
use flowline_core::model::{Me, MeUpdate, MentorPhone};
use services::accounts;
use services::state::AppState;

/// The signed-in person: profile, role and cohorts.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(accounts::me(&state.db, &user).await?))
}

/// Changes the signed-in person's time zone; a learner's streak days and review dates follow.
#[utoipa::path(patch, path = "/me", tag = "auth",
    request_body = MeUpdate,
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Not an IANA time zone", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(change): ApiJson<MeUpdate>,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(
        accounts::set_timezone(&state.db, &user, &change.timezone, state.now_ms()).await?,
    ))
}

/// Where the signed-in person is signed in: this browser first, then the others.
#[utoipa::path(get, path = "/me/sessions", tag = "auth",
    responses(
        (status = 200, body = Vec<Device>),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SessionToken(token): SessionToken,
) -> Result<Json<Vec<Device>>, ApiError> {
    let token = token.ok_or_else(AppError::unauthenticated)?;
    Ok(Json(
        accounts::devices(&state.db, &user, &token, state.now_ms()).await?,
    ))
}

/// Signs out everywhere else: every session of the person but this browser's ends.
#[utoipa::path(delete, path = "/me/sessions", tag = "auth",
    responses(
        (status = 204, description = "Every other session ended"),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn sign_out_others(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SessionToken(token): SessionToken,
) -> Result<StatusCode, ApiError> {
    let token = token.ok_or_else(AppError::unauthenticated)?;
    accounts::sign_out_others(&state.db, &user, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The number the signed-in apprentice gave their mentor (`null`: none).
#[utoipa::path(get, path = "/me/phone", tag = "auth",
    responses(
        (status = 200, body = MentorPhone),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an apprentice", body = ErrorBody),
    ))]
pub async fn phone(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<MentorPhone>, ApiError> {
    Ok(Json(services::mentor::phone::get(&state.db, &user).await?))
}

/// The apprentice gives their mentor a number to call or text them on (`null` or blank takes
/// it back). Only the mentors of their cohort see it.
#[utoipa::path(put, path = "/me/phone", tag = "auth",
    request_body = MentorPhone,
    responses(
        (status = 200, body = MentorPhone),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an apprentice", body = ErrorBody),
        (status = 422, description = "Not a phone number in international form", body = ErrorBody),
    ))]
pub async fn set_phone(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<MentorPhone>,
) -> Result<Json<MentorPhone>, ApiError> {
    Ok(Json(
        services::mentor::phone::set(&state.db, &user, &input).await?,
    ))
}
