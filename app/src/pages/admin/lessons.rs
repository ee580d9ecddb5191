use super::AdminTabs;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::studio::{create_lesson, studio_lessons};
use flowline_core::model::studio::LessonStatus;
use flowline_core::model::NewLessonIn;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The studio's lesson list: filter by status or words, open one, or start a new one.
#[component]
pub fn LessonsPage() -> impl IntoView {
    let status = RwSignal::new(None::<&'static str>);
    let words = RwSignal::new(String::new());
    let lessons = Resource::new(
        move || (status.get(), words.get()),
        |(status, q)| studio_lessons(None, status.map(str::to_owned), Some(q)),
    );
    let chip = move |label: &'static str, value: Option<&'static str>| {
        view! {
            <button type="button" class="filter-chip" class:on=move || status.get() == value
                aria-pressed=move || (status.get() == value).to_string()
                on:click=move |_| status.set(value)>{label}</button>
        }
    };
    view! {
        <Title text="Lessons" />
        <header class="page-header"><h1>"Lessons"</h1></header>
        <AdminTabs />
        <NewLesson />
        <crate::components::studio::NewFromScript />
        <section class="card">
            <div class="chips" role="group" aria-label="Show">
                {chip("All", None)}{chip("Drafts", Some("draft"))}{chip("Published", Some("published"))}
            </div>
            <input type="search" class="search" placeholder="Search titles or a KSB code" aria-label="Search lessons"
                prop:value=move || words.get() on:input=move |ev| words.set(event_target_value(&ev)) />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match lessons.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">"No lessons match."</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="list">
                                {rows.into_iter().map(|r| view! {
                                    <li>
                                        <A href=format!("/admin/lessons/{}", r.id) attr:class="list-row lesson-row">
                                            <span class="lesson-row-main">
                                                <span class="list-title">{r.title.clone()}</span>
                                                <span class="muted">{format!("{} · {} · v{} · {} question{}{}", r.standard, if r.ksbs.is_empty() { "no KSBs".to_owned() } else { r.ksbs.join(", ") }, r.version, r.questions, if r.questions == 1 { "" } else { "s" }, if r.has_video { "" } else { " · no video" })}</span>
                                            </span>
                                            <span class=format!("chip status-chip-{}", r.status)>{if r.status == LessonStatus::Published { "Published" } else { "Draft" }}</span>
                                        </A>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Starts a draft and opens it in the editor.
#[component]
fn NewLesson() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let standard = RwSignal::new("ST1332".to_owned());
    let create = Action::new(move |input: &NewLessonIn| create_lesson(input.clone()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(l)) = create.value().get() {
            navigate(&format!("/admin/lessons/{}", l.id), Default::default());
        }
    });
    view! {
        <section class="card" aria-labelledby="new-lesson-title">
            <h2 class="card-title" id="new-lesson-title">"New lesson"</h2>
            <form class="form inline-form" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(NewLessonIn { standard: standard.get_untracked(), title: title.get_untracked(), difficulty: 2 });
            }>
                <label class="field"><span>"Title"</span>
                    <input type="text" required prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Standard"</span>
                    <input type="text" required prop:value=move || standard.get() on:input=move |ev| standard.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Create draft"</button>
                {move || create.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            </form>
        </section>
    }
}
