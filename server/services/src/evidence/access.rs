//! Who may read a learner's evidence: the learner, their cohort's mentors, admins, their
//! line manager, and an assessor the learner's evidence is shared with now. Anyone else is told the learner does
//! not exist (so an assessor cannot probe for learners). Every look by someone other than the
//! learner is recorded, and the learner can see it.

use crate::store::users::{self, User};
use crate::store::{employers, observations, shares};
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// What was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Readiness,
    Statements,
    Hours,
    Portfolio,
    Reviews,
    JobEvidence,
    KsbEvidence,
}

impl Look {
    pub fn as_str(self) -> &'static str {
        match self {
            Look::Readiness => "readiness",
            Look::Statements => "statements",
            Look::Hours => "off-the-job hours",
            Look::Portfolio => "portfolio",
            Look::Reviews => "progress reviews",
            Look::JobEvidence => "evidence from the job",
            Look::KsbEvidence => "a KSB's evidence",
        }
    }
}

/// Whether `caller` may read `learner_id`'s evidence at `now`.
pub async fn may_read(
    conn: &mut AnyConnection,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<bool, AppError> {
    Ok(match caller.role {
        Role::Admin => true,
        Role::Learner => caller.id == learner_id.as_str(),
        Role::Mentor => observations::mentors(conn, &caller.id, learner_id).await?,
        Role::Assessor => shares::is_shared(conn, learner_id, &caller.id, now).await?,
        Role::Employer => employers::manages(conn, &caller.id, learner_id).await?,
    })
}

/// The learner whose evidence `caller` asks for, when they may read it (and the look is
/// recorded); otherwise "not found".
pub async fn open(
    conn: &mut AnyConnection,
    caller: &User,
    learner_id: &LearnerId,
    look: Look,
    now: i64,
) -> Result<User, AppError> {
    let learner = users::find_by_id(&mut *conn, learner_id)
        .await?
        .filter(|l| l.role == Role::Learner);
    let Some(learner) = learner else {
        return Err(AppError::not_found("Learner"));
    };
    if !may_read(&mut *conn, caller, learner_id, now).await? {
        return Err(AppError::not_found("Learner"));
    }
    if caller.id != learner.id {
        let role = caller.role.to_string();
        shares::record_view(
            conn,
            &learner.learner_id(),
            &caller.id,
            &role,
            look.as_str(),
            now,
        )
        .await?;
    }
    Ok(learner)
}
