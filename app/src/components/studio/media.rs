//! The lesson's video and captions: upload with a progress bar (checked and made faststart by
//! the server), captions uploaded as WebVTT or made from the transcript.

use super::upload::UploadState;
use crate::rpc::studio::generate_captions;
use flowline_core::domain::LessonId;
use flowline_core::model::StudioLesson;
use leptos::prelude::*;

fn bar(state: UploadState) -> impl IntoView {
    match state {
        UploadState::Idle | UploadState::Done => None,
        UploadState::Sending(share) => Some(view! {
            <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=format!("{:.0}", share * 100.0) aria-label="Upload">
                <span style=format!("width: {:.1}%", share * 100.0)></span>
            </div>
            <p class="muted" role="status">{format!("Uploading… {:.0} %", share * 100.0)}</p>
        }.into_any()),
        UploadState::Checking => Some(view! {
            <div class="upload-progress busy" role="progressbar" aria-label="Upload"><span style="width: 100%"></span></div>
            <p class="muted" role="status">"Checking the video and preparing it for phones…"</p>
        }.into_any()),
        UploadState::Failed(m) => Some(view! { <p class="form-error" role="alert">{m}</p> }.into_any()),
    }
}

/// Uploads the chosen file of an `<input type=file>` and reports into the signals.
#[allow(unused_variables)]
fn send(
    ev: leptos::ev::Event,
    url: String,
    content_type: &'static str,
    state: RwSignal<UploadState>,
    lesson: RwSignal<StudioLesson>,
) {
    #[cfg(feature = "hydrate")]
    {
        let Some(file) = crate::components::form::take_picked_file(&ev) else {
            return;
        };
        state.set(UploadState::Sending(0.0));
        super::upload::put_file(
            &url,
            content_type,
            file,
            move |share| {
                state.set(if share >= 1.0 {
                    UploadState::Checking
                } else {
                    UploadState::Sending(share)
                })
            },
            move |result| match result {
                Ok(l) => {
                    lesson.set(l);
                    state.set(UploadState::Done);
                }
                Err(e) => state.set(UploadState::Failed(e.message)),
            },
        );
    }
}

#[component]
pub fn LessonMedia(lesson: RwSignal<StudioLesson>) -> impl IntoView {
    let video_state = RwSignal::new(UploadState::Idle);
    let captions_state = RwSignal::new(UploadState::Idle);
    let id = lesson.get_untracked().id;
    let video_url = format!("/api/v1/admin/lessons/{id}/video");
    let captions_url = format!("/api/v1/admin/lessons/{id}/captions");
    let generate = Action::new(move |id: &LessonId| generate_captions(id.clone()));
    Effect::new(move |_| {
        if let Some(result) = generate.value().get() {
            match result {
                Ok(l) => {
                    lesson.set(l);
                    captions_state.set(UploadState::Done);
                }
                Err(e) => captions_state.set(UploadState::Failed(e.message)),
            }
        }
    });
    view! {
        <section class="card" aria-labelledby="video-title">
            <h2 class="card-title" id="video-title">"Video"</h2>
            {move || {
                let l = lesson.get();
                match l.video_url {
                    Some(src) => view! {
                        <video class="studio-video" controls playsinline preload="metadata" src=src poster=l.poster_url.unwrap_or_default()>
                            {l.captions_url.map(|c| view! { <track kind="captions" srclang="en" label="English" src=c default=true /> })}
                        </video>
                        <p class="muted">{format!("{} s · faststart MP4", l.duration_s)}</p>
                    }.into_any(),
                    None => view! { <p class="muted">"No video yet. Upload a vertical MP4 of 60–90 seconds."</p> }.into_any(),
                }
            }}
            <label class="btn btn-quiet file-btn">
                {move || if lesson.get().video_url.is_some() { "Replace video" } else { "Upload video" }}
                <input type="file" accept="video/mp4" class="visually-hidden" aria-label="Video file"
                    on:change={
                        let url = video_url.clone();
                        move |ev| send(ev, url.clone(), "video/mp4", video_state, lesson)
                    } />
            </label>
            {move || bar(video_state.get())}
        </section>
        <section class="card" aria-labelledby="captions-title">
            <h2 class="card-title" id="captions-title">"Captions"</h2>
            <p class="muted">{move || if lesson.get().captions_url.is_some() { "Captions are on: learners see them by default." } else { "No captions yet. Most people watch without sound." }}</p>
            <div class="row-buttons">
                <button type="button" class="btn btn-quiet" on:click={
                    let id = id.clone();
                    move |_| { captions_state.set(UploadState::Checking); generate.dispatch(id.clone()); }
                }>"Make from transcript"</button>
                <label class="btn btn-quiet file-btn">
                    "Upload .vtt"
                    <input type="file" accept=".vtt,text/vtt" class="visually-hidden" aria-label="Captions file"
                        on:change=move |ev| send(ev, captions_url.clone(), "text/vtt", captions_state, lesson) />
                </label>
            </div>
            {move || match captions_state.get() {
                UploadState::Checking => Some(view! { <p class="muted" role="status">"Working…"</p> }.into_any()),
                UploadState::Failed(m) => Some(view! { <p class="form-error" role="alert">{m}</p> }.into_any()),
                _ => None,
            }}
        </section>
    }
}
