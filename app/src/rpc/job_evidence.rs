//! Server fns of evidence from the job (the same services as `/api/v1/…/job-evidence…`). The
//! files themselves travel as resumable uploads from the service worker (`public/sw.js`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{JobEvidence, JobEvidenceIn, JobReviewIn};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A learner's evidence from the job: the signed-in learner's own when `learner_id` is absent.
#[server(prefix = "/rpc", endpoint = "evidence/job", input = Json)]
pub async fn learner_job_evidence(
    learner_id: Option<LearnerId>,
) -> Result<Vec<JobEvidence>, AppError> {
    use crate::rpc::context;
    use services::job_evidence;
    context::as_user(|state, user, now| async move {
        let id = learner_id.unwrap_or_else(|| user.learner_id());
        job_evidence::of_learner(&state.db, &user, &id, now).await
    })
    .await
}

/// The apprentice's mentor signs it off or asks for more.
#[server(prefix = "/rpc", endpoint = "evidence/job-review", input = Json)]
pub async fn review_job_evidence(id: String, input: JobReviewIn) -> Result<JobEvidence, AppError> {
    use crate::rpc::context;
    use services::job_evidence;
    context::as_user(|state, user, now| async move {
        job_evidence::review(&state.db, &user, &id, &input, now).await
    })
    .await
}

/// The apprentice changes evidence their mentor asked more of, and sends it again.
#[server(prefix = "/rpc", endpoint = "evidence/job-change", input = Json)]
pub async fn change_job_evidence(
    id: String,
    input: JobEvidenceIn,
) -> Result<JobEvidence, AppError> {
    use crate::rpc::context;
    use services::job_evidence;
    context::as_user(|state, user, now| async move {
        job_evidence::resubmit(&state.db, &user, &id, &input, now).await
    })
    .await
}
