//! The learner chooses which nudges the coach sends, and when it stays quiet.

use crate::rpc::coach::{get_coach_settings, save_coach_settings};
use flowline_core::model::CoachSettings;
use leptos::prelude::*;

/// (kind, what the learner reads).
const KINDS: [(&str, &str); 6] = [
    ("focus", "Morning focus: today's lesson for you"),
    ("review", "Reviews due: time to refresh something"),
    ("struggle", "A different angle after two misses"),
    (
        "milestone",
        "Milestones: 80 % on a KSB, 7- and 30-day streaks",
    ),
    ("lapse", "When you've been away a couple of days"),
    ("streak", "Evening reminder when your streak is at risk"),
];

#[component]
pub fn NudgeSettings() -> impl IntoView {
    let settings = Resource::new(|| (), |_| get_coach_settings());
    view! {
        <section class="card" id="nudges">
            <h2 class="card-title">"Coach nudges"</h2>
            <p class="muted">"At most one a day, in the app, at your morning (or evening for a streak at risk). Choose which:"</p>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <Choices start=s /> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Choices(start: CoachSettings) -> impl IntoView {
    let kinds = RwSignal::new(start.kinds.clone());
    let from = RwSignal::new(start.quiet_from.clone());
    let to = RwSignal::new(start.quiet_to.clone());
    let save = Action::new(|s: &CoachSettings| {
        let s = s.clone();
        async move { save_coach_settings(s).await }
    });
    let done = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            done.set(true);
        }
    });
    view! {
        <div class="form nudge-kinds">
            {KINDS.iter().map(|(kind, label)| {
                let kind = (*kind).to_owned();
                let k = kind.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || kinds.with(|ks| ks.contains(&k))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                done.set(false);
                                kinds.update(|ks| {
                                    ks.retain(|x| *x != kind);
                                    if on { ks.push(kind.clone()); }
                                });
                            } />
                        " " {*label}
                    </label>
                }
            }).collect_view()}
            <div class="quiet-hours">
                <label class="field"><span>"Quiet from"</span>
                    <input type="time" prop:value=move || from.get() on:input=move |ev| { done.set(false); from.set(event_target_value(&ev)); } />
                </label>
                <label class="field"><span>"until"</span>
                    <input type="time" prop:value=move || to.get() on:input=move |ev| { done.set(false); to.set(event_target_value(&ev)); } />
                </label>
            </div>
            {move || save.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            <Show when=move || done.get()>
                <p class="notice notice-ok" role="status">"Saved."</p>
            </Show>
            <button type="button" class="btn btn-primary" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(CoachSettings { kinds: kinds.get_untracked(), quiet_from: from.get_untracked(), quiet_to: to.get_untracked() }); }>
                "Save nudges"
            </button>
        </div>
    }
}
