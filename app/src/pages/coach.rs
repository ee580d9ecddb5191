//! The coach: one conversation with nudges, answers (with the lesson that answers), and the
//! mentor's replies. Offline it shows the thread this device kept and queues the question.

use crate::components::coach::Bubble;
#[cfg(feature = "hydrate")]
use crate::components::coach::{QUEUE_KEY, THREAD_KEY};
use crate::components::icons::Icon;
use crate::components::{EmptyState, Loading};
use crate::rpc::coach::{ask_coach, escalate_question, get_coach_thread};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{AskIn, CoachMessage, CoachThread};
use leptos::prelude::*;
use leptos_meta::Title;

/// Questions to the coach, answered with the right video or passed to a mentor.
#[component]
pub fn CoachPage() -> impl IntoView {
    let thread = Resource::new(|| (), |_| get_coach_thread());
    view! {
        <Title text="Coach" />
        <header class="page-header">
            <h1>"Coach"</h1>
            <p class="muted">"Ask about anything on the job: you get the lesson that answers it, or your mentor does."</p>
        </header>
        <crate::components::push_prompt::PushPrompt why="Get your nudges and your mentor's answers on this phone, even with Flowline closed (never in your quiet hours)." />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match thread.await {
                    Ok(t) => view! { <Conversation start=t offline=false /> }.into_any(),
                    Err(e) if e.code == ErrorCode::Network => {
                        view! { <Conversation start=kept() offline=true /> }.into_any()
                    }
                    Err(e) if e.code == ErrorCode::Forbidden => view! {
                        <EmptyState title="The coach is for apprentices".to_owned() icon=Icon::Coach>
                            <p>"Your apprentices' questions arrive in your inbox in Instructor."</p>
                        </EmptyState>
                    }.into_any(),
                    Err(e) => view! { <crate::components::ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The thread this device kept, for when the server cannot be reached.
fn kept() -> CoachThread {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<CoachThread>(THREAD_KEY).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        CoachThread::default()
    }
}

fn keep(_t: &CoachThread) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(THREAD_KEY, _t);
    }
}

fn queued() -> Vec<String> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<Vec<String>>(QUEUE_KEY).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Vec::new()
    }
}

fn set_queued(_q: &[String]) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(QUEUE_KEY, _q);
    }
}

#[component]
fn Conversation(start: CoachThread, offline: bool) -> impl IntoView {
    let messages = RwSignal::new(start.messages.clone());
    let has_mentor = start.has_mentor;
    let waiting = RwSignal::new(Vec::<String>::new());
    let offline = RwSignal::new(offline);
    if !offline.get_untracked() {
        keep(&start);
    }
    let error = RwSignal::new(None::<AppError>);
    let text = RwSignal::new(String::new());
    // What is on its way to the server: kept for the queue if the connection drops.
    let in_flight = RwSignal::new(None::<String>);
    let to_mentor = RwSignal::new(false);
    // Until this page's code has loaded and taken over, "Ask" would submit the form natively
    // and lose the question: it is enabled once the page is live (effects run only then).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    let remember = move || {
        keep(&CoachThread {
            messages: messages.get_untracked(),
            has_mentor,
            open_questions: 0,
        })
    };
    let send = Action::new(move |input: &AskIn| {
        let input = input.clone();
        async move { ask_coach(input).await }
    });
    let escalate = Action::new(move |id: &String| {
        let id = id.clone();
        async move { escalate_question(id).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(out)) => {
            error.set(None);
            offline.set(false);
            let typed = in_flight.get_untracked().is_some();
            in_flight.set(None);
            messages.update(|m| m.extend(out.messages));
            remember();
            // The next queued question, if this one came from the queue.
            let mut q = queued();
            if !typed && !q.is_empty() {
                q.remove(0);
                set_queued(&q);
                waiting.set(q.clone());
                if let Some(next) = q.first() {
                    send.dispatch(AskIn {
                        text: next.clone(),
                        to_mentor: false,
                        content_id: None,
                    });
                }
            }
        }
        Some(Err(e)) if e.code == ErrorCode::Network => {
            offline.set(true);
            // A question that did not reach the server waits on this phone (once).
            if let Some(t) = in_flight.get_untracked() {
                in_flight.set(None);
                let mut q = queued();
                if !q.contains(&t) {
                    q.push(t);
                    set_queued(&q);
                }
                waiting.set(q);
            }
        }
        Some(Err(e)) => {
            in_flight.set(None);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match escalate.value().get() {
        Some(Ok(out)) => {
            error.set(None);
            messages.update(|m| m.extend(out.messages));
            remember();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Questions asked offline go when the page next opens online.
    Effect::new(move |_| {
        let q = queued();
        waiting.set(q.clone());
        if !offline.get_untracked() {
            if let Some(first) = q.first() {
                send.dispatch(AskIn {
                    text: first.clone(),
                    to_mentor: false,
                    content_id: None,
                });
            }
        }
    });
    let submit = move || {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        text.set(String::new());
        if offline.get_untracked() {
            let mut q = queued();
            q.push(t);
            set_queued(&q);
            waiting.set(q);
            return;
        }
        in_flight.set(Some(t.clone()));
        send.dispatch(AskIn {
            text: t,
            to_mentor: to_mentor.get_untracked(),
            content_id: None,
        });
        to_mentor.set(false);
    };
    let ask_mentor = Callback::new(move |question_id: String| {
        escalate.dispatch(question_id);
    });
    view! {
        <Show when=move || offline.get()>
            <p class="notice" role="status">"You're offline: this is the conversation this phone kept. Questions you ask now are sent when you're back online."</p>
        </Show>
        <ol class="thread" aria-label="Conversation with the coach">
            <Show when=move || messages.with(Vec::is_empty)>
                <li class="bubble bubble-coach">
                    <p>"Hi! Ask me anything about your work, like \"how do I prove a cable is dead?\". I'll find the lesson that answers it, or pass it to your mentor."</p>
                </li>
            </Show>
            {move || {
                let all = messages.get();
                all.iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let question = question_before(&all, i);
                        let last = i + 1 == all.len();
                        view! { <Bubble message=m.clone() question=question last=last has_mentor=has_mentor ask_mentor=ask_mentor /> }
                    })
                    .collect_view()
            }}
            <For each=move || waiting.get() key=|q| q.clone() let:q>
                <li class="bubble bubble-learner bubble-waiting"><p>{q}</p><small>"Waiting to send"</small></li>
            </For>
        </ol>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        <form class="composer card" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label class="field">
                <span>"Your question"</span>
                <textarea rows="2" maxlength="1000" placeholder="e.g. What PPE for LV live jointing?"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <div class="composer-row">
                {has_mentor.then(|| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || to_mentor.get()
                            on:change=move |ev| to_mentor.set(event_target_checked(&ev)) />
                        " Send to my mentor"
                    </label>
                })}
                <button class="btn btn-primary" type="submit" disabled=move || !live.get() || send.pending().get()>
                    {move || if send.pending().get() { "Asking…" } else { "Ask" }}
                </button>
            </div>
        </form>
    }
}

/// The id of the learner's question a coach reply at `i` answers.
fn question_before(all: &[CoachMessage], i: usize) -> Option<String> {
    all[..=i]
        .iter()
        .rev()
        .find(|m| m.kind == flowline_core::model::MessageKind::Question)
        .map(|m| m.id.clone())
}
