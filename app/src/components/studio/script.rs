//! Lessons from a script, on the studio's pages: the way to the script page from the lessons
//! list, and on a lesson written as a script its render's progress, why it failed, "render
//! again", and the way to edit the script (`pages/admin/script.rs`).

use crate::rpc::studio::{get_studio_lesson, render_lesson};
use flowline_core::domain::LessonId;
use flowline_core::model::studio::JobStatus;
use flowline_core::model::StudioLesson;
use leptos::prelude::*;
use leptos_router::components::A;

/// On the lessons page: where a new lesson from a script starts.
#[component]
pub fn NewFromScript() -> impl IntoView {
    view! {
        <section class="card" id="new-from-script">
            <h2 class="card-title">"Write a lesson as a script"</h2>
            <p class="muted">"Scenes with on-screen headlines and bullets, the narration, the KSBs and 2–4 quick checks. Flowline narrates and renders the video; you review and publish it."</p>
            <A href="/admin/script" attr:class="btn btn-ghost data-link">"Write a script"</A>
        </section>
    }
}

/// On a lesson written as a script: its render's progress, why it failed, render again, or
/// edit the script and render a new version. Asks for the lesson again while a render runs.
#[component]
pub fn ScriptRender(lesson: RwSignal<StudioLesson>) -> impl IntoView {
    let again = Action::new(|id: &LessonId| render_lesson(id.clone()));
    let refresh = Action::new(|id: &LessonId| get_studio_lesson(id.clone()));
    let live = crate::components::form::live();
    Effect::new(move |_| {
        if let Some(Ok(l)) = refresh.value().get() {
            lesson.set(l);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = again.value().get() {
            refresh.dispatch(id);
        }
    });
    // While the render is queued or running, look again every 1.5 s.
    Effect::new(move |_| {
        let running = lesson.with(|l| {
            l.render
                .as_ref()
                .is_some_and(|r| r.status == JobStatus::Queued || r.status == JobStatus::Running)
        });
        if running {
            let id = lesson.get_untracked().id;
            set_timeout(
                move || {
                    refresh.dispatch(id);
                },
                std::time::Duration::from_millis(1500),
            );
        }
    });
    move || {
        let l = lesson.get();
        l.script.as_ref()?;
        let id = l.id.clone();
        let state = l.render.clone().map(|r| match r.status {
            JobStatus::Queued if r.error.is_some() => view! {
                <p class="form-error" role="alert">{format!("The last render failed: {}. It is tried again in a minute.", r.error.unwrap_or_default())}</p>
                <button type="button" class="btn btn-primary" disabled=move || !live.get() || again.pending().get()
                    on:click={
                        let id = id.clone();
                        move |_| { again.dispatch(id.clone()); }
                    }>"Render again now"</button>
            }.into_any(),
            JobStatus::Queued | JobStatus::Running => {
                let pct = (r.progress * 100.0).round();
                view! {
                    <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=format!("{pct:.0}") aria-label="Rendering the video">
                        <span style=format!("width: {:.1}%", pct.max(3.0))></span>
                    </div>
                    <p class="muted" role="status">{if r.status == JobStatus::Queued { "Waiting for a render worker…".to_owned() } else { format!("Rendering the video… {pct:.0} %") }}</p>
                }.into_any()
            }
            JobStatus::Failed => view! {
                <p class="form-error" role="alert">{format!("The render failed: {}", r.error.unwrap_or_else(|| "no reason given".into()))}</p>
                <button type="button" class="btn btn-primary" disabled=move || !live.get() || again.pending().get()
                    on:click=move |_| { again.dispatch(id.clone()); }>"Render again"</button>
            }.into_any(),
            JobStatus::Done => view! { <p class="notice notice-ok" role="status">"Rendered from the script: review the video, then publish."</p> }.into_any(),
        });
        Some(view! {
            <section class="card" id="script-render">
                <h2 class="card-title">"Video from the script"</h2>
                {state}
                <A href=format!("/admin/script?lesson={}", l.id) attr:class="btn btn-ghost data-link">"Edit the script"</A>
            </section>
        })
    }
}
