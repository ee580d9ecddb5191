//! Server fns of instructor mode (the same services as `/api/v1/mentor/…`).

use crate::error::AppError;
use crate::model::{ObservationIn, ObservationOut, SignOffForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in mentor's learners and the KSBs they can sign off.
#[server(prefix = "/rpc", endpoint = "mentor/sign-off-form")]
pub async fn get_sign_off_form() -> Result<SignOffForm, AppError> {
    use crate::ssr::{context, services::mentor::observations};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        observations::form(&state.db, &user).await
    }
    .await
    .map_err(context::fail)
}

/// Signs off observed work (see `POST /api/v1/mentor/observations`).
#[server(prefix = "/rpc", endpoint = "mentor/observations", input = Json)]
pub async fn sign_off_observation(observation: ObservationIn) -> Result<ObservationOut, AppError> {
    use crate::ssr::{context, now_ms, services::mentor::observations};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        observations::sign_off(&state.db, &user, observation, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// The cohorts the mentor mentors (every cohort for an admin).
#[server(prefix = "/rpc", endpoint = "mentor/cohorts")]
pub async fn mentor_cohorts() -> Result<Vec<crate::model::CohortSummary>, AppError> {
    use crate::ssr::{context, services::mentor::board};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        board::cohorts(&state.db, &user).await
    }
    .await
    .map_err(context::fail)
}

/// The cohort board (see `GET /api/v1/mentor/cohorts/{id}/learners`).
#[server(prefix = "/rpc", endpoint = "mentor/board", input = Json)]
pub async fn cohort_board(cohort_id: String) -> Result<crate::model::CohortBoard, AppError> {
    use crate::ssr::{context, now_ms, services::mentor::board};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        board::board(&state.db, &user, &cohort_id, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// One learner in depth (see `GET /api/v1/mentor/learners/{id}`).
#[server(prefix = "/rpc", endpoint = "mentor/learner", input = Json)]
pub async fn learner_detail(learner_id: String) -> Result<crate::model::LearnerDetail, AppError> {
    use crate::ssr::{context, now_ms, services::mentor::board};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        board::learner(&state.db, &user, &learner_id, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// The Instructor page's data in one call (see [`InstructorStart`]).
#[server(prefix = "/rpc", endpoint = "mentor/home")]
pub async fn instructor_home() -> Result<crate::model::InstructorStart, AppError> {
    use crate::domain::Role;
    use crate::ssr::{
        context, now_ms,
        services::mentor::{board, observations},
    };
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        let cohorts = board::cohorts(&state.db, &user).await?;
        let first = match cohorts.first() {
            Some(c) => Some(board::board(&state.db, &user, &c.id, now_ms()).await?),
            None => None,
        };
        let sign_off = if user.role == Role::Mentor {
            Some(observations::form(&state.db, &user).await?)
        } else {
            None
        };
        Ok(crate::model::InstructorStart {
            cohorts,
            board: first,
            sign_off,
        })
    }
    .await
    .map_err(context::fail)
}
