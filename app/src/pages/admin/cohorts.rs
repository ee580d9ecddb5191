use super::AdminTabs;
use crate::api::admin::{
    add_cohort_member, admin_cohort, admin_cohorts, admin_users, create_cohort, update_cohort,
};
use crate::components::{ErrorPanel, Loading};
use crate::domain::Role;
use crate::model::{CohortUpdate, MemberIn, NewCohortIn, UserOut};
use leptos::prelude::*;
use leptos_meta::Title;

/// Cohorts: create one on a standard, add learners and mentors, set the desired retention.
#[component]
pub fn CohortsPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let cohorts = Resource::new(move || changed.get(), |_| admin_cohorts());
    let users = Resource::new(|| (), |_| admin_users());
    view! {
        <Title text="Cohorts" />
        <header class="page-header"><h1>"Cohorts"</h1></header>
        <AdminTabs />
        <NewCohort changed=changed />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (cohorts.await, users.await) {
                    (Ok(list), Ok(people)) => {
                        let people = StoredValue::new(people);
                        list.into_iter().map(|c| view! { <Cohort id=c.id.clone() people=people /> }).collect_view().into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Cohort(id: String, people: StoredValue<Vec<UserOut>>) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let cohort_id = id.clone();
    let detail = Resource::new(
        move || (cohort_id.clone(), changed.get()),
        |(id, _)| admin_cohort(id),
    );
    let email = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add =
        Action::new(move |(id, m): &(String, MemberIn)| add_cohort_member(id.clone(), m.clone()));
    let retention = Action::new(move |(id, r): &(String, f64)| {
        update_cohort(
            id.clone(),
            CohortUpdate {
                desired_retention: *r,
            },
        )
    });
    Effect::new(move |_| {
        for r in [add.value().get(), retention.value().get()]
            .into_iter()
            .flatten()
        {
            match r {
                Ok(_) => {
                    problem.set(None);
                    email.set(String::new());
                    changed.update(|n| *n += 1);
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
                "{} is {} account; cohorts have apprentices and mentors.",
                u.display_name,
                u.role.label().to_lowercase()
            ))),
            None => problem.set(Some(
                "No account has that e-mail. Add the person first.".into(),
            )),
        }
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(c) => {
                        let id = c.id.clone();
                        let r = RwSignal::new(c.desired_retention);
                        view! {
                            <section class="card cohort-card">
                                <h2 class="card-title">{c.name.clone()}<span class="muted">{format!(" · {} · {}", c.standard, c.standard_title)}</span></h2>
                                <ul class="list">
                                    {c.members.into_iter().map(|m| view! {
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
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <form class="form inline-form add-member" on:submit=on_add>
            <label class="field"><span>"Add by e-mail"</span>
                <input type="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="btn btn-quiet">"Add to cohort"</button>
            {move || problem.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        </form>
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
