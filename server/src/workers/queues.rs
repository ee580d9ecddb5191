//! Queue workers: each turn claims the next item of one queue (under its lease) and runs it.
//! Any number of instances may run every one of them.

use super::{Turn, Work};
use flowline_core::error::AppError;
use services::coach::whatsapp::WhatsApp as Channel;
use services::db::Db;
use services::evidence::lrs::{self, LrsTarget};
use services::media::render::Renderer;
use services::media::MediaStore;
use services::state::{AppState, Clock};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Renders lesson videos from the render queue (`render_workers` of them per instance).
pub struct Renders {
    name: String,
    db: Db,
    media: MediaStore,
    renderer: Arc<dyn Renderer>,
    clock: Clock,
    /// The first failure is logged as an error; later ones are on their jobs.
    warned: AtomicBool,
}

impl Renders {
    pub fn new(state: &AppState, n: usize) -> Self {
        Self {
            name: format!("render-{n}"),
            db: state.db.clone(),
            media: state.media.clone(),
            renderer: state.renderer.clone(),
            clock: state.clock.clone(),
            warned: AtomicBool::new(false),
        }
    }
}

impl Work for Renders {
    fn name(&self) -> &str {
        &self.name
    }

    async fn turn(&self, _now: i64) -> Result<Turn, AppError> {
        use services::renders::{run_next, Turn as Render};
        // A render takes a while: it reads the clock itself at each step.
        let turn = run_next(&self.db, &self.media, self.renderer.as_ref(), &self.clock).await?;
        Ok(match turn {
            Render::Idle => Turn::Idle,
            Render::Rendered { content_id } => {
                tracing::info!(worker = %self.name, %content_id, "lesson video rendered");
                Turn::Worked
            }
            Render::Failed { error, .. } => {
                if !self.warned.swap(true, Ordering::Relaxed) {
                    tracing::error!(worker = %self.name, %error, "a lesson video could not be rendered");
                }
                Turn::Worked
            }
        })
    }
}

/// Forwards queued xAPI statements to the configured LRS.
pub struct Statements {
    db: Db,
    client: reqwest::Client,
    target: LrsTarget,
    site: String,
}

impl Statements {
    /// `None` when no LRS is configured.
    pub fn new(state: &AppState) -> Option<Self> {
        let target = state.lrs.clone()?;
        tracing::info!(endpoint = %target.endpoint, "forwarding evidence to an LRS");
        Some(Self {
            db: state.db.clone(),
            client: reqwest::Client::new(),
            target,
            site: state.public_url.clone(),
        })
    }
}

impl Work for Statements {
    fn name(&self) -> &str {
        "xapi-outbox"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        let r = lrs::forward_once(&self.db, &self.client, &self.target, &self.site, now).await?;
        if r.is_idle() {
            return Ok(Turn::Idle);
        }
        tracing::info!(
            sent = r.sent,
            refused = r.refused,
            later = r.later,
            "statements forwarded"
        );
        Ok(Turn::Worked)
    }
}

/// Sends the nudges the schedule queued.
pub struct Nudges {
    db: Db,
    site: String,
}

impl Nudges {
    pub fn new(state: &AppState) -> Self {
        Self {
            db: state.db.clone(),
            site: state.public_url.clone(),
        }
    }
}

impl Work for Nudges {
    fn name(&self) -> &str {
        "nudges"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        use services::coach::nudges::{run_next, Turn as Nudge};
        Ok(match run_next(&self.db, &self.site, now).await? {
            Nudge::Idle => Turn::Idle,
            Nudge::Sent(_) | Nudge::Skipped => Turn::Worked,
        })
    }
}

/// Sends queued WhatsApp messages, when the channel is on.
pub struct WhatsApp {
    db: Db,
    channel: Arc<Channel>,
    client: reqwest::Client,
}

impl WhatsApp {
    /// `None` when the provider has not switched the channel on.
    pub fn new(state: &AppState) -> Option<Self> {
        let channel = state.whatsapp.clone()?;
        tracing::info!(base = %channel.base_url, "the coach is on WhatsApp");
        Some(Self {
            db: state.db.clone(),
            channel,
            client: reqwest::Client::new(),
        })
    }
}

impl Work for WhatsApp {
    fn name(&self) -> &str {
        "whatsapp"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        use services::coach::whatsapp::send::{send_next, Sent};
        Ok(
            match send_next(&self.db, &self.channel, &self.client, now).await? {
                Sent::Idle => Turn::Idle,
                _ => Turn::Worked,
            },
        )
    }
}

/// Makes people's data exports (and drops expired ones).
pub struct Exports {
    db: Db,
}

impl Exports {
    pub fn new(state: &AppState) -> Self {
        Self {
            db: state.db.clone(),
        }
    }
}

impl Work for Exports {
    fn name(&self) -> &str {
        "exports"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        use services::privacy::{run_next, Turn as Export};
        Ok(match run_next(&self.db, now).await? {
            Export::Idle => Turn::Idle,
            Export::Made(_) | Export::Failed(_) => Turn::Worked,
        })
    }
}

/// Sends queued e-mail (or writes it to the mail directory).
pub struct Mail {
    db: Db,
    sender: services::mail::send::Sender,
}

impl Mail {
    pub fn new(state: &AppState) -> Result<Self, AppError> {
        Ok(Self {
            db: state.db.clone(),
            sender: services::mail::send::Sender::new(&state.mail)?,
        })
    }
}

impl Work for Mail {
    fn name(&self) -> &str {
        "mail"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        use services::mail::send::Sent;
        Ok(match self.sender.send_next(&self.db, now).await? {
            Sent::Idle => Turn::Idle,
            Sent::Sent(_) | Sent::Later(_) | Sent::Failed(_) => Turn::Worked,
        })
    }
}

/// Sends queued push messages to browsers' push services.
pub struct Push {
    db: Db,
    sender: services::push::send::Sender,
}

impl Push {
    pub fn new(state: &AppState) -> Self {
        Self {
            db: state.db.clone(),
            sender: services::push::send::Sender::new(state.push.clone()),
        }
    }
}

impl Work for Push {
    fn name(&self) -> &str {
        "push"
    }

    async fn turn(&self, now: i64) -> Result<Turn, AppError> {
        use services::push::send::Sent;
        Ok(match self.sender.send_next(&self.db, now).await? {
            Sent::Idle => Turn::Idle,
            _ => Turn::Worked,
        })
    }
}
