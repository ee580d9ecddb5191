//! A lesson written as a script: the `content/lessons` format (an example to change, or the
//! lesson's own script with `?lesson=`), a preview of what the video will say, then a render
//! as a draft (or the lesson's next version); the lesson's page follows the render.

use super::AdminTabs;
use crate::components::form::live;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::studio::{get_studio_lesson, lesson_from_script, preview_script};
use flowline_core::domain::LessonId;
use flowline_core::model::{ScriptIn, ScriptPreview};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

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
    lesson_id: Option<LessonId>,
    #[prop(into)] render_label: String,
    on_rendered: Callback<LessonId>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let preview = Action::new(|t: &String| preview_script(t.clone()));
    let bring = Action::new(|input: &ScriptIn| lesson_from_script(input.clone()));
    let live = live();
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
            <button type="button" class="btn btn-ghost" disabled=move || !live.get() || preview.pending().get()
                on:click=move |_| { preview.dispatch(text.get_untracked()); }>"Preview narration"</button>
            <button type="button" class="btn btn-primary" disabled=move || !live.get() || bring.pending().get()
                on:click=move |_| { bring.dispatch(ScriptIn { script: text.get_untracked(), lesson_id: lesson_id.clone() }); }>
                {move || if bring.pending().get() { "Starting…".to_owned() } else { render_label.clone() }}
            </button>
        </div>
        {move || preview.value().get().and_then(Result::ok).map(scenes)}
    }
}

/// `/admin/script[?lesson=ID]`.
#[component]
pub fn ScriptPage() -> impl IntoView {
    let query = use_query_map();
    let lesson = Resource::new(
        move || query.with(|q| q.get("lesson").map(LessonId::from)),
        |id| async move {
            match id {
                Some(id) => get_studio_lesson(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let navigate = use_navigate();
    let rendered = Callback::new(move |id: LessonId| {
        navigate(&format!("/admin/lessons/{id}"), Default::default())
    });
    view! {
        <Title text="Lesson script" />
        <header class="page-header">
            <A href="/admin/lessons" attr:class="back">"‹ Lessons"</A>
            <h1>"Lesson script"</h1>
        </header>
        <AdminTabs />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(Some(l)) => view! {
                        <section class="card" id="script">
                            <p class="muted">{format!("{}: edit the script and render it as the lesson's next version.", l.title)}</p>
                            <ScriptBox initial=l.script.unwrap_or_default() lesson_id=Some(l.id) render_label="Render this version" on_rendered=rendered />
                        </section>
                    }.into_any(),
                    Ok(None) => view! {
                        <section class="card" id="script">
                            <p class="muted">"An example to change: the front matter says what the lesson teaches and asks; each ## scene is a headline, up to three bullets and its narration."</p>
                            <ScriptBox initial=TEMPLATE.to_owned() lesson_id=None render_label="Render as a draft" on_rendered=rendered />
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
