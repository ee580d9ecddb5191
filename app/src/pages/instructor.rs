use crate::api::mentor::{cohort_board, mentor_cohorts};
use crate::components::icons::Icon;
use crate::components::instructor::CohortBoardView;
use crate::components::sign_off::SignOff;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::domain::Role;
use crate::model::CohortSummary;
use leptos::prelude::*;
use leptos_meta::Title;

/// Instructor mode: in seconds, which apprentices need the mentor today; then sign off what
/// they watched. Admins see every cohort (without signing off).
#[component]
pub fn InstructorPage() -> impl IntoView {
    let cohorts = Resource::new(|| (), |_| mentor_cohorts());
    view! {
        <Title text="Instructor" />
        <header class="page-header"><h1>"Instructor"</h1></header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let me = super::signed_in().await;
                match (me, cohorts.await) {
                    (Err(e), _) => view! { <ErrorPanel error=e /> }.into_any(),
                    (Ok(me), _) if !matches!(me.role, Role::Mentor | Role::Admin) => view! {
                        <EmptyState title="Instructor mode is for mentors".to_owned() icon=Icon::Instructor>
                            <p>"Ask your training provider if you should have mentor access."</p>
                        </EmptyState>
                    }.into_any(),
                    (Ok(_), Err(e)) => view! { <ErrorPanel error=e /> }.into_any(),
                    (Ok(_), Ok(list)) if list.is_empty() => view! {
                        <EmptyState title="No cohorts yet".to_owned() icon=Icon::Instructor>
                            <p>"You are not mentoring a cohort yet. An admin adds you to one."</p>
                        </EmptyState>
                    }.into_any(),
                    (Ok(me), Ok(list)) => view! {
                        <Cohorts list=list />
                        {(me.role == Role::Mentor).then(|| view! { <SignOff /> })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A switch between cohorts (when there are several) and the chosen cohort's board.
#[component]
fn Cohorts(list: Vec<CohortSummary>) -> impl IntoView {
    let chosen = RwSignal::new(list[0].id.clone());
    let board = Resource::new(move || chosen.get(), cohort_board);
    let several = list.len() > 1;
    view! {
        {several.then(|| view! {
            <div class="chips cohort-switch" role="group" aria-label="Cohort">
                {list.iter().map(|c| {
                    let id = c.id.clone();
                    let on = id.clone();
                    view! {
                        <button type="button" class="filter-chip" class:on=move || chosen.get() == on
                            on:click=move |_| chosen.set(id.clone())>{c.name.clone()}</button>
                    }
                }).collect_view()}
            </div>
        })}
        {(!several).then(|| view! {
            <p class="eyebrow board-eyebrow">{format!("{} · {}", list[0].name, match list[0].learners { 1 => "1 apprentice".to_owned(), n => format!("{n} apprentices") })}</p>
        })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(b) => view! { <CohortBoardView board=b /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
