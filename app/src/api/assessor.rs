//! Server fns of the assessor's pages (the same services as `/api/v1/assessor/…` and
//! `/api/v1/learners/{id}/readiness`).

use crate::error::AppError;
use crate::model::{Readiness, SharedLearner};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The learners shared with the signed-in assessor now (see `GET /api/v1/assessor/learners`).
#[server(prefix = "/rpc", endpoint = "assessor/home")]
pub async fn assessor_home() -> Result<Vec<SharedLearner>, AppError> {
    use crate::ssr::{context, services::evidence::shares};
    context::as_user(
        |state, user, now| async move { shares::shared_with(&state.db, &user, now).await },
    )
    .await
}

/// A learner's readiness (see `GET /api/v1/learners/{id}/readiness`).
#[server(prefix = "/rpc", endpoint = "assessor/readiness", input = Json)]
pub async fn learner_readiness(learner_id: String) -> Result<Readiness, AppError> {
    use crate::ssr::{context, services::evidence::readiness};
    context::as_user(|state, user, now| async move {
        readiness::of(&state.db, &user, &learner_id, now).await
    })
    .await
}
