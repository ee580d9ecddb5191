//! What the feed's parts share: the streak and focus shown in the header, which screen is in
//! view, the sound preference, and how to record what the learner did.

use crate::offline::Offline;
use flowline_core::domain::LessonId;
use flowline_core::model::{
    FeedItem, FocusDto, InteractionIn, InteractionKind, KsbMastery, OutboxEntry, Progress, Rating,
    Streak,
};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct FeedState {
    pub streak: RwSignal<Streak>,
    pub focus: RwSignal<Option<FocusDto>>,
    /// The screen in view (lesson i's video is 2i, its check 2i + 1).
    pub active: RwSignal<usize>,
    pub muted: RwSignal<bool>,
    pub reel: NodeRef<html::Div>,
    /// Why something could not be kept on the device (shown, never silently dropped).
    pub refused: RwSignal<Vec<String>>,
    /// Per lesson of this feed: what the learner has done with it so far.
    pub lessons: StoredValue<Vec<LessonMark>>,
    pub offline: Offline,
}

/// What the learner did with one lesson of the feed on this visit.
#[derive(Debug, Clone, Default)]
pub struct LessonMark {
    pub content_id: LessonId,
    pub title: String,
    /// How far into the video they got (seconds).
    pub played_s: f64,
    /// Watched to the end, answered, or already recorded as skipped.
    pub settled: bool,
}

impl FeedState {
    pub fn new(streak: Streak, focus: Option<FocusDto>, items: &[FeedItem]) -> Self {
        FeedState {
            streak: RwSignal::new(streak),
            focus: RwSignal::new(focus),
            active: RwSignal::new(0),
            muted: RwSignal::new(true),
            reel: NodeRef::new(),
            refused: RwSignal::new(Vec::new()),
            lessons: StoredValue::new(
                items
                    .iter()
                    .map(|i| LessonMark {
                        content_id: i.content_id.clone(),
                        title: i.title.clone(),
                        ..LessonMark::default()
                    })
                    .collect(),
            ),
            offline: expect_context::<Offline>(),
        }
    }

    /// Scrolls the reel to a screen.
    pub fn go_to(&self, slide: usize) {
        if let Some(reel) = self.reel.get_untracked() {
            let el: &web_sys::Element = reel.unchecked_ref();
            let opts = web_sys::ScrollToOptions::new();
            opts.set_top(slide as f64 * f64::from(el.client_height()));
            opts.set_behavior(web_sys::ScrollBehavior::Smooth);
            el.scroll_to_with_scroll_to_options(&opts);
        }
    }

    /// Sound on or off, remembered on this device for the next videos and visits.
    pub fn toggle_sound(&self) {
        self.muted.update(|m| *m = !*m);
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage;
            let _ = gloo_storage::LocalStorage::set(SOUND_KEY, !self.muted.get_untracked());
        }
    }

    /// Shows the learner's progress as the device sees it in the header.
    pub fn apply(&self, view: &Progress) {
        self.streak.set(view.streak.clone());
        self.focus.update(|f| {
            if let Some(f) = f {
                if let Some(k) = view.ksbs.iter().find(|k| k.code == f.code) {
                    f.mastery = k.mastery;
                    f.band = k.band;
                }
            }
        });
    }

    /// Lesson `index` was watched to the end or answered: moving past it is not a skip.
    pub fn settle(&self, index: usize) {
        self.lessons.update_value(|l| {
            if let Some(m) = l.get_mut(index) {
                m.settled = true;
            }
        });
    }

    /// How far into lesson `index`'s video the learner got.
    pub fn played(&self, index: usize, seconds: f64) {
        self.lessons.update_value(|l| {
            if let Some(m) = l.get_mut(index) {
                m.played_s = m.played_s.max(seconds);
            }
        });
    }

    /// The learner is on screen `slide`: every lesson before it they neither finished nor
    /// answered was swiped past, and is recorded as skipped (once).
    pub fn passed(self, slide: usize) {
        let lesson = slide / 2;
        let mut skipped = Vec::new();
        self.lessons.try_update_value(|l| {
            for m in l.iter_mut().take(lesson).filter(|m| !m.settled) {
                m.settled = true;
                skipped.push(m.clone());
            }
        });
        for m in skipped {
            let item = interaction(&m.content_id, InteractionKind::Skipped, m.played_s);
            self.keep(item, m.title);
        }
    }

    /// The learner's one-tap verdict on lesson `index`.
    pub fn rate(self, index: usize, rating: Rating) {
        let Some(m) = self.lessons.with_value(|l| l.get(index).cloned()) else {
            return;
        };
        let mut item = interaction(&m.content_id, InteractionKind::Rated, 0.0);
        item.rating = Some(rating);
        self.keep(item, m.title);
    }

    /// Queues a skip or a rating (nothing to show back).
    fn keep(self, item: InteractionIn, title: String) {
        let entry = OutboxEntry {
            id: item.id.clone(),
            item,
            graded: Vec::new(),
            title,
            queued_at_ms: now_ms(),
            rejected: None,
        };
        leptos::task::spawn_local(async move {
            self.record(entry, Vec::new()).await;
        });
    }

    /// Keeps what the learner did on the device (sent when there is a connection) and returns
    /// the new mastery of `codes` as the device computes it — the server's engine, run here.
    pub async fn record(self, entry: OutboxEntry, codes: Vec<String>) -> Option<Vec<KsbMastery>> {
        #[cfg(feature = "hydrate")]
        {
            match crate::offline::queue(self.offline, entry).await {
                Ok(Some(view)) => {
                    self.apply(&view);
                    Some(
                        view.ksbs
                            .iter()
                            .filter(|k| codes.contains(&k.code))
                            .map(|k| KsbMastery {
                                code: k.code.clone(),
                                mastery: k.mastery,
                                band: k.band,
                            })
                            .collect(),
                    )
                }
                Ok(None) => Some(Vec::new()),
                Err(message) => {
                    self.refused.update(|v| v.push(message));
                    None
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (entry, codes);
            None
        }
    }
}

/// The tiny preference kept in localStorage (everything else lives in IndexedDB).
#[cfg(feature = "hydrate")]
const SOUND_KEY: &str = "flowline.sound";

/// Whether the learner last chose sound on.
#[cfg(feature = "hydrate")]
pub fn sound_preferred() -> bool {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<bool>(SOUND_KEY).unwrap_or(false)
}

/// A new interaction made on this device (its id makes re-sending safe).
pub fn interaction(
    content_id: &LessonId,
    kind: InteractionKind,
    time_spent_s: f64,
) -> InteractionIn {
    InteractionIn {
        id: uuid::Uuid::now_v7().to_string(),
        content_id: content_id.to_owned(),
        kind,
        occurred_at: chrono::Utc::now().to_rfc3339(),
        time_spent_s: (time_spent_s.max(0.0) * 10.0).round() / 10.0,
        answers: Vec::new(),
        rating: None,
        device: Some("web".into()),
    }
}

/// Milliseconds now (wall clock), for timing answers.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
