//! The learner loop: the feed, recording what learners do, and their progress. Competency and
//! streaks are rebuilt from the log by the shared domain engine on every change.

pub mod accepted;
pub mod engine_state;
pub mod feed;
pub mod history;
pub mod interactions;
pub mod memory_fit;
pub mod milestones;
pub mod progress;
pub mod recompute;

use crate::store::cohorts::{self, Enrolment};
use crate::store::knowledge_models;
use crate::store::ksbs::{self, EngineKsb};
use crate::store::memory_models::{self, DEFAULT_MODEL};
use crate::store::users::User;
use flowline_core::domain::competency::fsrs6::Weights;
use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::domain::competency::Params;
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::domain::Zone;
use flowline_core::error::{AppError, ErrorCode};
use sqlx::AnyConnection;

/// Who is learning, where, and against which KSBs.
#[derive(Debug, Clone)]
pub struct Learner {
    /// The learner's id (their account's).
    pub id: LearnerId,
    pub user: User,
    pub tz: Zone,
    pub enrolment: Enrolment,
    pub ksbs: Vec<EngineKsb>,
    /// The standard's adopted memory fit (id, weights), if any.
    pub memory: Option<(String, Weights)>,
    /// The standard's adopted knowledge fit (id, BKT parameters), if any.
    pub knowledge: Option<(String, Bkt)>,
}

impl Learner {
    pub fn params(&self) -> Params {
        Params {
            desired_retention: self.enrolment.desired_retention,
            weights: self.memory.as_ref().map_or_else(Weights::default, |m| m.1),
            knowledge: self.knowledge.as_ref().map_or_else(Bkt::default, |k| k.1),
        }
    }

    /// The memory model the learner is scheduled with: a fit's id, or "default".
    pub fn model_id(&self) -> &str {
        self.memory.as_ref().map_or(DEFAULT_MODEL, |m| m.0.as_str())
    }

    pub fn ksb(&self, id: &str) -> Option<&EngineKsb> {
        self.ksbs.iter().find(|k| k.info.id == id)
    }

    pub fn illustrative(&self) -> bool {
        self.enrolment.source == "demo"
    }
}

/// The learner's timezone (London when the stored name is unknown).
pub fn timezone(user: &User) -> Zone {
    Zone::parse_or_default(&user.timezone)
}

/// Only learners have a feed and a log.
pub fn require_learner(user: &User) -> Result<(), AppError> {
    if user.role == Role::Learner {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Forbidden,
            "The feed and progress are for learner accounts.",
        ))
    }
}

/// The learner's context, or None when they are not in a cohort yet.
pub async fn load(conn: &mut AnyConnection, user: &User) -> Result<Option<Learner>, AppError> {
    require_learner(user)?;
    let id = user.learner_id();
    let Some(enrolment) = cohorts::enrolment(&mut *conn, &id).await? else {
        return Ok(None);
    };
    let ksbs = ksbs::live_for_engine(&mut *conn, &enrolment.standard_id).await?;
    let memory = memory_models::adopted(&mut *conn, &enrolment.standard_id).await?;
    let knowledge = knowledge_models::adopted(conn, &enrolment.standard_id).await?;
    Ok(Some(Learner {
        id,
        tz: timezone(user),
        user: user.clone(),
        enrolment,
        ksbs,
        memory,
        knowledge,
    }))
}

pub use flowline_core::view::projection::round1;
