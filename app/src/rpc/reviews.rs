//! Server fns of the progress review pages (the same services as `/api/v1/…/reviews…`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{Review, Reviews};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A learner's reviews: the signed-in learner's own when `learner_id` is absent.
#[server(prefix = "/rpc", endpoint = "reviews/list", input = Json)]
pub async fn learner_reviews(learner_id: Option<LearnerId>) -> Result<Reviews, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        let id = learner_id.unwrap_or_else(|| user.learner_id());
        reviews::list(&state.db, &user, &id, now).await
    })
    .await
}

/// The mentor drafts the learner's next review.
#[server(prefix = "/rpc", endpoint = "reviews/start", input = Json)]
pub async fn start_review(learner_id: LearnerId) -> Result<Review, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        reviews::start(&state.db, &user, &learner_id, &state.public_url, now).await
    })
    .await
}

/// One review.
#[server(prefix = "/rpc", endpoint = "reviews/get", input = Json)]
pub async fn get_review(review_id: String) -> Result<Review, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        reviews::get(&state.db, &user, &review_id, now).await
    })
    .await
}

/// The mentor writes the agreed plan.
#[server(prefix = "/rpc", endpoint = "reviews/plan", input = Json)]
pub async fn review_plan(review_id: String, plan: String) -> Result<Review, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        reviews::set_plan(&state.db, &user, &review_id, &plan, now).await
    })
    .await
}

/// A party writes their comment.
#[server(prefix = "/rpc", endpoint = "reviews/comment", input = Json)]
pub async fn review_comment(review_id: String, comment: String) -> Result<Review, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        reviews::comment(&state.db, &user, &review_id, &comment, now).await
    })
    .await
}

/// A party signs what they read (`content_hash`), with their comment.
#[server(prefix = "/rpc", endpoint = "reviews/sign", input = Json)]
pub async fn sign_review(
    review_id: String,
    content_hash: String,
    comment: String,
) -> Result<Review, AppError> {
    use crate::rpc::context;
    use services::reviews;
    context::as_user(|state, user, now| async move {
        reviews::sign(&state.db, &user, &review_id, &content_hash, &comment, now).await
    })
    .await
}
