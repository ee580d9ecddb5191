//! Notifications on this device, on Me: nudges and (for mentors) alerts arrive with the app
//! closed. Asked only when the person taps the button, never on load.

use leptos::prelude::*;

/// What the card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Shown {
    /// Not known yet (the server's render; the browser asks itself after hydration).
    Checking,
    Unsupported,
    Blocked,
    Off,
    On,
}

#[component]
pub fn PushSetting() -> impl IntoView {
    let shown = RwSignal::new(Shown::Checking);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        use crate::offline::push::{status, Can};
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                shown.set(match status().await {
                    Can::Nothing => Shown::Unsupported,
                    Can::Blocked => Shown::Blocked,
                    Can::Ask => Shown::Off,
                    Can::On => Shown::On,
                });
            });
        });
    }
    let turn_on = move |_| {
        busy.set(true);
        error.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::offline::push::enable().await {
                Ok(()) => shown.set(Shown::On),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let turn_off = move |_| {
        busy.set(true);
        error.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use crate::offline::push;
            use crate::rpc::coach::push_unsubscribe;
            let done = async {
                if let Some(endpoint) = push::unsubscribe().await? {
                    push_unsubscribe(endpoint).await.map_err(|e| e.message)?;
                }
                Ok::<(), String>(())
            }
            .await;
            match done {
                Ok(()) => shown.set(Shown::Off),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card push-setting">
            <h2 class="card-title">"Notifications on this device"</h2>
            {move || match shown.get() {
                Shown::Checking => view! { <p class="muted">"Checking this browser…"</p> }.into_any(),
                Shown::Unsupported => view! {
                    <p class="muted">"This browser cannot show Flowline's notifications. On an iPhone, add Flowline to your home screen first; nudges still come by e-mail."</p>
                }.into_any(),
                Shown::Blocked => view! {
                    <p class="muted">"Notifications are blocked for Flowline in this browser's settings. Allow them there, then come back here."</p>
                }.into_any(),
                Shown::Off => view! {
                    <p class="muted">"Get your nudges (and, for mentors, safety alerts) even when Flowline is closed. Only inside the hours you choose above."</p>
                    <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=turn_on>
                        "Turn on notifications"
                    </button>
                }.into_any(),
                Shown::On => view! {
                    <p class="notice notice-ok" role="status">"Notifications are on for this device."</p>
                    <button type="button" class="btn btn-quiet" disabled=move || busy.get() on:click=turn_off>
                        "Turn off on this device"
                    </button>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
