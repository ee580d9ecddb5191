//! The offline side of the learner loop: what the device keeps (IndexedDB), the outbox and its
//! sync to `POST /api/v1/interactions`, and the service worker's media cache. The signals in
//! [`Offline`] exist on the server too (so pages render the same HTML); the work happens only
//! in the browser (`hydrate`). See docs/offline.md.

#[cfg(feature = "hydrate")]
pub mod push;
#[cfg(feature = "hydrate")]
pub mod store;
#[cfg(feature = "hydrate")]
mod sync;
#[cfg(feature = "hydrate")]
mod worker;

#[cfg(feature = "hydrate")]
pub use sync::{dismiss, keep_feed, keep_progress, local_view, queue, start, stored_feed, sync};
#[cfg(feature = "hydrate")]
pub use worker::{clear_pages, prefetch, register, send_captures};

use flowline_core::model::{EarnedBadge, OutboxEntry, Progress};
use leptos::prelude::*;

/// What the learner is told about the device's state, shared by every page.
#[derive(Clone, Copy)]
pub struct Offline {
    pub online: RwSignal<bool>,
    /// Interactions on this device the server has not acknowledged yet (skips and ratings
    /// are not counted: see `quiet`).
    pub waiting: RwSignal<usize>,
    /// Skips and ratings waiting to be sent: they go with the rest, unannounced.
    pub quiet: RwSignal<usize>,
    /// What waits, for the learner to see: (id, "Lesson title · answered 10:42").
    pub pending: RwSignal<Vec<(String, String)>>,
    /// Whether everything waiting is an answered check (the line then says "answers").
    pub only_answers: RwSignal<bool>,
    /// Interactions the server refused, with its reason, until the learner dismisses them.
    pub rejected: RwSignal<Vec<OutboxEntry>>,
    /// Outbox entries this build cannot read (another build wrote them): kept on the
    /// device and sent as they are, never dropped.
    pub unreadable: RwSignal<usize>,
    pub syncing: RwSignal<bool>,
    /// Set once a sync has emptied the outbox (cleared when something new is queued).
    pub synced: RwSignal<bool>,
    /// Why syncing cannot go on right now (for example, the session ended).
    pub problem: RwSignal<Option<String>>,
    /// The learner's progress as this device sees it: last snapshot + waiting interactions.
    pub view: RwSignal<Option<Progress>>,
    /// Feed media the service worker holds for offline use: (ready, wanted).
    pub media: RwSignal<(usize, usize)>,
    /// Milestones this device just saw reached, to celebrate (oldest first).
    pub landed: RwSignal<Vec<EarnedBadge>>,
    /// Bumped each time the service worker sent (or was refused) evidence from the job.
    pub captures: RwSignal<u32>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) user: StoredValue<Option<String>>,
}

impl Offline {
    pub fn new() -> Self {
        Offline {
            online: RwSignal::new(true),
            waiting: RwSignal::new(0),
            quiet: RwSignal::new(0),
            pending: RwSignal::new(Vec::new()),
            only_answers: RwSignal::new(true),
            rejected: RwSignal::new(Vec::new()),
            unreadable: RwSignal::new(0),
            syncing: RwSignal::new(false),
            synced: RwSignal::new(false),
            problem: RwSignal::new(None),
            view: RwSignal::new(None),
            media: RwSignal::new((0, 0)),
            landed: RwSignal::new(Vec::new()),
            captures: RwSignal::new(0),
            user: StoredValue::new(None),
        }
    }

    /// The device's view when it is at least as new as data the server sent at `as_of_ms`, or
    /// whenever something waits to sync (then only the device knows it).
    pub fn view_since(&self, as_of_ms: i64) -> Option<Progress> {
        self.view
            .get()
            .filter(|v| v.engine.as_of_ms >= as_of_ms || self.waiting.get() > 0)
    }

    /// The line the sync indicator shows (None: nothing worth saying).
    pub fn status(&self) -> Option<(&'static str, String)> {
        let waiting = self.waiting.get();
        let things = |n: usize| match (self.only_answers.get(), n) {
            (true, 1) => "1 answer".to_owned(),
            (true, n) => format!("{n} answers"),
            (false, n) => n.to_string(),
        };
        if !self.online.get() {
            return Some(match waiting {
                0 => ("offline", "Offline: answers are kept on this phone".into()),
                n => (
                    "offline",
                    format!("Offline · {} waiting to sync", things(n)),
                ),
            });
        }
        if let Some(problem) = self.problem.get() {
            return Some(("stuck", problem));
        }
        if self.syncing.get() && waiting > 0 {
            return Some(("syncing", format!("Syncing {waiting}…")));
        }
        if waiting > 0 {
            return Some(("waiting", format!("{} waiting to sync", things(waiting))));
        }
        let (ready, wanted) = self.media.get();
        if wanted > 0 && ready >= wanted {
            return Some(("ready", "All synced · lessons saved for offline".into()));
        }
        self.synced
            .get()
            .then(|| ("synced", "All synced".to_owned()))
    }
}

impl Default for Offline {
    fn default() -> Self {
        Self::new()
    }
}
