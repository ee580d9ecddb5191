//! Background work, one way. A worker takes turns: each turn claims something and runs it;
//! after work it goes again at once, when idle it sleeps, after an error it backs off. Every
//! turn reads the state's clock, so a story can drive any worker at a fixed time by calling
//! [`Work::turn`] itself.
//!
//! Two kinds run here (see docs/architecture.md):
//! - queue workers ([`queues`]): renders, the xAPI outbox, WhatsApp messages, nudges, data
//!   exports, e-mail and push messages. Any number of instances run them; each item is claimed by one worker at a time
//!   under a lease in the database (the store's `jobs` table), which progress extends and a
//!   worker that lost cannot complete;
//! - periodic tasks ([`periodic`]): evidence anchors, model fits, the nudge schedule and the
//!   sweeps. A task runs on one instance at a time, when it is due, under a lease in
//!   `task_leases` that is extended while it runs; an instance that dies mid-run loses the
//!   lease and another takes the task over once.

pub mod periodic;
pub mod queues;

use flowline_core::error::AppError;
use services::state::{AppState, Clock};
use std::future::Future;
use std::time::Duration;

/// What one turn did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Something was done: take another turn at once.
    Worked,
    /// Nothing to do: sleep for the worker's idle time.
    Idle,
}

/// A worker: one turn at a time.
pub trait Work: Send + Sync + 'static {
    /// Its name in logs.
    fn name(&self) -> &str;
    /// Claims and runs one thing at `now` (from the state's clock).
    fn turn(&self, now: i64) -> impl Future<Output = Result<Turn, AppError>> + Send;
}

/// How long a worker sleeps when idle, and after an error.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub idle: Duration,
    pub backoff: Duration,
}

impl Pace {
    /// Queues that someone waits on (a video, a message): looked at every two seconds.
    pub const QUEUE: Pace = Pace {
        idle: Duration::from_secs(2),
        backoff: Duration::from_secs(10),
    };
    /// The xAPI outbox: looked at every second.
    pub const OUTBOX: Pace = Pace {
        idle: Duration::from_secs(1),
        backoff: Duration::from_secs(10),
    };
    /// Periodic tasks: whether one is due is asked every fifteen seconds.
    pub const PERIODIC: Pace = Pace {
        idle: Duration::from_secs(15),
        backoff: Duration::from_secs(60),
    };
}

/// Runs a worker until the process ends.
pub fn spawn<W: Work>(work: W, clock: Clock, pace: Pace) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let wait = match work.turn(clock.now_ms()).await {
                Ok(Turn::Worked) => {
                    tokio::task::yield_now().await;
                    continue;
                }
                Ok(Turn::Idle) => pace.idle,
                Err(e) => {
                    tracing::warn!(worker = work.name(), error = %e.detail(), "background work failed; backing off");
                    pace.backoff
                }
            };
            tokio::time::sleep(wait).await;
        }
    })
}

/// Starts every background worker of a serving instance.
pub fn start(state: &AppState, render_workers: usize) {
    let clock = state.clock.clone();
    let holder = services::new_id();
    for task in periodic::all(state, &holder) {
        spawn(task, clock.clone(), Pace::PERIODIC);
    }
    for n in 0..render_workers {
        spawn(queues::Renders::new(state, n), clock.clone(), Pace::QUEUE);
    }
    if let Some(lrs) = queues::Statements::new(state) {
        spawn(lrs, clock.clone(), Pace::OUTBOX);
    }
    spawn(queues::Nudges::new(state), clock.clone(), Pace::QUEUE);
    if let Some(whatsapp) = queues::WhatsApp::new(state) {
        spawn(whatsapp, clock.clone(), Pace::QUEUE);
    }
    spawn(queues::Exports::new(state), clock.clone(), Pace::QUEUE);
    spawn(queues::Push::new(state), clock.clone(), Pace::QUEUE);
    match queues::Mail::new(state) {
        Ok(mail) => {
            spawn(mail, clock, Pace::QUEUE);
        }
        Err(e) => {
            tracing::error!(error = %e.detail(), "e-mail cannot be sent: the mail worker did not start")
        }
    }
}
