use crate::components::icons::Icon;
use crate::components::instructor::CohortBoardView;
use crate::components::sign_off::SignOff;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::rpc::mentor::{cohort_board, instructor_home};
use flowline_core::domain::CohortId;
use flowline_core::domain::Role;
use flowline_core::model::{CohortBoard, CohortSummary, InstructorStart};
use leptos::prelude::*;
use leptos_meta::Title;

/// Instructor mode: in seconds, which apprentices need the mentor today; then sign off what
/// they watched. Admins see every cohort (without signing off).
#[component]
pub fn InstructorPage() -> impl IntoView {
    // One server fn for the page: several server fns awaited in one resource lost their
    // context on the server now and then, and the page failed to hydrate.
    let home = Resource::new(|| (), |_| instructor_home());
    view! {
        <Title text="Instructor" />
        <header class="page-header page-header-row">
            <h1>"Instructor"</h1>
            <a class="btn btn-small" href="/instructor/inbox">"Questions inbox"</a>
        </header>
        <crate::components::push_prompt::PushPrompt why="Be told at once when one of your apprentices asks a safety question, even with Flowline closed." />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let me = super::signed_in().await;
                match (me, home.await) {
                    (Err(e), _) => view! { <ErrorPanel error=e /> }.into_any(),
                    (Ok(me), _) if !matches!(me.role, Role::Mentor | Role::Admin) => view! {
                        <EmptyState title="Instructor mode is for mentors".to_owned() icon=Icon::Instructor>
                            <p>"Ask your training provider if you should have mentor access."</p>
                        </EmptyState>
                    }.into_any(),
                    (Ok(_), Err(e)) => view! { <ErrorPanel error=e /> }.into_any(),
                    (Ok(_), Ok(h)) if h.cohorts.is_empty() => view! {
                        <EmptyState title="No cohorts yet".to_owned() icon=Icon::Instructor>
                            <p>"You are not mentoring a cohort yet. An admin adds you to one."</p>
                        </EmptyState>
                    }.into_any(),
                    // (An empty Option after the board broke hydration: two branches instead.)
                    (Ok(_), Ok(InstructorStart { cohorts, board, sign_off: Some(form) })) => view! {
                        <Cohorts list=cohorts first=board />
                        <SignOff form=Ok(form) />
                    }.into_any(),
                    (Ok(_), Ok(InstructorStart { cohorts, board, sign_off: None })) => view! { <Cohorts list=cohorts first=board /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A switch between cohorts (when there are several) and the chosen cohort's board.
#[component]
fn Cohorts(list: Vec<CohortSummary>, first: Option<CohortBoard>) -> impl IntoView {
    let chosen = RwSignal::new(list[0].id.clone());
    let shown = RwSignal::new(first);
    let load = Action::new(|id: &CohortId| cohort_board(id.clone()));
    let problem = RwSignal::new(None::<flowline_core::error::AppError>);
    Effect::new(move |_| match load.value().get() {
        Some(Ok(b)) => {
            problem.set(None);
            shown.set(Some(b));
        }
        Some(Err(e)) => problem.set(Some(e)),
        None => {}
    });
    let several = list.len() > 1;
    view! {
        <div class="board">
            {several.then(|| view! {
                <div class="chips cohort-switch" role="group" aria-label="Cohort">
                    {list.iter().map(|c| {
                        let id = c.id.clone();
                        let on = id.clone();
                        view! {
                            <button type="button" class="filter-chip" class:on=move || chosen.get() == on
                                on:click=move |_| { chosen.set(id.clone()); load.dispatch(id.clone()); }>{c.name.clone()}</button>
                        }
                    }).collect_view()}
                </div>
            })}
            {(!several).then(|| view! {
                <p class="eyebrow board-eyebrow">{format!("{} · {}", list[0].name, match list[0].learners { 1 => "1 apprentice".to_owned(), n => format!("{n} apprentices") })}</p>
            })}
            {move || problem.get().map(|e| view! { <ErrorPanel error=e /> })}
            {move || shown.get().map(|b| view! { <CohortBoardView board=b /> })}
        </div>
    }
}
