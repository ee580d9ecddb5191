//! The coach over REST: a learner's thread, asking (answered with a lesson, or passed to a
//! mentor), "Ask my mentor" on an earlier question, and the mentors' inbox and answers.

use super::error::{ApiError, ErrorBody};
use super::extract::{ApiJson, CurrentUser, LearnerUser, MentorOrAdmin};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use flowline_core::model::{
    AskIn, AskOut, CoachSettings, CoachThread, InboxItem, MentorAnswerIn, MentorInbox,
};
use services::coach;
use services::state::AppState;

/// The signed-in learner's thread, oldest first (nudges in it count as opened).
#[utoipa::path(get, path = "/coach", tag = "coach",
    responses(
        (status = 200, body = CoachThread),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
    ))]
pub async fn thread(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<CoachThread>, ApiError> {
    Ok(Json(coach::thread(&state.db, &user, state.now_ms()).await?))
}

/// Asks the coach. The answer is the passage and lesson that answer it; without a good
/// match the coach says so and offers the mentor; words about someone's safety, a request for a
/// person or `to_mentor` pass the question to the learner's mentors.
#[utoipa::path(post, path = "/coach/questions", tag = "coach",
    request_body = AskIn,
    responses(
        (status = 201, body = AskOut),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 409, description = "Not in a cohort yet", body = ErrorBody),
        (status = 422, description = "Empty or too long (named)", body = ErrorBody),
        (status = 429, description = "Past the coach's questions per hour or per day (says when it answers again); safety questions and questions for the mentor are never held back", body = ErrorBody),
    ))]
pub async fn ask(
    State(state): State<AppState>,
    LearnerUser(user): LearnerUser,
    ApiJson(input): ApiJson<AskIn>,
) -> Result<(StatusCode, Json<AskOut>), ApiError> {
    let out = coach::ask(
        &state.db,
        &state.coach,
        &state.public_url,
        &user,
        input,
        "app",
        state.now_ms(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// "Ask my mentor" on a question already in the thread.
#[utoipa::path(post, path = "/coach/questions/{id}/escalate", tag = "coach",
    params(("id" = String, Path, description = "The question's message id")),
    responses(
        (status = 201, body = AskOut),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 404, description = "No such question in the caller's thread", body = ErrorBody),
        (status = 409, description = "Already with the mentor, or not in a cohort", body = ErrorBody),
    ))]
pub async fn escalate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<AskOut>), ApiError> {
    let out = coach::escalate_question(&state.db, &state.coach, &user, &id, state.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// A mentor's inbox: their learners' questions, open ones first (every learner's for an admin).
#[utoipa::path(get, path = "/mentor/inbox", tag = "coach",
    responses(
        (status = 200, body = MentorInbox),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
    ))]
pub async fn inbox(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<MentorInbox>, ApiError> {
    Ok(Json(coach::inbox(&state.db, &user).await?))
}

/// A mentor answers a question (once); the answer goes to the learner's thread and is offered to
/// the next learner who asks something similar (named by role, never by the learner who asked).
#[utoipa::path(post, path = "/mentor/inbox/{id}/answer", tag = "coach",
    params(("id" = String, Path, description = "The question (inbox item) id")),
    request_body = MentorAnswerIn,
    responses(
        (status = 200, body = InboxItem),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
        (status = 404, description = "No such question of the mentor's learners", body = ErrorBody),
        (status = 409, description = "Already answered", body = ErrorBody),
        (status = 422, description = "Empty or too long", body = ErrorBody),
    ))]
pub async fn answer(
    State(state): State<AppState>,
    MentorOrAdmin(user): MentorOrAdmin,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MentorAnswerIn>,
) -> Result<Json<InboxItem>, ApiError> {
    Ok(Json(
        coach::answer(&state.db, &user, &id, &input.answer, state.now_ms()).await?,
    ))
}

/// A mentor says they are dealing with a question ("I'm on it"); the first to say so is kept
/// and shown to everyone who sees the question. A safety question acknowledged in time does
/// not go on to the admins.
#[utoipa::path(post, path = "/mentor/inbox/{id}/acknowledge", tag = "coach",
    params(("id" = String, Path, description = "The question (inbox item) id")),
    responses(
        (status = 200, body = InboxItem),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a mentor or admin", body = ErrorBody),
        (status = 404, description = "No such question of the mentor's learners", body = ErrorBody),
    ))]
pub async fn acknowledge(
    State(state): State<AppState>,
    MentorOrAdmin(user): MentorOrAdmin,
    Path(id): Path<String>,
) -> Result<Json<InboxItem>, ApiError> {
    Ok(Json(
        coach::alerts::acknowledge(&state.db, &user, &id, state.now_ms()).await?,
    ))
}

/// The signed-in learner's nudge choices: kinds and quiet hours.
#[utoipa::path(get, path = "/coach/settings", tag = "coach",
    responses(
        (status = 200, body = CoachSettings),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
    ))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<CoachSettings>, ApiError> {
    Ok(Json(coach::nudges::settings(&state.db, &user).await?))
}

/// Changes the signed-in learner's nudge choices.
#[utoipa::path(put, path = "/coach/settings", tag = "coach",
    request_body = CoachSettings,
    responses(
        (status = 200, body = CoachSettings),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a learner", body = ErrorBody),
        (status = 422, description = "An unknown kind or a time not HH:MM (named)", body = ErrorBody),
    ))]
pub async fn set_settings(
    State(state): State<AppState>,
    LearnerUser(user): LearnerUser,
    ApiJson(input): ApiJson<CoachSettings>,
) -> Result<Json<CoachSettings>, ApiError> {
    Ok(Json(
        coach::nudges::set_settings(&state.db, &user, input, state.now_ms()).await?,
    ))
}
