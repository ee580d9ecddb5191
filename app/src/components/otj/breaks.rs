//! Breaks in learning on the hours card: each break with its dates and reason; for the
//! apprentice's mentor, recording a break from its first day, and the day they came back.

use crate::components::instructor::when::long_date;
use crate::rpc::otj::{end_break, start_break};
use flowline_core::domain::LearnerId;
use flowline_core::model::{BreakIn, LearningBreak, ReturnIn};
use leptos::prelude::*;

/// "On a break since 10 January 2026: parental leave", or "Break from … to …".
fn line(b: &LearningBreak) -> String {
    match &b.ends_on {
        None => format!("On a break since {}: {}", long_date(&b.starts_on), b.reason),
        Some(end) => format!(
            "Break from {} to {}: {}",
            long_date(&b.starts_on),
            long_date(end),
            b.reason
        ),
    }
}

#[component]
pub fn Breaks(
    learner_id: LearnerId,
    breaks: Vec<LearningBreak>,
    mentor: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let open = breaks.iter().any(|b| b.ends_on.is_none());
    let date = NodeRef::<leptos::html::Input>::new();
    let reason = NodeRef::<leptos::html::Input>::new();
    let act = Action::new(move |(learner, open): &(LearnerId, bool)| {
        let day = date.get_untracked().map(|d| d.value()).unwrap_or_default();
        let why = reason
            .get_untracked()
            .map(|r| r.value())
            .unwrap_or_default();
        let (learner, open) = (learner.clone(), *open);
        async move {
            if open {
                end_break(learner, ReturnIn { returned_on: day }).await
            } else {
                start_break(
                    learner,
                    BreakIn {
                        starts_on: day,
                        reason: why,
                    },
                )
                .await
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = act.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        {(!breaks.is_empty()).then(|| view! {
            <ul class="otj-breaks">
                {breaks.iter().map(|b| view! { <li>{line(b)}</li> }).collect_view()}
            </ul>
            <p class="hint">"Days of a break count as no off-the-job hours; the ILR file ends a learning delivery at each break."</p>
        })}
        {mentor.then(|| view! {
            <details class="otj-break-form">
                <summary>{if open { "Record their return" } else { "Record a break in learning" }}</summary>
                <label class="field">
                    <span class="field-label">{if open { "Back on" } else { "Away from" }}</span>
                    <input type="date" class="select" node_ref=date />
                </label>
                {(!open).then(|| view! {
                    <label class="field">
                        <span class="field-label">"Why"</span>
                        <input type="text" class="select" maxlength="200" placeholder="e.g. Parental leave" node_ref=reason />
                    </label>
                })}
                <button type="button" class="btn btn-outline" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch((learner_id.clone(), open)); }>
                    {if open { "Record the return" } else { "Record the break" }}
                </button>
                {move || act.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            </details>
        })}
    }
}
