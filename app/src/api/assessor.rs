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

/// The signed-in learner's shares and who looked at their evidence (for the Me page).
#[server(prefix = "/rpc", endpoint = "evidence/sharing")]
pub async fn evidence_sharing() -> Result<crate::model::Sharing, AppError> {
    use crate::ssr::{context, services::evidence::portfolio, services::evidence::shares};
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        Ok(crate::model::Sharing {
            learner_id: user.id.clone(),
            shares: shares::list(&state.db, &user, &user.id, now).await?,
            views: shares::views(&state.db, &user, &user.id).await?,
            portfolios: portfolio::issues(&state.db, &user, &user.id).await?,
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
) -> Result<crate::model::Share, AppError> {
    use crate::ssr::{context, services::evidence::shares};
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        let ask = crate::model::ShareIn {
            assessor_email,
            days,
        };
        shares::create(&state.db, &user, &user.id, &ask, now).await
    })
    .await
}

/// The signed-in learner ends one of their shares now.
#[server(prefix = "/rpc", endpoint = "evidence/revoke", input = Json)]
pub async fn revoke_share(share_id: String) -> Result<crate::model::Share, AppError> {
    use crate::ssr::{context, services::evidence::shares};
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        shares::revoke(&state.db, &user, &user.id, &share_id, now).await
    })
    .await
}

/// Sharing is the apprentice's own: other roles have no portfolio to share.
#[cfg(feature = "ssr")]
fn learner_only(user: &crate::ssr::store::users::User) -> Result<(), AppError> {
    if user.role == crate::domain::Role::Learner {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The signed-in learner revokes an issued portfolio: its verify page is gone.
#[server(prefix = "/rpc", endpoint = "evidence/portfolio-revoke", input = Json)]
pub async fn revoke_portfolio(issue_id: String) -> Result<(), AppError> {
    use crate::ssr::{context, services::evidence::portfolio};
    context::as_user(|state, user, now| async move {
        learner_only(&user)?;
        portfolio::revoke(&state.db, &user, &user.id, &issue_id, now).await
    })
    .await
}

/// What a portfolio's QR code proves (no sign-in; see `GET /api/v1/verify/{token}`).
#[server(prefix = "/rpc", endpoint = "verify/portfolio", input = Json)]
pub async fn verify_portfolio(token: String) -> Result<crate::model::Verification, AppError> {
    use crate::ssr::{context, services::evidence::portfolio};
    context::with_call(|call| async move {
        portfolio::verification(&call.state.db, &token, &call.state.provider).await
    })
    .await
}
