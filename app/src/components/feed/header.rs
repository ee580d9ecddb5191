//! The feed's header: the streak flame and the day's focus KSB with its mastery ring.

use super::state::FeedState;
use crate::components::ring::Ring;
use leptos::prelude::*;

#[component]
pub fn StreakFlame() -> impl IntoView {
    let state = expect_context::<FeedState>();
    let current = move || state.streak.with(|s| s.current);
    let done = move || state.streak.with(|s| s.today_done);
    let label = move || {
        let s = state.streak.get();
        let mut text = format!(
            "Streak: {} day{}",
            s.current,
            if s.current == 1 { "" } else { "s" }
        );
        if !s.today_done {
            text.push_str(", today not done yet");
        }
        if s.freezes > 0 {
            text.push_str(&format!(
                ", {} freeze{} held",
                s.freezes,
                if s.freezes == 1 { "" } else { "s" }
            ));
        }
        text
    };
    view! {
        <div class="streak" class:lit=done role="status" aria-live="polite" aria-label=label title=label>
            <svg class="flame" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 2c1 3.5-1.5 5.2-2.6 7.3C8.3 11.4 8 12.6 8 14a4 4 0 0 0 8 0c0-1.2-.4-2.3-1-3.2 2 .7 3.6 2.6 3.6 5.2A6.6 6.6 0 0 1 12 22.6 6.6 6.6 0 0 1 5.4 16c0-3.6 2.2-6 3.9-8C11 6 12.4 4.4 12 2Z" />
            </svg>
            <span class="streak-count">{current}</span>
        </div>
    }
    .into_any()
}

#[component]
pub fn FocusBadge() -> impl IntoView {
    let state = expect_context::<FeedState>();
    let open = RwSignal::new(false);
    move || {
        state.focus.get().map(|f| {
            let label = format!("Today's focus: {} at {}% mastery", f.code, f.mastery.round());
            view! {
                <div class="focus">
                    <button class="focus-btn" aria-expanded=move || open.get().to_string() aria-label=label.clone()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        <Ring value=f.mastery band=f.band size=34 />
                        <span class="focus-text">
                            <span class="focus-eyebrow">"Focus"</span>
                            <span class="focus-code">{f.code.clone()}</span>
                        </span>
                    </button>
                    <Show when=move || open.get()>
                        <div class="focus-pop" role="note">
                            <p class="focus-reason">{f.reason.clone()}</p>
                            <p>{f.text.clone()}</p>
                        </div>
                    </Show>
                </div>
            }
        })
    }
}
