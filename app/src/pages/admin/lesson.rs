use super::AdminTabs;
use crate::components::instructor::when::local;
use crate::components::studio::{
    KsbMapping, LessonDraft, LessonMedia, QuestionsEditor, ScriptRender,
};
use crate::components::{ErrorPanel, Loading};
use crate::rpc::studio::{get_studio_lesson, publish_lesson, save_lesson};
use flowline_core::domain::LessonId;
use flowline_core::model::studio::LessonStatus;
use flowline_core::model::{LessonSave, StudioLesson};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The lesson editor: video, captions, text, KSB mapping, questions, publishing, versions.
#[component]
pub fn LessonEditorPage() -> impl IntoView {
    let params = use_params_map();
    let lesson = Resource::new(
        move || LessonId::from(params.read().get("id").unwrap_or_default()),
        get_studio_lesson,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(l) => view! { <Editor l=l /> }.into_any(),
                    Err(e) => view! {
                        <header class="page-header"><A href="/admin/lessons" attr:class="back">"‹ Lessons"</A><h1>"Lesson"</h1></header>
                        <ErrorPanel error=e />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(l: StudioLesson) -> impl IntoView {
    let draft = LessonDraft::new(&l);
    let choices = l.ksb_choices.clone();
    let lesson = RwSignal::new(l);
    let save =
        Action::new(move |(id, s): &(LessonId, LessonSave)| save_lesson(id.clone(), s.clone()));
    let publish = Action::new(move |(id, on): &(LessonId, bool)| publish_lesson(id.clone(), *on));
    let notice = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(l) => {
                    notice.set(Some(Ok(format!("Saved · version {}", l.version))));
                    lesson.set(l);
                }
                Err(e) => notice.set(Some(Err(e.message))),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = publish.value().get() {
            match r {
                Ok(l) => {
                    notice.set(Some(Ok(if l.status == LessonStatus::Published {
                        "Published: learners of this standard get it in their feed.".into()
                    } else {
                        "Back to draft: out of learners' feeds.".into()
                    })));
                    lesson.set(l);
                }
                Err(e) => notice.set(Some(Err(e.message))),
            }
        }
    });
    let id = move || lesson.get_untracked().id;
    let on_save = move |_| {
        notice.set(None);
        save.dispatch((id(), draft.save()));
    };
    let published = move || lesson.get().status == LessonStatus::Published;
    view! {
        <Title text=move || lesson.get().title />
        <header class="page-header">
            <A href="/admin/lessons" attr:class="back">"‹ Lessons"</A>
            <p class="eyebrow">{move || { let l = lesson.get(); format!("{} · {} · version {}", l.standard, l.slug, l.version) }}</p>
            <h1>{move || lesson.get().title}</h1>
            <p class=move || format!("chip status-chip-{}", lesson.get().status)>{move || if published() { "Published" } else { "Draft" }}</p>
            {move || lesson.get().from_file.then(|| view! { <p class="notice" role="note">"This lesson comes from a file in content/lessons: a change to that file replaces edits made here."</p> })}
        </header>
        <AdminTabs />
        <ScriptRender lesson=lesson />
        <LessonMedia lesson=lesson />
        <section class="card" aria-labelledby="details-title">
            <h2 class="card-title" id="details-title">"Details"</h2>
            <label class="field"><span>"Title"</span>
                <input type="text" prop:value=move || draft.title.get() on:input=move |ev| draft.title.set(event_target_value(&ev)) />
            </label>
            <p class="field-label">"Difficulty"</p>
            <div class="chips" role="radiogroup" aria-label="Difficulty">
                {(1..=5).map(|d| view! {
                    <button type="button" role="radio" class="filter-chip" class:on=move || draft.difficulty.get() == d
                        aria-checked=move || (draft.difficulty.get() == d).to_string()
                        on:click=move |_| draft.difficulty.set(d)>
                        {match d { 1 => "1 · foundational".to_owned(), 5 => "5 · challenge".to_owned(), n => n.to_string() }}
                    </button>
                }).collect_view()}
            </div>
            <label class="field"><span>"Transcript (what the video says)"</span>
                <textarea rows="4" prop:value=move || draft.transcript.get() on:input=move |ev| draft.transcript.set(event_target_value(&ev))></textarea>
            </label>
        </section>
        <KsbMapping draft=draft choices=choices />
        <QuestionsEditor draft=draft />
        <section class="card publish-bar">
            {move || notice.get().map(|n| match n {
                Ok(m) => view! { <p class="notice notice-ok" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="form-error" role="alert">{m}</p> }.into_any(),
            })}
            {move || { let m = lesson.get().missing; (!m.is_empty() && !published()).then(|| view! { <p class="muted">{format!("To publish, add {}.", m.join(", "))}</p> }) }}
            <div class="row-buttons">
                <button type="button" class="btn btn-primary" on:click=on_save disabled=move || save.pending().get()>"Save"</button>
                <button type="button" class="btn btn-quiet" disabled=move || publish.pending().get()
                    on:click=move |_| { notice.set(None); publish.dispatch((id(), !published())); }>
                    {move || if published() { "Unpublish" } else { "Publish" }}
                </button>
            </div>
        </section>
        <section class="card" aria-labelledby="versions-title">
            <h2 class="card-title" id="versions-title">"Versions"</h2>
            <p class="muted">"Each answer stays linked to the version, video and questions it was made on."</p>
            <ul class="list">
                {move || lesson.get().versions.into_iter().map(|v| view! {
                    <li class="list-row">
                        <div>
                            <p class="list-title">{format!("Version {}{}", v.version, if v.current { " · current" } else { "" })}</p>
                            <p class="muted">{format!("{} question{} · {} interaction{}{}{}",
                                v.questions, if v.questions == 1 { "" } else { "s" },
                                v.interactions, if v.interactions == 1 { "" } else { "s" },
                                if v.has_video { "" } else { " · no video" },
                                v.superseded_at.map(|at| format!(" · replaced {}", local(&at, "Europe/London"))).unwrap_or_default())}</p>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
