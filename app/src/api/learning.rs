//! Server fns of the learner loop (the same services as `/api/v1/feed`, `/interactions`,
//! `/progress`). Stable endpoint names: the offline queue calls them.

use crate::error::AppError;
use crate::model::{Feed, InteractionIn, InteractionsReply, Progress};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in learner's feed.
#[server(prefix = "/rpc", endpoint = "learning/feed")]
pub async fn get_feed() -> Result<Feed, AppError> {
    use crate::ssr::{context, now_ms, services::learning::feed};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        feed::feed(&state.db, &user, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// Records what the learner did; one result per item.
#[server(prefix = "/rpc", endpoint = "learning/interactions", input = Json)]
pub async fn record_interactions(
    interactions: Vec<InteractionIn>,
) -> Result<InteractionsReply, AppError> {
    use crate::ssr::services::learning::interactions::{record, Incoming};
    use crate::ssr::{context, now_ms};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        let items = interactions.into_iter().map(Incoming::Item).collect();
        record(&state.db, &user, items, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// The signed-in learner's progress.
#[server(prefix = "/rpc", endpoint = "learning/progress")]
pub async fn get_progress() -> Result<Progress, AppError> {
    use crate::ssr::{context, now_ms, services::learning::progress};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        progress::progress(&state.db, &user, now_ms()).await
    }
    .await
    .map_err(context::fail)
}
