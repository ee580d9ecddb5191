//! Server fns of the learner loop's pages (the same services as `/api/v1/feed` and
//! `/progress`). Answers go by `POST /api/v1/interactions` from the offline outbox, the one
//! door for them.

use flowline_core::error::AppError;
use flowline_core::model::{Feed, Progress};
use leptos::prelude::*;

/// The signed-in learner's feed.
#[server(prefix = "/rpc", endpoint = "learning/feed")]
pub async fn get_feed() -> Result<Feed, AppError> {
    use crate::rpc::context;
    use services::learning::feed;
    context::as_user(|state, user, now| async move { feed::feed(&state.db, &user, now).await })
        .await
}

/// The signed-in learner's progress.
#[server(prefix = "/rpc", endpoint = "learning/progress")]
pub async fn get_progress() -> Result<Progress, AppError> {
    use crate::rpc::context;
    use services::learning::progress;
    context::as_user(
        |state, user, now| async move { progress::progress(&state.db, &user, now).await },
    )
    .await
}
