//! Lessons from a script: write or paste the scenes, preview what the video will say, render
//! it as a draft (the lessons page); on the lesson's page, follow the render, see why it
//! failed and run it again, or edit the script and render a new version.

use crate::api::studio::{get_studio_lesson, lesson_from_script, preview_script, render_lesson};
use crate::model::{ScriptIn, ScriptPreview, StudioLesson};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Where a new script starts: the format, filled in with a lesson to change.
const TEMPLATE: &str = r#"+++
title = "Checking a link box before you open it"
standard = "ST1332"
difficulty = 2
ksbs = { K4 = 1.0, B1 = 0.5 }

[[questions]]
ksb = "K4"
prompt = "What do you check before opening a link box?"
options = ["Nothing: it is always dead", "Signs of damage, heat or water, and the network records", "Only the padlock"]
correct = 2
explanation = "A link box can be live and damaged. Look first, check the records, then open."

[[questions]]
ksb = "B1"
prompt = "The lid is scorched. What do you do?"
options = ["Open it quickly", "Stop, keep people back and report it", "Tape it shut"]
correct = 2
explanation = "Heat damage means a fault may be live inside. Stop the job and escalate."
+++

## Look before you touch
- Check the lid and surround
Before you open any link box, stop and look at it. Scorching, cracks, water or a smell of burning tell you something inside may have failed, and it may still be live.

## Check the records
- Confirm the box on the network plan
Next, confirm which box this is on the network records, which circuits pass through it, and whether anyone else is working on them today.

## Keep people back
- Barriers before the lid comes off
Set out your barriers and keep the public and your team clear of the box before you lift the lid, because a fault can flash over without warning.

## If in doubt, stop
- Report damage before you go on
If anything looks wrong, stop the job, keep people back and report it to your supervisor. Nobody will thank you for opening a faulty box quickly.
"#;

fn scenes(p: ScriptPreview) -> impl IntoView {
    view! {
        <div class="script-preview" role="status">
            <p class="list-title">{format!("{} · {} · difficulty {}", p.title, p.standard, p.difficulty)}</p>
            <p class="muted">{format!("{} scenes · {} words · about {} s · {} questions · teaches {}", p.scenes.len(), p.words, p.estimated_seconds, p.questions, p.ksbs.join(", "))}</p>
            {p.advice.map(|a| view! { <p class="notice" role="note">{a}</p> })}
            <ol class="scene-list">
                {p.scenes.into_iter().map(|s| view! {
                    <li class="scene">
                        <p class="scene-headline">{s.headline}</p>
                        {(!s.bullets.is_empty()).then(|| view! { <ul class="scene-bullets">{s.bullets.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> })}
                        <p class="scene-narration">{s.narration}</p>
                        <p class="muted">{format!("{} words", s.words)}</p>
                    </li>
                }).collect_view()}
            </ol>
        </div>
    }
}

/// The script box with Preview and Render; `lesson_id` renders a new version of that lesson.
#[component]
fn ScriptBox(
    initial: String,
    lesson_id: Option<String>,
    #[prop(into)] render_label: String,
    on_rendered: Callback<String>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let preview = Action::new(|t: &String| preview_script(t.clone()));
    let bring = Action::new(|input: &ScriptIn| lesson_from_script(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(id)) = bring.value().get() {
            on_rendered.run(id);
        }
    });
    let error = move || {
        bring
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
            .map(|e| e.message)
    };
    view! {
        <label class="field">
            <span>"Script (front matter, then ## scenes)"</span>
            <textarea class="script-text" rows="14" spellcheck="true"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        </label>
        <p class="form-error" role="alert">{error}</p>
        <div class="row-buttons">
            <button type="button" class="btn btn-ghost" disabled=move || preview.pending().get()
                on:click=move |_| { preview.dispatch(text.get_untracked()); }>"Preview narration"</button>
            <button type="button" class="btn btn-primary" disabled=move || bring.pending().get()
                on:click=move |_| { bring.dispatch(ScriptIn { script: text.get_untracked(), lesson_id: lesson_id.clone() }); }>
                {move || if bring.pending().get() { "Starting…".to_owned() } else { render_label.clone() }}
            </button>
        </div>
        {move || preview.value().get().and_then(Result::ok).map(scenes)}
    }
}

/// On the lessons page: a new lesson from a script.
#[component]
pub fn NewFromScript() -> impl IntoView {
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    view! {
        <section class="card" id="new-from-script">
            <h2 class="card-title">"Write a lesson as a script"</h2>
            <p class="muted">"Scenes with on-screen headlines and bullets, the narration, the KSBs and 2–4 quick checks. Flowline narrates and renders the video; you review and publish it."</p>
            <details class="script-open" on:toggle=move |_| open.set(true)>
                <summary>"Start from the example script"</summary>
                <Show when=move || open.get()>
                    <ScriptBox initial=TEMPLATE.to_owned() lesson_id=None render_label="Render as a draft"
                        on_rendered=Callback::new({
                            let navigate = navigate.clone();
                            move |id: String| navigate(&format!("/admin/lessons/{id}"), Default::default())
                        }) />
                </Show>
            </details>
        </section>
    }
}

/// On a lesson written as a script: its render's progress, why it failed, render again, or
/// edit the script and render a new version. Asks for the lesson again while a render runs.
#[component]
pub fn ScriptRender(lesson: RwSignal<StudioLesson>) -> impl IntoView {
    let again = Action::new(|id: &String| render_lesson(id.clone()));
    let refresh = Action::new(|id: &String| get_studio_lesson(id.clone()));
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
                .is_some_and(|r| r.status == "queued" || r.status == "running")
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
    let rendered = Callback::new(move |id: String| {
        refresh.dispatch(id);
    });
    move || {
        let l = lesson.get();
        let script = l.script.clone()?;
        let id = l.id.clone();
        let state = l.render.clone().map(|r| match r.status.as_str() {
            "queued" if r.error.is_some() => view! {
                <p class="form-error" role="alert">{format!("The last render failed: {}. It is tried again in a minute.", r.error.unwrap_or_default())}</p>
                <button type="button" class="btn btn-primary" disabled=move || again.pending().get()
                    on:click={
                        let id = id.clone();
                        move |_| { again.dispatch(id.clone()); }
                    }>"Render again now"</button>
            }.into_any(),
            "queued" | "running" => {
                let pct = (r.progress * 100.0).round();
                view! {
                    <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=format!("{pct:.0}") aria-label="Rendering the video">
                        <span style=format!("width: {:.1}%", pct.max(3.0))></span>
                    </div>
                    <p class="muted" role="status">{if r.status == "queued" { "Waiting for a render worker…".to_owned() } else { format!("Rendering the video… {pct:.0} %") }}</p>
                }.into_any()
            }
            "failed" => view! {
                <p class="form-error" role="alert">{format!("The render failed: {}", r.error.unwrap_or_else(|| "no reason given".into()))}</p>
                <button type="button" class="btn btn-primary" disabled=move || again.pending().get()
                    on:click=move |_| { again.dispatch(id.clone()); }>"Render again"</button>
            }.into_any(),
            _ => view! { <p class="notice notice-ok" role="status">"Rendered from the script: review the video, then publish."</p> }.into_any(),
        });
        Some(view! {
            <section class="card" id="script-render">
                <h2 class="card-title">"Video from the script"</h2>
                {state}
                <details class="script-open">
                    <summary>"Edit the script"</summary>
                    <ScriptBox initial=script lesson_id=Some(l.id.clone()) render_label="Render this version" on_rendered=rendered />
                </details>
            </section>
        })
    }
}
