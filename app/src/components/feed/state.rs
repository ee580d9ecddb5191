//! What the feed's parts share: the streak and focus shown in the header, which screen is in
//! view, the sound preference, and how to record what the learner did.

use crate::api::learning::record_interactions;
use crate::model::{FocusDto, InteractionIn, InteractionKind, InteractionsReply, Streak};
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
    /// Interactions the server refused, with why (shown, never silently dropped).
    pub refused: RwSignal<Vec<String>>,
}

impl FeedState {
    pub fn new(streak: Streak, focus: Option<FocusDto>) -> Self {
        FeedState {
            streak: RwSignal::new(streak),
            focus: RwSignal::new(focus),
            active: RwSignal::new(0),
            muted: RwSignal::new(true),
            reel: NodeRef::new(),
            refused: RwSignal::new(Vec::new()),
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

    /// Sends interactions and folds the answer into the header. Returns the server's reply.
    pub async fn record(self, items: Vec<InteractionIn>) -> Option<InteractionsReply> {
        match record_interactions(items).await {
            Ok(reply) => {
                self.streak.set(reply.streak.clone());
                self.focus.update(|f| {
                    if let Some(f) = f {
                        if let Some(k) = reply.ksbs.iter().find(|k| k.code == f.code) {
                            f.mastery = k.mastery;
                            f.band = k.band;
                        }
                    }
                });
                let refused: Vec<String> = reply
                    .results
                    .iter()
                    .filter_map(|r| r.reason.clone())
                    .collect();
                if !refused.is_empty() {
                    self.refused.update(|v| v.extend(refused));
                }
                Some(reply)
            }
            Err(e) => {
                self.refused.update(|v| v.push(e.message));
                None
            }
        }
    }
}

/// A new interaction made on this device (its id makes re-sending safe).
pub fn interaction(content_id: &str, kind: InteractionKind, time_spent_s: f64) -> InteractionIn {
    InteractionIn {
        id: uuid::Uuid::now_v7().to_string(),
        content_id: content_id.to_owned(),
        kind,
        occurred_at: chrono::Utc::now().to_rfc3339(),
        time_spent_s: (time_spent_s.max(0.0) * 10.0).round() / 10.0,
        answers: Vec::new(),
        device: Some("web".into()),
    }
}

/// Milliseconds now (wall clock), for timing answers.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
