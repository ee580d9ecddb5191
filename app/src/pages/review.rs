//! `/reviews/:id`: one progress review, for the apprentice, their line manager and their
//! mentor on a phone: what the record says, the plan, and each of the three's comment and
//! signature — and whether what each signed is still what the review says.

use crate::components::form::FormError;
use crate::components::instructor::when::long_date;
use crate::components::reviews::state_of;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::reviews::{get_review, review_plan, sign_review};
use flowline_core::error::AppError;
use flowline_core::model::{KsbMove, Party, Review, Signature};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let review = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_review,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => view! { <ReviewView r=r /> }.into_any(),
                    Err(e) => view! {
                        <Title text="Progress review" />
                        <header class="page-header"><h1>"Progress review"</h1></header>
                        <ErrorPanel error=e />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn moves(list: &[KsbMove]) -> impl IntoView {
    view! {
        <ul class="review-moves">
            {list.iter().map(|m| view! {
                <li><strong>{m.code.clone()}</strong>" "{m.title.clone()}<span class="muted">{format!(" {:.0} % → {:.0} %", m.from, m.to)}</span></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ReviewView(r: Review) -> impl IntoView {
    let state = RwSignal::new(r);
    let r = state.get_untracked();
    let rec = r.record.clone();
    let otj = match rec.otj_planned {
        Some(p) => format!("{:.0} h of {:.0} h planned by now", rec.otj_hours, p),
        None => format!("{:.0} h", rec.otj_hours),
    };
    view! {
        <Title text=format!("Review {} · {}", r.number, r.learner_name) />
        <header class="page-header">
            <p class="eyebrow">{format!("{} · progress review {}", r.learner_name, r.number)}</p>
            <h1>{format!("{} to {}", long_date(&rec.from), long_date(&rec.to))}</h1>
            {move || {
                let (status, label) = state_of(&state.get());
                view! {
                    <p class=format!("status-pill status-{status}")>
                        <span class="status-dot" aria-hidden="true"></span>
                        <span class="status-label">{label}</span>
                    </p>
                }
            }}
        </header>
        <section class="stats" aria-label="The period">
            <div class="stat"><span class="stat-value">{format!("{:.0} → {:.0} %", rec.overall_from, rec.overall_to)}</span><span class="stat-label">"Overall mastery"</span></div>
            <div class="stat"><span class="stat-value">{rec.answers}</span><span class="stat-label">"Checks answered"</span></div>
            <div class="stat"><span class="stat-value">{rec.observations}</span><span class="stat-label">"Sign-offs"</span></div>
            <div class="stat"><span class="stat-value">{rec.lapsed}</span><span class="stat-label">"Reviews overdue"</span></div>
        </section>
        <section class="card">
            <h2 class="card-title">"What the record says"</h2>
            <dl class="facts">
                <dt>"Off-the-job"</dt><dd>{otj}</dd>
                <dt>"Training approved"</dt><dd>{rec.training}</dd>
                <dt>"Drafted"</dt><dd>{format!("by {} on {}", r.drafted_by, long_date(r.drafted_at.get(..10).unwrap_or_default()))}</dd>
            </dl>
            <h3 class="subhead">"Moved most"</h3>
            {if rec.moved.is_empty() { view! { <p class="muted">"Nothing moved in this period."</p> }.into_any() } else { moves(&rec.moved).into_any() }}
            <h3 class="subhead">"Weakest now"</h3>
            {moves(&rec.weakest)}
            <h3 class="subhead">"What is next"</h3>
            <ul class="review-moves">{rec.next.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
        </section>
        <PlanCard state=state />
        <section class="card" aria-labelledby="signatures-title">
            <h2 class="card-title" id="signatures-title">"Comments and signatures"</h2>
            <p class="hint">"Signing records your name, the time, and a fingerprint of the review and your comment: if either changes later, your signature shows as out of date."</p>
            <ul class="list">
                // Keyed by what a row shows: saving the plan or another's signature redraws
                // only the rows that changed, so a comment half-typed in one's own row stays.
                <For
                    each=move || {
                        let r = state.get();
                        let mine = r.my_party.filter(|_| !r.signed);
                        r.signatures
                            .into_iter()
                            .map(|s| (Some(s.party) == mine, s))
                            .collect::<Vec<_>>()
                    }
                    key=|(own, s)| (
                        s.party,
                        *own,
                        s.valid,
                        s.signed_at.clone(),
                        s.comment.clone(),
                        s.name.clone(),
                    )
                    children=move |(own, s)| view! { <SignatureRow s=s own=own state=state /> }
                />
            </ul>
            <p class="muted fingerprint">"Fingerprint of the review: "<code>{move || state.get().content_hash.get(..16).unwrap_or_default().to_owned()}"…"</code></p>
        </section>
    }
}

#[component]
fn PlanCard(state: RwSignal<Review>) -> impl IntoView {
    let save =
        Action::new(move |(id, plan): &(String, String)| review_plan(id.clone(), plan.clone()));
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            state.set(r);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let text = NodeRef::<leptos::html::Textarea>::new();
    move || {
        let r = state.get();
        let editable = r.my_party == Some(Party::Mentor) && !r.signed;
        let id = r.id.clone();
        view! {
            <section class="card">
                <h2 class="card-title">"Agreed plan"</h2>
                {if editable {
                    view! {
                        <div class="field">
                            <label for="review-plan">"What the three of you agree to do next"</label>
                            <textarea id="review-plan" class="select" rows="3" maxlength="2000" node_ref=text>{r.plan.clone()}</textarea>
                        </div>
                        <FormError error=error fields=&[] />
                        <button type="button" class="btn btn-outline" disabled=move || save.pending().get()
                            on:click=move |_| {
                                let plan = text.get().map(|t| t.value()).unwrap_or_default();
                                save.dispatch((id.clone(), plan));
                            }>"Save the plan"</button>
                    }.into_any()
                } else if r.plan.is_empty() {
                    view! { <p class="muted">"The mentor writes the plan."</p> }.into_any()
                } else {
                    view! { <p class="review-plan">{r.plan.clone()}</p> }.into_any()
                }}
            </section>
        }
    }
}

#[component]
fn SignatureRow(s: Signature, own: bool, state: RwSignal<Review>) -> impl IntoView {
    let who = s
        .name
        .clone()
        .unwrap_or_else(|| "Nobody linked yet".to_owned());
    let status = match (&s.signed_at, s.valid) {
        (Some(at), true) => format!(
            "Signed on {} at {} · {}…",
            long_date(at.get(..10).unwrap_or_default()),
            at.get(11..16).unwrap_or_default(),
            s.signed_hash
                .as_deref()
                .and_then(|h| h.get(..8))
                .unwrap_or_default()
        ),
        (Some(_), false) => "Signed an earlier version: needs to sign again".to_owned(),
        (None, _) => "Not signed yet".to_owned(),
    };
    let ok = s.valid;
    let stale = s.signed_at.is_some() && !s.valid;
    let sign = Action::new(move |(id, seen, comment): &(String, String, String)| {
        sign_review(id.clone(), seen.clone(), comment.clone())
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match sign.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            state.set(r);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let text = NodeRef::<leptos::html::Textarea>::new();
    let id = format!("comment-{}", s.party.as_str());
    let review_id = state.get_untracked().id;
    view! {
        <li class="list-row signature" class:signed=ok class:stale=stale>
            <div class="person-main">
                <p class="list-title">{format!("{} · {}", s.party.label(), who)}</p>
                <p class=if ok { "muted signed-line" } else if stale { "form-error signed-line" } else { "muted signed-line" }>{status}</p>
                {if own {
                    view! {
                        <div class="field">
                            <label for=id.clone()>"Your comment"</label>
                            <textarea id=id class="select" rows="3" maxlength="1000" node_ref=text>{s.comment.clone()}</textarea>
                        </div>
                        <FormError error=error fields=&[] />
                        <button type="button" class="btn btn-primary" disabled=move || sign.pending().get()
                            on:click=move |_| {
                                let comment = text.get().map(|t| t.value()).unwrap_or_default();
                                let seen = state.get_untracked().content_hash;
                                sign.dispatch((review_id.clone(), seen, comment));
                            }>{if ok { "Sign again" } else { "Sign the review" }}</button>
                    }.into_any()
                } else if s.comment.is_empty() {
                    ().into_any()
                } else {
                    view! { <blockquote class="confirmation-note">{s.comment.clone()}</blockquote> }.into_any()
                }}
            </div>
        </li>
    }
}
