//! One message of the coach's thread, and the lesson card an answer or nudge carries.

use flowline_core::model::MessageKind;
use flowline_core::model::{CoachMessage, LessonCard};
use leptos::prelude::*;

/// Where this device keeps the thread, for offline reading.
pub const THREAD_KEY: &str = "flowline.coach.thread";
/// Questions asked offline, oldest first.
pub const QUEUE_KEY: &str = "flowline.coach.queue";

#[component]
pub fn Bubble(
    message: CoachMessage,
    /// The learner's question this reply belongs to.
    question: Option<String>,
    /// The newest message: quick replies show under it.
    last: bool,
    has_mentor: bool,
    ask_mentor: Callback<String>,
) -> impl IntoView {
    let playing = RwSignal::new(false);
    let dismissed = RwSignal::new(false);
    let side = match message.author.as_str() {
        "learner" => "bubble bubble-learner",
        "mentor" => "bubble bubble-mentor",
        _ => "bubble bubble-coach",
    };
    let can_escalate = has_mentor
        && question.is_some()
        && matches!(message.kind, MessageKind::NoMatch | MessageKind::Answer)
        && message.from.is_none();
    let quick = last && message.author != "learner" && message.kind != MessageKind::Escalated;
    let has_lesson = message
        .lesson
        .as_ref()
        .is_some_and(|l| l.video_url.is_some());
    let label = message
        .from
        .clone()
        .or_else(|| (message.kind == MessageKind::Nudge).then(|| "Coach · nudge".to_owned()));
    view! {
        <li class=side data-kind=message.kind.as_str()>
            {label.map(|l| view! { <small class="bubble-from">{l}</small> })}
            <p>{message.body.clone()}</p>
            {message.passage.clone().map(|p| view! { <blockquote class="passage">{p}</blockquote> })}
            {message.lesson.clone().map(|card| view! { <Card card=card playing=playing /> })}
            {(message.channel == "whatsapp").then(|| view! { <small class="muted">"via WhatsApp"</small> })}
            <Show when=move || quick && !dismissed.get()>
                <div class="quick-replies" role="group" aria-label="Quick replies">
                    {has_lesson.then(|| view! {
                        <button type="button" class="chip chip-button" on:click=move |_| playing.set(true)>"Show me"</button>
                    })}
                    {can_escalate.then(|| {
                        let q = question.clone().unwrap_or_default();
                        view! {
                            <button type="button" class="chip chip-button"
                                on:click=move |_| { dismissed.set(true); ask_mentor.run(q.clone()); }>
                                "Ask my mentor"
                            </button>
                        }
                    })}
                    <button type="button" class="chip chip-button chip-quiet" on:click=move |_| dismissed.set(true)>"Later"</button>
                </div>
            </Show>
        </li>
    }
}

/// A lesson in the thread: its poster and title; the video plays in place.
#[component]
fn Card(card: LessonCard, playing: RwSignal<bool>) -> impl IntoView {
    // A lesson still being made has no length yet.
    let minutes = (card.duration_s > 0).then(|| format!("{} s", card.duration_s));
    let poster = card.poster_url.clone();
    let play_label = format!("Play {}", card.title);
    let title = card.title.clone();
    let ksbs = card.ksbs.clone();
    view! {
        <div class="lesson-card">
            {move || if card.video_url.is_none() {
                view! { <p class="muted">"The video of this lesson is still being made."</p> }.into_any()
            } else if playing.get() {
                view! {
                    <video class="lesson-card-video" src=card.video_url.clone() poster=card.poster_url.clone()
                        controls autoplay playsinline preload="metadata">
                        {card.captions_url.clone().map(|c| view! { <track kind="captions" src=c srclang="en" label="English" default /> })}
                    </video>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="lesson-card-play" on:click=move |_| playing.set(true)
                        aria-label=play_label.clone()>
                        {poster.clone().map(|p| view! { <img src=p alt="" loading="lazy" /> })}
                        <span class="lesson-card-icon" aria-hidden="true">"▶"</span>
                    </button>
                }.into_any()
            }}
            <div class="lesson-card-text">
                <strong>{title}</strong>
                {minutes.map(|m| view! { <small class="muted">{m}</small> })}
                <div class="lesson-card-ksbs">
                    {ksbs.iter().map(|k| view! { <span class="chip">{k.clone()}</span> }).collect_view()}
                </div>
            </div>
        </div>
    }
}
