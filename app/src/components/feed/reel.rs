//! The full-screen vertical feed: one screen per video and per quick check, snapped by CSS.
//! The screen in view plays; the others pause. Keyboard: ↑/↓ (or k/j) move, 1–4 answer,
//! Enter goes on, m toggles sound.

use super::check::CheckSlide;
use super::header::{FocusBadge, StreakFlame};
use super::intro::{is_new, FirstRun};
use super::state::FeedState;
use super::video::VideoSlide;
use crate::components::SyncStatus;
use flowline_core::model::Feed;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;

/// How long the reel stays on a screen before moving past a lesson counts as a skip.
const SETTLED: std::time::Duration = std::time::Duration::from_millis(800);

fn slide_in_view(reel: &web_sys::Element) -> usize {
    let h = f64::from(reel.client_height().max(1));
    (f64::from(reel.scroll_top()) / h).round().max(0.0) as usize
}

/// Plays the video of the screen in view, pauses every other one.
fn play_only(reel: &web_sys::Element, active: usize, muted: bool, state: FeedState) {
    let Ok(videos) = reel.query_selector_all("video") else {
        return;
    };
    for i in 0..videos.length() {
        let Some(video) = videos
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlVideoElement>().ok())
        else {
            continue;
        };
        let here = video
            .get_attribute("data-slide")
            .and_then(|s| s.parse::<usize>().ok())
            == Some(active);
        if here {
            video.set_muted(muted);
            if !video.has_attribute("data-held") {
                super::playback::play_quietly(&video, state);
            }
        } else {
            let _ = video.remove_attribute("data-held");
            if !video.paused() {
                let _ = video.pause();
            }
        }
    }
}

/// Clicks a control inside the screen in view (keyboard shortcuts use the same buttons).
fn click_in_view(reel: &web_sys::Element, active: usize, selector: &str) {
    let query = format!("[data-slide=\"{active}\"] {selector}");
    if let Ok(Some(el)) = reel.query_selector(&query) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            el.click();
        }
    }
}

#[component]
pub fn Reel(feed: Feed, on_more: Callback<()>) -> impl IntoView {
    let state = FeedState::new(feed.streak.clone(), feed.focus.clone(), &feed.items);
    provide_context(state);
    let total = feed.items.len();
    let last = 2 * total;
    let as_of = feed.as_of_ms;
    let offline = state.offline;

    // The device's view (last snapshot + what waits to sync) shows in the header once it is
    // at least as new as this feed, or whenever something is waiting.
    Effect::new(move |_| {
        if let Some(view) = offline.view_since(as_of) {
            state.apply(&view);
        }
    });
    // Keep this feed, its videos and a fresh progress snapshot on the device.
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| {
            if super::state::sound_preferred() {
                state.muted.set(false);
            }
        });
        let kept = feed.clone();
        Effect::new(move |_| {
            let kept = kept.clone();
            leptos::task::spawn_local(async move {
                crate::offline::keep_feed(offline, &kept).await;
                let urls = kept
                    .items
                    .iter()
                    .flat_map(|i| {
                        std::iter::once(i.video_url.clone())
                            .chain(i.captions_url.clone())
                            .chain(i.poster_url.clone())
                    })
                    .collect();
                crate::offline::prefetch(urls);
                if offline.online.get_untracked() {
                    if let Ok(p) = crate::rpc::learning::get_progress().await {
                        crate::offline::keep_progress(offline, &p).await;
                    }
                }
            });
        });
    }

    let on_scroll = move |_| {
        if let Some(reel) = state.reel.get_untracked() {
            let n = slide_in_view(&reel).min(last);
            if n != state.active.get_untracked() {
                state.active.set(n);
            }
        }
    };
    Effect::new(move |_| {
        let active = state.active.get();
        let muted = state.muted.get();
        if let Some(reel) = state.reel.get() {
            play_only(&reel, active, muted, state);
        }
    });
    // Lessons swiped past without finishing the video or answering are skips (they sink in
    // the learner's next feed and count in the admins' analytics) — once the reel has come to
    // rest: a drag that shows the next lesson and snaps back passes nothing.
    let resting = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let active = state.active.get();
        if let Some(pending) = resting.get_value() {
            pending.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // The reel may be gone by now ("More lessons" makes a new one).
                if state.active.try_get_untracked() == Some(active) {
                    state.passed(active);
                }
            },
            SETTLED,
        );
        resting.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(pending) = resting.try_get_value().flatten() {
            pending.clear();
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let Some(reel) = state.reel.get_untracked() else {
            return;
        };
        let active = state.active.get_untracked();
        match ev.key().as_str() {
            "ArrowDown" | "PageDown" | "j" => {
                ev.prevent_default();
                state.go_to((active + 1).min(last));
            }
            "ArrowUp" | "PageUp" | "k" => {
                ev.prevent_default();
                state.go_to(active.saturating_sub(1));
            }
            "m" => state.toggle_sound(),
            "Enter" => click_in_view(&reel, active, ".next-btn"),
            d @ ("1" | "2" | "3" | "4") => {
                click_in_view(&reel, active, &format!("[data-option=\"{d}\"]"));
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let nudge = feed.nudge.clone();
    let new_learner = is_new(&feed.streak);
    view! {
        <div class="feed">
            <FeedHeader nudge=nudge />
            <FirstRun new_learner=new_learner />
            <div class="reel" node_ref=state.reel on:scroll=on_scroll tabindex="-1"
                aria-label="Lessons: swipe up or press the down arrow for the next screen">
                {feed.items.into_iter().enumerate().map(|(i, item)| view! {
                    <VideoSlide item=item.clone() index=i total=total />
                    <CheckSlide item=item index=i />
                }).collect_view()}
                <EndSlide slide=last on_more=on_more />
            </div>
            <Show when=move || state.refused.with(|r| !r.is_empty())>
                <div class="toast" role="alert">
                    {move || state.refused.get().last().cloned()}
                </div>
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn FeedHeader(nudge: String) -> impl IntoView {
    view! {
        <header class="feed-header">
            <StreakFlame />
            <p class="nudge">{nudge}</p>
            <FocusBadge />
        </header>
        <SyncStatus />
    }
    .into_any()
}

/// The last screen: today's feed is done; more, or see progress.
#[component]
fn EndSlide(slide: usize, on_more: Callback<()>) -> impl IntoView {
    let state = expect_context::<FeedState>();
    view! {
        <section class="slide slide-end" data-slide=slide aria-label="End of today's feed">
            <div class="end-card">
                <h2>"That's your feed for now"</h2>
                <p class="muted">{move || {
                    let s = state.streak.get();
                    if s.today_done {
                        format!("Today counts: {}-day streak.", s.current)
                    } else {
                        "Answer a quick check to count today.".into()
                    }
                }}</p>
                <button class="btn btn-primary" on:click=move |_| on_more.run(())>"More lessons"</button>
                <A href="/progress" attr:class="btn btn-ghost">"See your progress"</A>
            </div>
        </section>
    }
    .into_any()
}
