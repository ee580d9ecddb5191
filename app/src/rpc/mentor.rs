//! Server fns of instructor mode (the same services as `/api/v1/mentor/…`).

use flowline_core::error::AppError;
use flowline_core::model::{ObservationIn, ObservationOut};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Signs off observed work (see `POST /api/v1/mentor/observations`).
#[server(prefix = "/rpc", endpoint = "mentor/observations", input = Json)]
pub async fn sign_off_observation(observation: ObservationIn) -> Result<ObservationOut, AppError> {
    use crate::rpc::context;
    use services::mentor::observations;
    context::as_user(|state, user, now| async move {
        observations::sign_off(&state.db, &user, observation, now).await
    })
    .await
}

/// The cohort board (see `GET /api/v1/mentor/cohorts/{id}/learners`).
#[server(prefix = "/rpc", endpoint = "mentor/board", input = Json)]
pub async fn cohort_board(
    cohort_id: flowline_core::domain::CohortId,
) -> Result<flowline_core::model::CohortBoard, AppError> {
    use crate::rpc::context;
    use services::mentor::board;
    context::as_user(|state, user, now| async move {
        board::board(&state.db, &user, &cohort_id, now).await
    })
    .await
}

/// One learner in depth (see `GET /api/v1/mentor/learners/{id}`).
#[server(prefix = "/rpc", endpoint = "mentor/learner", input = Json)]
pub async fn learner_detail(
    learner_id: flowline_core::domain::LearnerId,
) -> Result<flowline_core::model::LearnerDetail, AppError> {
    use crate::rpc::context;
    use services::mentor::board;
    context::as_user(|state, user, now| async move {
        board::learner(&state.db, &user, &learner_id, now).await
    })
    .await
}

/// The Instructor page's data in one call (see [`InstructorStart`]).
#[server(prefix = "/rpc", endpoint = "mentor/home")]
pub async fn instructor_home() -> Result<flowline_core::model::InstructorStart, AppError> {
    use crate::rpc::context;
    use services::mentor::board;
    context::as_user(|state, user, now| async move {
        board::instructor_start(&state.db, &user, now).await
    })
    .await
}
