//! Server fns of the employer's pages and the admin's line-manager card (the same services as
//! `/api/v1/employer/…`, `/api/v1/learners/{id}/…confirmation` and
//! `/api/v1/admin/employer…`). An apprentice's readiness is `assessor/readiness`.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{EmployerApprentice, EmployerLink, Readiness};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in line manager's apprentices (see `GET /api/v1/employer/apprentices`).
#[server(prefix = "/rpc", endpoint = "employer/home")]
pub async fn employer_home() -> Result<Vec<EmployerApprentice>, AppError> {
    use crate::rpc::context;
    use services::employer;
    context::as_user(|state, user, now| async move {
        employer::apprentices(&state.db, &user, now).await
    })
    .await
}

/// The line manager confirms a Behaviour (see `POST
/// /api/v1/learners/{id}/behaviours/{code}/confirmation`).
#[server(prefix = "/rpc", endpoint = "employer/confirm-behaviour", input = Json)]
pub async fn confirm_behaviour(
    learner_id: LearnerId,
    code: String,
    note: String,
) -> Result<Readiness, AppError> {
    use crate::rpc::context;
    use services::employer;
    context::as_user(|state, user, now| async move {
        let input = flowline_core::model::ConfirmationIn { note };
        employer::confirm_behaviour(&state.db, &user, &learner_id, &code, &input, now).await
    })
    .await
}

/// The line manager confirms readiness for the Gateway (see `POST
/// /api/v1/learners/{id}/gateway-confirmation`).
#[server(prefix = "/rpc", endpoint = "employer/confirm-gateway", input = Json)]
pub async fn confirm_gateway(learner_id: LearnerId, note: String) -> Result<Readiness, AppError> {
    use crate::rpc::context;
    use services::employer;
    context::as_user(|state, user, now| async move {
        let input = flowline_core::model::ConfirmationIn { note };
        employer::confirm_gateway(&state.db, &user, &learner_id, &input, now).await
    })
    .await
}

/// Every line manager's link to an apprentice (see `GET /api/v1/admin/employer-links`).
#[server(prefix = "/rpc", endpoint = "admin/employer-links")]
pub async fn employer_links() -> Result<Vec<EmployerLink>, AppError> {
    use crate::rpc::context;
    use services::employer::links;
    context::as_user(|state, user, _now| async move { links::all(&state.db, &user).await }).await
}

/// Links a line manager to an apprentice (see `PUT
/// /api/v1/admin/employers/{id}/apprentices/{learner_id}`); answers every link.
#[server(prefix = "/rpc", endpoint = "admin/employer-links/link", input = Json)]
pub async fn link_employer(
    employer_id: String,
    learner_id: LearnerId,
) -> Result<Vec<EmployerLink>, AppError> {
    use crate::rpc::context;
    use services::employer::links;
    context::as_user(|state, user, now| async move {
        links::link(&state.db, &user, &employer_id, &learner_id, now).await?;
        links::all(&state.db, &user).await
    })
    .await
}

/// Ends a line manager's link (see `DELETE
/// /api/v1/admin/employers/{id}/apprentices/{learner_id}`); answers every link.
#[server(prefix = "/rpc", endpoint = "admin/employer-links/unlink", input = Json)]
pub async fn unlink_employer(
    employer_id: String,
    learner_id: LearnerId,
) -> Result<Vec<EmployerLink>, AppError> {
    use crate::rpc::context;
    use services::employer::links;
    context::as_user(|state, user, _now| async move {
        links::unlink(&state.db, &user, &employer_id, &learner_id).await?;
        links::all(&state.db, &user).await
    })
    .await
}
