//! Periodic tasks: each runs on one instance at a time, when due, under a lease in the
//! database that a heartbeat extends while it runs. The next run is due one period after this
//! one started, whichever instance takes it.

use super::{Turn, Work};
use flowline_core::error::AppError;
use services::background;
use services::db::Db;
use services::state::{AppState, Clock};
use std::time::Duration;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// How often a running task's lease is extended (well inside [`background::LEASE_MS`]).
const HEARTBEAT: Duration = Duration::from_secs(120);

/// Every periodic task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Anchors every evidence chain's head (when any moved).
    Anchor,
    /// Fits every standard's memory and knowledge models to its own answers.
    ModelFit,
    /// Queues today's nudges for learners now in their morning or evening.
    NudgeSchedule,
    /// Removes expired sessions.
    SessionSweep,
    /// Removes jobs finished long ago.
    JobSweep,
    /// Sends safety questions nobody acknowledged in time to the admins.
    SafetyFollowUp,
    /// Reminds who still has to sign a progress review, and mentors of reviews falling due.
    ReviewReminders,
}

impl Task {
    pub const ALL: [Task; 7] = [
        Task::Anchor,
        Task::ModelFit,
        Task::NudgeSchedule,
        Task::SessionSweep,
        Task::JobSweep,
        Task::SafetyFollowUp,
        Task::ReviewReminders,
    ];

    /// Its name: the lease's key and the logs' word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Anchor => "evidence-anchor",
            Task::ModelFit => "model-fit",
            Task::NudgeSchedule => "nudge-schedule",
            Task::SessionSweep => "session-sweep",
            Task::JobSweep => "job-sweep",
            Task::SafetyFollowUp => "safety-follow-up",
            Task::ReviewReminders => "review-reminders",
        }
    }

    /// Time between runs.
    pub fn every_ms(self) -> i64 {
        match self {
            Task::Anchor => services::evidence::anchor::EVERY_MS,
            Task::ModelFit => services::learning::memory_fit::EVERY_MS,
            Task::NudgeSchedule | Task::SafetyFollowUp => MINUTE_MS,
            Task::SessionSweep | Task::ReviewReminders => HOUR_MS,
            Task::JobSweep => 24 * HOUR_MS,
        }
    }

    /// How long after it is first seen a task is first due: model fits wait an hour, so a
    /// new deployment's first minutes are not spent fitting.
    pub fn first_after_ms(self) -> i64 {
        match self {
            Task::ModelFit => HOUR_MS,
            _ => 0,
        }
    }

    /// One run at `now`.
    pub async fn run(self, state: &AppState, now: i64) -> Result<(), AppError> {
        let db = &state.db;
        match self {
            Task::Anchor => {
                if let Some(a) = services::evidence::anchor::anchor(db, now).await? {
                    tracing::info!(anchor = a.seq, hash = %a.hash, "evidence anchored");
                }
            }
            Task::ModelFit => {
                for o in services::learning::memory_fit::fit_all(db, now).await? {
                    tracing::info!(standard = %o.standard, reviews = o.reviews, skipped = ?o.skipped, adopted = o.adopted, "memory fit");
                }
            }
            Task::NudgeSchedule => {
                services::coach::nudges::schedule(db, now).await?;
            }
            Task::SessionSweep => {
                let n = background::sweep_sessions(db, now).await?;
                if n > 0 {
                    tracing::info!(sessions = n, "expired sessions removed");
                }
            }
            Task::JobSweep => {
                let n = background::sweep_jobs(db, now).await?;
                if n > 0 {
                    tracing::info!(jobs = n, "finished jobs removed");
                }
            }
            Task::SafetyFollowUp => {
                let after = state.coach.safety_follow_up_ms;
                services::coach::alerts::follow_up(db, &state.public_url, after, now).await?;
            }
            Task::ReviewReminders => {
                let r = services::reviews::remind(db, &state.public_url, now).await?;
                if r.signatures + r.due > 0 {
                    tracing::info!(
                        signatures = r.signatures,
                        due = r.due,
                        "progress review reminders queued"
                    );
                }
            }
        }
        Ok(())
    }
}

/// A periodic task as a worker of one instance (`holder`).
pub struct Periodic {
    task: Task,
    state: AppState,
    db: Db,
    clock: Clock,
    holder: String,
}

impl Periodic {
    pub fn new(task: Task, state: &AppState, holder: &str) -> Self {
        Self {
            task,
            state: state.clone(),
            db: state.db.clone(),
            clock: state.clock.clone(),
            holder: holder.to_owned(),
        }
    }
}

/// Every periodic task, as workers of the instance `holder`.
pub fn all(state: &AppState, holder: &str) -> Vec<Periodic> {
    Task::ALL
        .into_iter()
        .map(|t| Periodic::new(t, state, holder))
        .collect()
}

impl Work for Periodic {
    fn name(&self) -> &str {
        self.task.as_str()
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        let (name, holder) = (self.task.as_str(), self.holder.as_str());
        let first_due = now + self.task.first_after_ms();
        if !background::claim(&self.db, name, holder, now, first_due).await? {
            return Ok(Turn::Idle);
        }
        let run = self.task.run(&self.state, now);
        tokio::pin!(run);
        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
        let result = loop {
            tokio::select! {
                r = &mut run => break r,
                _ = beat.tick() => {
                    if !background::extend(&self.db, name, holder, self.clock.now_ms()).await? {
                        // Another instance has it now: this run's work is abandoned unfinished.
                        tracing::warn!(task = name, "periodic task lease lost; stopped");
                        return Ok(Turn::Idle);
                    }
                }
            }
        };
        let next = now + self.task.every_ms();
        if !background::finish(&self.db, name, holder, now, next).await? {
            tracing::warn!(task = name, "periodic task lease lost before it finished");
        }
        result.map(|()| Turn::Idle)
    }
}
