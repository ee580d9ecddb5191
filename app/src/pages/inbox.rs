//! Instructor mode's inbox: questions the coach passed to a human, with the learner's context,
//! answered from a phone; the answer goes to the learner's thread.

use crate::components::icons::Icon;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::rpc::coach::{acknowledge_question, answer_question, get_mentor_inbox};
use flowline_core::error::AppError;
use flowline_core::model::InboxItem;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InboxPage() -> impl IntoView {
    let inbox = Resource::new(|| (), |_| get_mentor_inbox());
    view! {
        <Title text="Inbox" />
        <header class="page-header">
            <a class="back-link" href="/instructor">"← Board"</a>
            <h1>"Questions for you"</h1>
            <p class="muted">"What your apprentices asked that a lesson could not answer alone."</p>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(i) if i.items.is_empty() => view! {
                        <EmptyState title="No questions waiting".to_owned() icon=Icon::Coach>
                            <p>"When an apprentice asks for you, or the coach has no lesson that answers, the question lands here."</p>
                        </EmptyState>
                    }.into_any(),
                    Ok(i) => view! {
                        <ul class="inbox">
                            {i.items.into_iter().map(|item| view! { <Question item=item /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn reason_label(reason: &str) -> &'static str {
    match reason {
        "safety" => "Safety",
        "low_confidence" => "No lesson answers it",
        _ => "Asked for you",
    }
}

#[component]
fn Question(item: InboxItem) -> impl IntoView {
    let answered = RwSignal::new(item.answer.clone().map(|a| (a, item.answered_by.clone())));
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let id = item.id.clone();
    let send = Action::new(move |answer: &String| {
        let (id, answer) = (id.clone(), answer.clone());
        async move { answer_question(id, answer).await }
    });
    // Enabled once the page is live, so an answer is never submitted natively and lost.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(done)) => {
            error.set(None);
            answered.set(done.answer.map(|a| (a, done.answered_by)));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // "I'm on it": who is dealing with it, shown to everyone who sees the question.
    let acknowledged = RwSignal::new(
        item.acknowledged_by
            .clone()
            .map(|by| (by, item.acknowledged_at_local.clone())),
    );
    let ack_id = item.id.clone();
    let ack = Action::new(move |_: &()| {
        let id = ack_id.clone();
        async move { acknowledge_question(id).await }
    });
    Effect::new(move |_| match ack.value().get() {
        Some(Ok(done)) => acknowledged.set(
            done.acknowledged_by
                .map(|by| (by, done.acknowledged_at_local)),
        ),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let open = item.status == flowline_core::model::EscalationStatus::Open;
    let admins_alerted = item.admins_alerted;
    let class = format!("card inbox-item reason-{}", item.reason);
    let misses = (!item.recent_misses.is_empty()).then(|| item.recent_misses.join(", "));
    view! {
        <li class=class>
            <div class="inbox-head">
                <span class=format!("chip reason-chip reason-chip-{}", item.reason)>{reason_label(&item.reason)}</span>
                <strong>{item.learner_name.clone()}</strong>
                <span class="muted inbox-when">{format!("asked {}", item.asked_at_local)}</span>
            </div>
            <p class="inbox-question">{format!("“{}”", item.question)}</p>
            <div class="inbox-ack">
                {move || match acknowledged.get() {
                    Some((by, at)) => view! {
                        <p class="ack-line" role="status">{format!("{by} is on it{}", at.map(|t| format!(" · since {t}")).unwrap_or_default())}</p>
                    }.into_any(),
                    None if open => view! {
                        <button type="button" class="btn btn-outline btn-small" disabled=move || !live.get() || ack.pending().get()
                            on:click=move |_| { ack.dispatch(()); }>"I’m on it"</button>
                    }.into_any(),
                    None => ().into_any(),
                }}
                {admins_alerted.then(|| view! { <p class="muted ack-escalated">"Nobody said they were on it in time: the admins were told."</p> })}
            </div>
            <dl class="facts inbox-facts">
                {item.focus.clone().map(|f| view! { <dt>"Focus"</dt><dd>{f}</dd> })}
                {misses.map(|m| view! { <dt>"Recent misses"</dt><dd>{m}</dd> })}
                {item.lesson_title.clone().map(|l| view! { <dt>"Lesson"</dt><dd>{l}</dd> })}
            </dl>
            {move || match answered.get() {
                Some((a, by)) => view! {
                    <p class="notice notice-ok">{format!("Answered{}: {a}", by.map(|b| format!(" by {b}")).unwrap_or_default())}</p>
                }.into_any(),
                None => view! {
                    <form class="inbox-answer" on:submit=move |ev| {
                        ev.prevent_default();
                        send.dispatch(text.get_untracked());
                    }>
                        <label class="field">
                            <span>"Your answer"</span>
                            <textarea rows="3" maxlength="2000" prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        </label>
                        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
                        <button class="btn btn-primary" type="submit" disabled=move || !live.get() || send.pending().get()>"Send answer"</button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}
