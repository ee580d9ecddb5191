use crate::components::icons::Icon;
use crate::components::sign_off::SignOff;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// Instructor mode: the cohorts a mentor looks after.
#[component]
pub fn InstructorPage() -> impl IntoView {
    view! {
        <Title text="Instructor" />
        <header class="page-header"><h1>"Instructor"</h1></header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match super::signed_in().await {
                    Ok(me) if matches!(me.role, Role::Mentor | Role::Admin) => {
                        let mentored: Vec<_> = me.cohorts.into_iter().filter(|c| c.role == Role::Mentor).collect();
                        if mentored.is_empty() {
                            view! {
                                <EmptyState title="No cohorts yet".to_owned() icon=Icon::Instructor>
                                    <p>"You are not mentoring a cohort yet. An admin adds you to one."</p>
                                </EmptyState>
                            }.into_any()
                        } else {
                            view! {
                                <section class="card">
                                    <h2 class="card-title">"Your cohorts"</h2>
                                    <ul class="list">
                                        {mentored.into_iter().map(|c| view! {
                                            <li class="list-row">
                                                <div>
                                                    <p class="list-title">{c.name}</p>
                                                    <p class="muted">{format!("{} · {}", c.standard, c.standard_title)}</p>
                                                </div>
                                                <span class="chip">
                                                    {match c.learners { 1 => "1 apprentice".to_owned(), n => format!("{n} apprentices") }}
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                {(me.role == Role::Mentor).then(|| view! { <SignOff /> })}
                            }.into_any()
                        }
                    }
                    Ok(_) => view! {
                        <EmptyState title="Instructor mode is for mentors".to_owned() icon=Icon::Instructor>
                            <p>"Ask your training provider if you should have mentor access."</p>
                        </EmptyState>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
