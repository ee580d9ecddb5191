//! Server fns of the learner loop (the same services as `/api/v1/feed`, `/interactions`,
//! `/progress`). Stable endpoint names: the offline queue calls them.

use flowline_core::error::AppError;
use flowline_core::model::{Feed, InteractionIn, InteractionsReply, Progress};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in learner's feed.
#[server(prefix = "/rpc", endpoint = "learning/feed")]
pub async fn get_feed() -> Result<Feed, AppError> {
    use crate::rpc::context;
    use services::learning::feed;
    context::as_user(|state, user, now| async move { feed::feed(&state.db, &user, now).await })
        .await
}

/// Records what the learner did; one result per item.
#[server(prefix = "/rpc", endpoint = "learning/interactions", input = Json)]
pub async fn record_interactions(
    interactions: Vec<InteractionIn>,
) -> Result<InteractionsReply, AppError> {
    use crate::rpc::context;
    use services::learning::interactions::{record, Incoming};
    context::as_user(|state, user, now| async move {
        let items = interactions.into_iter().map(Incoming::Item).collect();
        record(&state.db, &user, items, now).await
    })
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
