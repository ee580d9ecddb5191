//! What the apprentice's line manager confirmed: each Behaviour once, with a note of what they
//! saw at work, then readiness for the Gateway. The line manager confirms here; an assessor,
//! mentor or admin reads who confirmed what, and when.

use crate::components::form::{FieldError, FormError};
use crate::components::instructor::when::long_date;
use crate::rpc::employer::{confirm_behaviour, confirm_gateway};
use flowline_core::domain::ksb_title::short_title;
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{Confirmation, Readiness};
use leptos::prelude::*;

/// The card: `confirming` when the line manager is the one reading it.
#[component]
pub fn Confirmations(r: Readiness, confirming: bool) -> impl IntoView {
    let learner = r.learner_id.clone();
    let gateway_learner = learner.clone();
    let state = RwSignal::new(r);
    view! {
        <section class="card confirmations" aria-labelledby="confirmations-title">
            <h2 class="card-title" id="confirmations-title">"Confirmed by the employer"</h2>
            <p class="hint">{if confirming {
                "Confirm each Behaviour once you have seen it at work, in a sentence. When every Behaviour is confirmed, confirm the apprentice is ready for the Gateway."
            } else {
                "The apprentice's line manager confirms each Behaviour once, and then readiness for the Gateway."
            }}</p>
            <ul class="list">
                // Keyed by the Behaviour and whether it is confirmed: confirming one redraws
                // that row only, so a note half-typed in another row stays.
                <For
                    each=move || {
                        state
                            .get()
                            .ksbs
                            .into_iter()
                            .filter(|k| k.kind == KsbKind::Behaviour)
                            .collect::<Vec<_>>()
                    }
                    key=|k| (k.code.clone(), k.confirmed.is_some())
                    children=move |k| {
                        let title = format!("{} {}", k.code, short_title(&k.text));
                        view! {
                            <BehaviourRow
                                learner=learner.clone()
                                code=k.code.clone()
                                title=title
                                confirmed=k.confirmed.clone()
                                confirming=confirming
                                state=state
                            />
                        }
                    }
                />
            </ul>
            <GatewayRow learner=gateway_learner confirming=confirming state=state />
        </section>
    }
}

/// Who confirmed, when, and what they wrote.
fn confirmed_line(c: &Confirmation) -> String {
    format!(
        "Confirmed by {} on {}",
        c.by,
        long_date(c.at.get(..10).unwrap_or_default())
    )
}

#[component]
fn BehaviourRow(
    learner: LearnerId,
    code: String,
    title: String,
    confirmed: Option<Confirmation>,
    confirming: bool,
    state: RwSignal<Readiness>,
) -> impl IntoView {
    let send = Action::new(move |(learner, code, note): &(LearnerId, String, String)| {
        let (learner, code, note) = (learner.clone(), code.clone(), note.clone());
        async move { confirm_behaviour(learner, code, note).await }
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            state.set(r);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let note = NodeRef::<leptos::html::Textarea>::new();
    let id = format!("confirm-{}", code.to_ascii_lowercase());
    match confirmed {
        Some(c) => view! {
            <li class="list-row confirmation">
                <div>
                    <p class="list-title">{title}</p>
                    <p class="muted">{confirmed_line(&c)}</p>
                    <blockquote class="confirmation-note">{c.note}</blockquote>
                </div>
                <span class="status-pill status-green"><span class="status-dot" aria-hidden="true"></span><span class="status-label">"Confirmed"</span></span>
            </li>
        }
        .into_any(),
        None if confirming => {
            let label = format!("Confirm {code}");
            let submit = move |_| {
                let text = note.get().map(|t| t.value()).unwrap_or_default();
                send.dispatch((learner.clone(), code.clone(), text));
            };
            view! {
                <li class="list-row confirmation">
                    <details class="confirm-form">
                        <summary>
                            <span class="list-title">{title}</span>
                            <span class="btn btn-small btn-outline">"Confirm"</span>
                        </summary>
                        <div class="field">
                            <label for=id.clone()>"What did you see them do at work?"</label>
                            <textarea id=id class="select" rows="3" maxlength="1000" node_ref=note
                                placeholder="e.g. Stopped the job when the excavation was not shored, and told the supervisor"></textarea>
                            <FieldError error=error field="note" />
                        </div>
                        <FormError error=error fields=&["note"] />
                        <button type="button" class="btn btn-primary" disabled=move || send.pending().get() on:click=submit>{label}</button>
                    </details>
                </li>
            }
            .into_any()
        }
        None => view! {
            <li class="list-row confirmation">
                <p class="list-title">{title}</p>
                <span class="muted">"Not confirmed yet"</span>
            </li>
        }
        .into_any(),
    }
}

#[component]
fn GatewayRow(learner: LearnerId, confirming: bool, state: RwSignal<Readiness>) -> impl IntoView {
    let send = Action::new(move |(learner, note): &(LearnerId, String)| {
        let (learner, note) = (learner.clone(), note.clone());
        async move { confirm_gateway(learner, note).await }
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            state.set(r);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let note = NodeRef::<leptos::html::Textarea>::new();
    move || {
        let r = state.get();
        let left = r
            .ksbs
            .iter()
            .filter(|k| k.kind == KsbKind::Behaviour && k.confirmed.is_none())
            .count();
        match (r.gateway_confirmed, confirming, left) {
            (Some(c), _, _) => view! {
                <div class="gateway-confirmed notice notice-ok" role="status">
                    <p><strong>"Ready for the Gateway"</strong>" — "{confirmed_line(&c)}</p>
                    {(!c.note.is_empty()).then(|| view! { <blockquote class="confirmation-note">{c.note.clone()}</blockquote> })}
                </div>
            }
            .into_any(),
            (None, true, 0) => {
                let learner = learner.clone();
                let submit = move |_| {
                    let text = note.get().map(|t| t.value()).unwrap_or_default();
                    send.dispatch((learner.clone(), text));
                };
                view! {
                    <div class="gateway-confirm">
                        <div class="field">
                            <label for="confirm-gateway">"Anything to add (optional)"</label>
                            <textarea id="confirm-gateway" class="select" rows="2" maxlength="1000" node_ref=note></textarea>
                        </div>
                        <FormError error=error fields=&[] />
                        <button type="button" class="btn btn-primary" disabled=move || send.pending().get() on:click=submit>"Confirm ready for the Gateway"</button>
                    </div>
                }
                .into_any()
            }
            (None, true, n) => view! {
                <p class="muted gateway-pending">{format!("Readiness for the Gateway: confirm every Behaviour first ({n} to go).")}</p>
            }
            .into_any(),
            (None, false, _) => view! {
                <p class="muted gateway-pending">"Readiness for the Gateway: not confirmed by the employer yet."</p>
            }
            .into_any(),
        }
    }
}
