//! The first offer of notifications, where they make sense (the Coach thread for apprentices,
//! the board for mentors), never on first load: shown only when this browser could turn them
//! on and has not, and "Not now" is remembered on this device for two weeks.

use leptos::prelude::*;

/// Where "Not now" is remembered: until when (ms since the epoch) not to ask again.
#[cfg(feature = "hydrate")]
const SNOOZE_KEY: &str = "flowline.push-prompt.snoozed-until";
#[cfg(feature = "hydrate")]
const SNOOZE_MS: f64 = 14.0 * 24.0 * 3_600_000.0;

#[component]
pub fn PushPrompt(
    /// Why notifications help here, in one sentence.
    why: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use crate::offline::push::{status, Can};
        use gloo_storage::Storage;
        let snoozed = gloo_storage::LocalStorage::get::<f64>(SNOOZE_KEY)
            .is_ok_and(|until| until > js_sys::Date::now());
        if snoozed {
            return;
        }
        leptos::task::spawn_local(async move {
            shown.set(status().await == Can::Ask);
        });
    });
    let turn_on = move |_| {
        busy.set(true);
        error.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::offline::push::enable().await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let not_now = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage;
            let _ = gloo_storage::LocalStorage::set(SNOOZE_KEY, js_sys::Date::now() + SNOOZE_MS);
        }
        shown.set(false);
    };
    view! {
        <Show when=move || shown.get()>
            <section class="card push-prompt" aria-labelledby="push-prompt-title">
                <h2 class="card-title" id="push-prompt-title">"Notifications"</h2>
                {move || if done.get() {
                    view! { <p class="notice notice-ok" role="status">"Notifications are on for this device. Change it any time on Me."</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">{why}</p>
                        <div class="row-buttons">
                            <button type="button" class="btn btn-primary btn-small" disabled=move || busy.get() on:click=turn_on>
                                "Turn on"
                            </button>
                            <button type="button" class="btn btn-ghost btn-small" on:click=not_now>"Not now"</button>
                        </div>
                    }.into_any()
                }}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            </section>
        </Show>
    }
}
