//! The person's time zone on Me: their learning days (streak, reviews) are counted in it.
//! Someone who moves, or whose phone registered the wrong zone, changes it here.

use crate::rpc::auth::SetTimezone;
use leptos::prelude::*;

/// The zone this device is set to, as the browser names it.
fn device_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
            .ok()
            .and_then(|v| v.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[component]
pub fn TimezoneSetting(current: String) -> impl IntoView {
    let save = ServerAction::<SetTimezone>::new();
    let shown = RwSignal::new(current.clone());
    let typed = RwSignal::new(current);
    Effect::new(move |_| {
        if let Some(Ok(me)) = save.value().get() {
            shown.set(me.timezone.clone());
            typed.set(me.timezone);
        }
    });
    let error = move || save.value().get().and_then(Result::err).map(|e| e.message);
    let live = crate::components::form::live();
    view! {
        <div class="timezone-setting">
            <dl class="facts">
                <dt>"Time zone"</dt><dd>{move || shown.get()}</dd>
            </dl>
            <details class="ksb-edit">
                <summary>"Change time zone"</summary>
                <p class="muted">"Your learning days, streak and review dates are counted in it."</p>
                <label class="field">
                    <span>"Time zone (e.g. Europe/London)"</span>
                    <input type="text" autocomplete="off" autocapitalize="off" spellcheck="false"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{error}</p>
                </label>
                <div class="row-buttons">
                    <button type="button" class="btn btn-ghost" disabled=move || !live.get() on:click=move |_| {
                        if let Some(zone) = device_zone() { typed.set(zone); }
                    }>"Use this device's zone"</button>
                    <button type="button" class="btn btn-primary" disabled=move || !live.get() || save.pending().get()
                        on:click=move |_| { save.dispatch(SetTimezone { timezone: typed.get_untracked() }); }>"Save time zone"</button>
                </div>
                {move || save.value().get().and_then(Result::ok).map(|me| view! {
                    <p class="notice notice-ok" role="status">{format!("Saved: your days now follow {}.", me.timezone)}</p>
                })}
            </details>
        </div>
    }
}
