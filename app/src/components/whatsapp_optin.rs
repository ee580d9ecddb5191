//! The learner puts the coach on WhatsApp (their number, and consent to a text they read), or
//! takes it off. Shown only when the training provider switched the channel on.

use crate::rpc::coach::{get_whatsapp, whatsapp_off, whatsapp_on};
use flowline_core::model::{WhatsAppIn, WhatsAppStatus, WHATSAPP_CONSENT};
use leptos::prelude::*;

#[component]
pub fn WhatsAppOptIn() -> impl IntoView {
    let status = Resource::new(|| (), |_| get_whatsapp());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(s) if s.available => view! { <Channel start=s /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Channel(start: WhatsAppStatus) -> impl IntoView {
    let now = RwSignal::new(start);
    let phone = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let turn_on = Action::new(|i: &WhatsAppIn| {
        let i = i.clone();
        async move { whatsapp_on(i).await }
    });
    let turn_off = Action::new(|_: &()| whatsapp_off());
    // The buttons work once this page's code has taken over (effects run only then).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    Effect::new(move |_| {
        if let Some(Ok(s)) = turn_on.value().get() {
            now.set(s);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(s)) = turn_off.value().get() {
            now.set(s);
        }
    });
    // The last refusal, until the learner changes what they entered.
    let refused = RwSignal::new(None::<flowline_core::error::AppError>);
    Effect::new(move |_| {
        let failed = turn_on.value().get().and_then(|r| r.err());
        refused.set(failed.or_else(|| turn_off.value().get().and_then(|r| r.err())));
    });
    let error = move || {
        refused
            .get()
            .map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })
    };
    view! {
        <section class="card" id="whatsapp">
            <h2 class="card-title">"Coach on WhatsApp"</h2>
            <Show
                when=move || now.with(|s| s.on)
                fallback=move || view! {
                    <div class="form">
                        <p class="muted">"Get your nudges and answers on WhatsApp, and ask the coach from there."</p>
                        <label class="field"><span>"Mobile number"</span>
                            <input type="tel" inputmode="tel" autocomplete="tel" placeholder="+44 7700 900123"
                                prop:value=move || phone.get() on:input=move |ev| { refused.set(None); phone.set(event_target_value(&ev)); } />
                        </label>
                        <label class="check consent">
                            <input type="checkbox" prop:checked=move || consent.get()
                                on:change=move |ev| { refused.set(None); consent.set(event_target_checked(&ev)); } />
                            " " {WHATSAPP_CONSENT}
                        </label>
                        {error}
                        <button type="button" class="btn btn-primary" disabled=move || !live.get() || turn_on.pending().get()
                            on:click=move |_| { turn_on.dispatch(WhatsAppIn { phone: phone.get_untracked(), consent: consent.get_untracked() }); }>
                            "Turn on WhatsApp"
                        </button>
                    </div>
                }
            >
                <p role="status">
                    "On for " <strong>{move || now.with(|s| s.phone.clone().unwrap_or_default())}</strong>
                    ". Reply STOP on WhatsApp to stop at any time."
                </p>
                {error}
                <button type="button" class="btn" disabled=move || !live.get() || turn_off.pending().get()
                    on:click=move |_| { turn_off.dispatch(()); }>
                    "Turn off WhatsApp"
                </button>
            </Show>
        </section>
    }
}
