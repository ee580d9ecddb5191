//! Server fns of the off-the-job hours cards (the same services as `/api/v1/learners/{id}/otj…`
//! and `/api/v1/otj/logs/{id}/decision`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{OtjLog, OtjLogIn, OtjSummary};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A learner's hours: the signed-in learner's own when `learner_id` is absent.
#[server(prefix = "/rpc", endpoint = "otj/hours", input = Json)]
pub async fn otj_hours(learner_id: Option<LearnerId>) -> Result<OtjSummary, AppError> {
    use crate::rpc::context;
    use services::otj;
    context::as_user(|state, user, now| async move {
        let id = learner_id.unwrap_or_else(|| user.learner_id());
        otj::summary(&state.db, &user, &id, now).await
    })
    .await
}

/// The signed-in learner logs training off the platform.
#[server(prefix = "/rpc", endpoint = "otj/log", input = Json)]
pub async fn log_training(input: OtjLogIn) -> Result<OtjLog, AppError> {
    use crate::rpc::context;
    use services::otj;
    context::as_user(|state, user, now| async move {
        otj::log(&state.db, &user, &user.learner_id(), input, now).await
    })
    .await
}

/// A mentor approves or declines logged training.
#[server(prefix = "/rpc", endpoint = "otj/decide", input = Json)]
pub async fn decide_training(
    log_id: String,
    approve: bool,
    #[server(default)] reason: Option<String>,
) -> Result<OtjLog, AppError> {
    use crate::rpc::context;
    use services::otj;
    context::as_user(|state, user, now| async move {
        otj::decide(&state.db, &user, &log_id, approve, reason.as_deref(), now).await
    })
    .await
}

/// The apprentice's mentor (or an admin) records a break in learning.
#[server(prefix = "/rpc", endpoint = "otj/break-start", input = Json)]
pub async fn start_break(
    learner_id: flowline_core::domain::LearnerId,
    input: flowline_core::model::BreakIn,
) -> Result<flowline_core::model::LearningBreak, AppError> {
    use crate::rpc::context;
    use services::otj;
    context::as_user(|state, user, now| async move {
        otj::breaks::start(&state.db, &user, &learner_id, &input, now).await
    })
    .await
}

/// The apprentice's mentor (or an admin) records the day learning resumed.
#[server(prefix = "/rpc", endpoint = "otj/break-end", input = Json)]
pub async fn end_break(
    learner_id: flowline_core::domain::LearnerId,
    input: flowline_core::model::ReturnIn,
) -> Result<flowline_core::model::LearningBreak, AppError> {
    use crate::rpc::context;
    use services::otj;
    context::as_user(|state, user, now| async move {
        otj::breaks::end(&state.db, &user, &learner_id, &input, now).await
    })
    .await
}
