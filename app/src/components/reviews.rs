//! A learner's progress reviews at a glance: when the next is due, each review's state, and
//! for their mentor the button that drafts the next. Shown on Progress (the apprentice's own),
//! the mentor's drilldown and the line manager's apprentice page.

use crate::components::instructor::when::long_date;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::reviews::{learner_reviews, start_review};
use flowline_core::domain::LearnerId;
use flowline_core::model::{Review, Reviews};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// `learner`: None for the signed-in apprentice's own.
#[component]
pub fn ReviewsCard(learner: Option<LearnerId>) -> impl IntoView {
    let reviews = Resource::new(move || (), {
        let learner = learner.clone();
        move |_| learner_reviews(learner.clone())
    });
    view! {
        <section class="card" aria-labelledby="reviews-title">
            <h2 class="card-title" id="reviews-title">"Progress reviews"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match reviews.await {
                        Ok(r) => view! { <ReviewList r=r /> }.into_any(),
                        // The page says so already (another's learner is not found).
                        Err(e) if e.code == flowline_core::error::ErrorCode::NotFound => ().into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Waiting for 2 signatures", or "Signed by all three".
pub fn state_of(r: &Review) -> (&'static str, String) {
    if r.signed {
        return ("green", "Signed by all three".to_owned());
    }
    match r.signatures.iter().filter(|s| !s.valid).count() {
        1 => ("amber", "Waiting for 1 signature".to_owned()),
        n => ("amber", format!("Waiting for {n} signatures")),
    }
}

#[component]
fn ReviewList(r: Reviews) -> impl IntoView {
    let navigate = use_navigate();
    let learner = r.learner_id.clone();
    let draft = Action::new(move |id: &LearnerId| start_review(id.clone()));
    Effect::new(move |_| {
        if let Some(Ok(review)) = draft.value().get() {
            navigate(&format!("/reviews/{}", review.id), Default::default());
        }
    });
    let due = match (&r.due_on, r.overdue) {
        (Some(d), true) => Some(format!(
            "Review {} was due on {} — overdue.",
            r.reviews.len() + 1,
            long_date(d)
        )),
        (Some(d), false) => Some(format!(
            "Next review due by {} (every {} weeks).",
            long_date(d),
            r.every_weeks
        )),
        (None, _) => None,
    };
    let next = r.reviews.len() + 1;
    let (overdue, none) = (r.overdue, r.reviews.is_empty());
    view! {
        {due.map(|d| view! { <p class:form-error=overdue class:muted=!overdue>{d}</p> })}
        {none.then(|| view! { <p class="muted">"No reviews yet."</p> })}
        <ul class="list">
            {r.reviews.into_iter().map(|rv| {
                let (status, label) = state_of(&rv);
                view! {
                    <li class="list-row">
                        <A href=format!("/reviews/{}", rv.id) attr:class="list-link">
                            <p class="list-title">{format!("Review {}", rv.number)}</p>
                            <p class="muted">{format!("{} to {}", long_date(&rv.record.from), long_date(&rv.record.to))}</p>
                        </A>
                        <span class=format!("status-pill status-{status}")>
                            <span class="status-dot" aria-hidden="true"></span>
                            <span class="status-label">{label}</span>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {r.may_draft.then(|| view! {
            <button type="button" class="btn btn-primary" disabled=move || draft.pending().get()
                on:click=move |_| { draft.dispatch(learner.clone()); }>{format!("Draft review {next}")}</button>
            {move || draft.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        })}
    }
}
