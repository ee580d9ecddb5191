//! A new learner's first look at the feed: what it does, in four lines read in twenty seconds,
//! shown once per device over the first lesson (which is already loading behind it).

use super::state::FeedState;
use crate::components::icons::{Icon, IconSvg};
use leptos::prelude::*;

/// Whether this learner has never done anything yet (no day with an item done).
pub fn is_new(streak: &flowline_core::model::Streak) -> bool {
    streak.longest == 0 && streak.current == 0 && !streak.today_done
}

#[component]
pub fn FirstRun(new_learner: bool) -> impl IntoView {
    let state = expect_context::<FeedState>();
    // Decided in the browser only (the server cannot know this device's choice), so the
    // server-rendered page and the hydrated one agree: hidden until the effect runs.
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if new_learner && !seen() {
            open.set(true);
        }
    });
    let start = move |_| {
        mark_seen();
        open.set(false);
        if let Some(reel) = state.reel.get_untracked() {
            let _ = reel.focus();
        }
    };
    view! {
        <Show when=move || open.get()>
            <div class="intro-scrim">
                <section class="intro" role="dialog" aria-modal="true" aria-labelledby="intro-title">
                    <h2 id="intro-title">"How your feed works"</h2>
                    <ol class="intro-steps">
                        <li>
                            <span class="intro-icon"><IconSvg icon=Icon::Feed /></span>
                            <p><strong>"A lesson a minute, picked for you."</strong>
                                " Each video teaches one part of your standard. Tap "<em>"Why this?"</em>" to see why it's next."</p>
                        </li>
                        <li>
                            <span class="intro-icon"><IconSvg icon=Icon::Coach /></span>
                            <p><strong>"Then a quick check."</strong>
                                " Answer with your thumb; right or wrong, you see why straight away."</p>
                        </li>
                        <li>
                            <span class="intro-icon"><IconSvg icon=Icon::Progress /></span>
                            <p><strong>"Your mastery and streak grow."</strong>
                                " Every answer counts towards your KSBs. Lessons come back just before you'd forget them."</p>
                        </li>
                        <li>
                            <span class="intro-icon"><IconSvg icon=Icon::Me /></span>
                            <p><strong>"No signal? Keep going."</strong>
                                " What you do is kept on your phone and sent when you're back online."</p>
                        </li>
                    </ol>
                    <button class="btn btn-primary intro-start" on:click=start>"Start learning"</button>
                </section>
            </div>
        </Show>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
const INTRO_KEY: &str = "flowline.intro-seen";

fn seen() -> bool {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<bool>(INTRO_KEY).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    true
}

fn mark_seen() {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(INTRO_KEY, true);
    }
}
