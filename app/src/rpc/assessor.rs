//! Server fns of the assessor's pages (the same services as `/api/v1/assessor/…` and
//! `/api/v1/learners/{id}/readiness`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{Readiness, SharedLearner};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The learners shared with the signed-in assessor now (see `GET /api/v1/assessor/learners`).
#[server(prefix = "/rpc", endpoint = "assessor/home")]
pub async fn assessor_home() -> Result<Vec<SharedLearner>, AppError> {
    use crate::rpc::context;
    use services::evidence::shares;
    context::as_user(
        |state, user, now| async move { shares::shared_with(&state.db, &user, now).await },
    )
    .await
}

/// A learner's readiness (see `GET /api/v1/learners/{id}/readiness`).
#[server(prefix = "/rpc", endpoint = "assessor/readiness", input = Json)]
pub async fn learner_readiness(learner_id: LearnerId) -> Result<Readiness, AppError> {
    use crate::rpc::context;
    use services::evidence::readiness;
    context::as_user(|state, user, now| async move {
        readiness::of(&state.db, &user, &learner_id, now).await
    })
    .await
}

/// One KSB's evidence item by item (see `GET /api/v1/learners/{id}/ksbs/{code}/evidence`).
#[server(prefix = "/rpc", endpoint = "evidence/ksb", input = Json)]
pub async fn ksb_evidence(
    learner_id: LearnerId,
    code: String,
) -> Result<flowline_core::model::KsbEvidence, AppError> {
    use crate::rpc::context;
    use services::evidence::ksb;
    context::as_user(|state, user, now| async move {
        ksb::of(&state.db, &user, &learner_id, &code, now).await
    })
    .await
}

/// The assessor records the Gateway decision (see `POST
/// /api/v1/learners/{id}/gateway-decisions`).
#[server(prefix = "/rpc", endpoint = "evidence/gateway-decision", input = Json)]
pub async fn decide_gateway(
    learner_id: LearnerId,
    input: flowline_core::model::GatewayDecisionIn,
) -> Result<flowline_core::model::GatewayDecision, AppError> {
    use crate::rpc::context;
    use services::evidence::gateway;
    context::as_user(|state, user, now| async move {
        gateway::decide(&state.db, &user, &learner_id, &input, now).await
    })
    .await
}

/// The signed-in learner's shares and who looked at their evidence (for the Me page).
#[server(prefix = "/rpc", endpoint = "evidence/sharing")]
pub async fn evidence_sharing() -> Result<flowline_core::model::Sharing, AppError> {
    use crate::rpc::context;
    use services::evidence::portfolio;
    use services::evidence::shares;
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        Ok(flowline_core::model::Sharing {
            learner_id: user.learner_id(),
            shares: shares::list(&state.db, &user, &user.learner_id(), now).await?,
            views: shares::views(&state.db, &user, &user.learner_id()).await?,
            portfolios: portfolio::issues(&state.db, &user, &user.learner_id()).await?,
        })
    })
    .await
}

/// The signed-in learner shares their evidence with an assessor (see `POST
/// /api/v1/learners/{id}/shares`).
#[server(prefix = "/rpc", endpoint = "evidence/share", input = Json)]
pub async fn share_evidence(
    assessor_email: String,
    days: i64,
) -> Result<flowline_core::model::Share, AppError> {
    use crate::rpc::context;
    use services::evidence::shares;
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        let ask = flowline_core::model::ShareIn {
            assessor_email,
            days,
        };
        shares::create(&state.db, &user, &user.learner_id(), &ask, now).await
    })
    .await
}

/// The signed-in learner ends one of their shares now.
#[server(prefix = "/rpc", endpoint = "evidence/revoke", input = Json)]
pub async fn revoke_share(share_id: String) -> Result<flowline_core::model::Share, AppError> {
    use crate::rpc::context;
    use services::evidence::shares;
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        shares::revoke(&state.db, &user, &user.learner_id(), &share_id, now).await
    })
    .await
}

/// Sharing is the apprentice's own: other roles have no portfolio to share.
#[cfg(feature = "ssr")]
fn learner_only(user: &services::accounts::User) -> Result<(), AppError> {
    if user.role == flowline_core::domain::Role::Learner {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The signed-in learner revokes an issued portfolio: its verify page is gone.
#[server(prefix = "/rpc", endpoint = "evidence/portfolio-revoke", input = Json)]
pub async fn revoke_portfolio(issue_id: String) -> Result<(), AppError> {
    use crate::rpc::context;
    use services::evidence::portfolio;
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        portfolio::revoke(&state.db, &user, &user.learner_id(), &issue_id, now).await
    })
    .await
}

/// What a portfolio's QR code proves (no sign-in; see `GET /api/v1/verify/{token}`).
#[server(prefix = "/rpc", endpoint = "verify/portfolio", input = Json)]
pub async fn verify_portfolio(
    token: String,
) -> Result<flowline_core::model::Verification, AppError> {
    use crate::rpc::context;
    use services::evidence::portfolio;
    context::with_call(|call| async move {
        portfolio::verification(&call.state.db, &token, &call.state.provider).await
    })
    .await
}
