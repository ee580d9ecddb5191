use super::AdminTabs;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::{add_cohort_member, admin_cohorts_page, create_cohort, update_cohort};
use flowline_core::domain::CohortId;
use flowline_core::domain::Role;
use flowline_core::model::{CohortOut, CohortUpdate, MemberIn, NewCohortIn, UserOut};
use leptos::prelude::*;
use leptos_meta::Title;

/// Cohorts: create one on a standard, add learners and mentors, set the desired retention.
#[component]
pub fn CohortsPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    // One server fn for the page (see `InstructorPage`).
    let page = Resource::new(move || changed.get(), |_| admin_cohorts_page());
    view! {
        <Title text="Cohorts" />
        <header class="page-header"><h1>"Cohorts"</h1></header>
        <AdminTabs />
        <NewCohort changed=changed />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(flowline_core::model::CohortsPage { cohorts: list, people }) => {
                        let people = StoredValue::new(people);
                        list.into_iter().map(|c| view! { <Cohort c=c people=people /> }).collect_view().into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Cohort(c: CohortOut, people: StoredValue<Vec<UserOut>>) -> impl IntoView {
    let id = c.id.clone();
    let cohort = RwSignal::new(c);
    let email = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add =
        Action::new(move |(id, m): &(CohortId, MemberIn)| add_cohort_member(id.clone(), m.clone()));
    let retention = Action::new(move |(id, r): &(CohortId, f64)| {
        update_cohort(
            id.clone(),
            CohortUpdate {
                desired_retention: Some(*r),
                review_weeks: None,
            },
        )
    });
    let r = RwSignal::new(cohort.get_untracked().desired_retention);
    Effect::new(move |_| {
        for result in [add.value().get(), retention.value().get()]
            .into_iter()
            .flatten()
        {
            match result {
                Ok(c) => {
                    problem.set(None);
                    email.set(String::new());
                    cohort.set(c);
                }
                Err(e) => problem.set(Some(e.message)),
            }
        }
    });
    let add_id = id.clone();
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = email.get_untracked().trim().to_lowercase();
        match people.get_value().into_iter().find(|u| u.email == wanted) {
            Some(u) if matches!(u.role, Role::Learner | Role::Mentor) => {
                add.dispatch((
                    add_id.clone(),
                    MemberIn {
                        user_id: u.id,
                        role: u.role,
                    },
                ));
            }
            Some(u) => problem.set(Some(format!(
                "{} has a {} account; cohorts have apprentices and mentors.",
                u.display_name,
                u.role.label().to_lowercase()
            ))),
            None => problem.set(Some(
                "No account has that e-mail. Add the person first.".into(),
            )),
        }
    };
    view! {
        <section class="card cohort-card">
            <h2 class="card-title">{move || cohort.get().name}<span class="muted">{move || { let c = cohort.get(); format!(" · {} · {}", c.standard, c.standard_title) }}</span></h2>
            <ul class="list">
                {move || cohort.get().members.into_iter().map(|m| view! {
                    <li class="list-row">
                        <div><p class="list-title">{m.display_name}</p><p class="muted">{m.email}</p></div>
                        <span class="chip">{if m.role == Role::Mentor { "Mentor" } else { "Apprentice" }}</span>
                    </li>
                }).collect_view()}
            </ul>
            <div class="retention">
                <label class="field"><span>{move || format!("Desired retention: {:.0} % recall at review", r.get() * 100.0)}</span>
                    <input type="range" min="0.7" max="0.97" step="0.01" prop:value=move || r.get().to_string()
                        on:input=move |ev| if let Ok(v) = event_target_value(&ev).parse() { r.set(v) } />
                </label>
                <button type="button" class="btn btn-quiet btn-small" on:click=move |_| { retention.dispatch((id.clone(), r.get_untracked())); }>"Set"</button>
            </div>
            <form class="form inline-form add-member" on:submit=on_add>
                <label class="field"><span>"Add by e-mail"</span>
                    <input type="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="btn btn-quiet">"Add to cohort"</button>
                {move || problem.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </form>
        </section>
    }
}

#[component]
fn NewCohort(changed: RwSignal<u32>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let standard = RwSignal::new("ST1332".to_owned());
    let create = Action::new(move |input: &NewCohortIn| create_cohort(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            name.set(String::new());
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card" aria-labelledby="new-cohort-title">
            <h2 class="card-title" id="new-cohort-title">"New cohort"</h2>
            <form class="form inline-form" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(NewCohortIn { name: name.get_untracked(), standard: standard.get_untracked(), desired_retention: None });
            }>
                <label class="field"><span>"Name"</span>
                    <input type="text" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Standard"</span>
                    <input type="text" required prop:value=move || standard.get() on:input=move |ev| standard.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Create"</button>
                {move || create.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            </form>
        </section>
    }
}
