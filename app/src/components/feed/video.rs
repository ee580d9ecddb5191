//! One lesson's video screen: poster first in a fixed box, muted autoplay with captions on,
//! tap for sound, a thin progress bar, "Why this?", and the way on to the quick check.

use super::playback::Playback;
use super::state::{interaction, now_ms, FeedState};
use flowline_core::model::{FeedItem, InteractionKind, OutboxEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn VideoSlide(item: FeedItem, index: usize, total: usize) -> impl IntoView {
    let state = expect_context::<FeedState>();
    let slide = 2 * index;
    let played = RwSignal::new(0.0_f64);
    let why = RwSignal::new(false);
    let watched_sent = StoredValue::new(false);
    let started = StoredValue::new(None::<i64>);
    let content_id = item.content_id.clone();
    let playback = Playback::new(item.video_url.clone());
    let video_ref = NodeRef::<leptos::html::Video>::new();
    // The kept copy plays when there is one, unless this video already started from the network.
    // A video that failed before the app took over (its error came before any listener) is
    // recovered now.
    Effect::new(move |_| {
        if video_ref
            .get_untracked()
            .is_some_and(|v| v.error().is_some())
        {
            playback.recover();
            return;
        }
        playback.prefer_kept(move || {
            video_ref
                .get_untracked()
                .is_some_and(|v| v.paused() && v.current_time() == 0.0)
        });
    });
    let on_error = move |_| playback.recover();
    // After a new source loads, pick up where the learner was and go on if this screen is in view.
    let on_metadata = move |ev: leptos::ev::Event| {
        let video: web_sys::HtmlMediaElement = event_target(&ev);
        let at = playback.resume_at.get_value();
        if at > 0.5 && video.current_time() < at {
            video.set_current_time(at);
        }
        if state.active.get_untracked() == slide
            && video.paused()
            && !video.has_attribute("data-held")
        {
            super::playback::play_quietly(&video, state);
        }
    };
    let on_playing = move |_| playback.playing();

    let on_time = move |ev: leptos::ev::Event| {
        let video: web_sys::HtmlMediaElement = event_target(&ev);
        playback.resume_at.set_value(video.current_time());
        state.played(index, video.current_time());
        let d = video.duration();
        if d.is_finite() && d > 0.0 {
            played.set((video.current_time() / d * 100.0).clamp(0.0, 100.0));
        }
        if started.get_value().is_none() {
            started.set_value(Some(now_ms()));
        }
    };
    let title_kept = StoredValue::new(item.title.clone());
    let on_ended = move |_| {
        if !watched_sent.get_value() {
            watched_sent.set_value(true);
            state.settle(index);
            let spent = started
                .get_value()
                .map_or(0.0, |t| (now_ms() - t) as f64 / 1000.0);
            let item = interaction(&content_id, InteractionKind::Watched, spent);
            let entry = OutboxEntry {
                id: item.id.clone(),
                item,
                graded: Vec::new(),
                title: title_kept.get_value(),
                queued_at_ms: now_ms(),
                rejected: None,
            };
            spawn_local(async move {
                state.record(entry, Vec::new()).await;
            });
        }
        state.go_to(slide + 1);
    };
    let toggle_sound = move |_| state.toggle_sound();
    // A tap on the picture pauses or goes on (the sound has its own button).
    let toggle_play = move |ev: leptos::ev::MouseEvent| {
        let video: web_sys::HtmlMediaElement = event_target(&ev);
        if video.paused() {
            let _ = video.remove_attribute("data-held");
            super::playback::play_quietly(&video, state);
        } else {
            let _ = video.set_attribute("data-held", "");
            let _ = video.pause();
        }
    };
    let title = item.title.clone();
    let minutes = format!("{} s", item.duration_s);
    // A lesson's poster and video are fetched from the screen before it (its previous
    // lesson's check) on: on a weak connection the first lesson's picture and video get the
    // bandwidth, not four posters and video headers further down. The server renders only the
    // first lesson's; the others are set here once they come near.
    let poster_url = item.poster_url.clone();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let near = slide <= state.active.get() + 1;
        if let (true, Some(video)) = (near, video_ref.get()) {
            if let Some(url) = &poster_url {
                let _ = video.set_attribute("poster", url);
            }
            if index > 0 {
                let _ = video.set_attribute("preload", "metadata");
            }
        }
        near
    });
    view! {
        <section class="slide slide-video" data-slide=slide data-content-id=item.content_id.to_string() aria-roledescription="lesson"
            aria-label=format!("Lesson {} of {}: {}", index + 1, total, item.title)>
            <div class="player">
                <video class="video" data-slide=slide node_ref=video_ref
                    poster=(index == 0).then(|| item.poster_url.clone()).flatten()
                    src=move || playback.src.get()
                    preload=if index == 0 { "auto" } else { "none" }
                    autoplay=index == 0
                    muted=true
                    prop:muted=move || state.muted.get()
                    playsinline=true
                    on:timeupdate=on_time
                    on:ended=on_ended
                    on:error=on_error
                    on:loadedmetadata=on_metadata
                    on:playing=on_playing
                    on:click=toggle_play
                    aria-label=format!("Video: {title}")>
                    {item.captions_url.clone().map(|src| view! {
                        <track kind="captions" src=src srclang="en" label="English" default=true />
                    })}
                </video>
                <div class="video-held" aria-hidden="true">
                    <svg viewBox="0 0 24 24"><path d="M8 5v14l11-7z" /></svg>
                </div>
                <Show when=move || playback.failed.get()>
                    <div class="video-failed" role="alert">
                        {item.poster_url.clone().map(|p| view! { <img src=p alt="" /> })}
                        <p>"Couldn't play this lesson."</p>
                        <button class="btn btn-primary" on:click=move |_| playback.retry()>"Retry"</button>
                    </div>
                </Show>
                <div class="video-progress" aria-hidden="true">
                    <span style:width=move || format!("{:.1}%", played.get())></span>
                </div>
            </div>
            <div class="video-overlay">
                <div class="lesson-meta">
                    <div class="lesson-tags">
                        {item.ksbs.iter().enumerate().map(|(n, k)| {
                            let title = item.ksb_titles.get(n).cloned().unwrap_or_default();
                            view! {
                                <span class="tag">{k.clone()}
                                    {(!title.is_empty()).then(|| view! { <span class="tag-title">{title}</span> })}
                                </span>
                            }
                        }).collect_view()}
                        <span class="tag tag-quiet">{minutes}</span>
                        <button class="why-chip" aria-expanded=move || why.get().to_string()
                            on:click=move |_| why.update(|w| *w = !*w)>
                            "Why this?"
                        </button>
                    </div>
                    <h2 class="lesson-title">{item.title.clone()}</h2>
                    <Show when=move || why.get()>
                        <p class="why" role="note">{item.reason.clone()}</p>
                    </Show>
                </div>
                <div class="video-actions">
                <button class="sound-btn" on:click=toggle_sound aria-pressed=move || (!state.muted.get()).to_string()
                    aria-label="Sound" title="Sound">
                        <svg viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M4 9v6h4l5 4V5L8 9H4Z" />
                            {move || if state.muted.get() {
                                view! { <path class="stroke" d="M16 9l5 6M21 9l-5 6" /> }.into_any()
                            } else {
                                view! { <path class="stroke" d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" /> }.into_any()
                            }}
                        </svg>
                    </button>
                    <button class="to-check" on:click=move |_| state.go_to(slide + 1)>
                        "Quick check"
                        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6" /></svg>
                    </button>
                </div>
            </div>
        </section>
    }
    .into_any()
}
