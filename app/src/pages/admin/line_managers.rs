//! The People page's line-manager card: which employer account manages which apprentice (a
//! line manager sees only the apprentices linked here).

use crate::components::{ErrorPanel, Loading};
use crate::rpc::employer::{employer_links, link_employer, unlink_employer};
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::{EmployerLink, UserOut};
use leptos::prelude::*;

/// `users` is the page's list of everyone (read once for the page).
#[component]
pub fn LineManagersCard(users: Resource<Result<Vec<UserOut>, AppError>>) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let links = Resource::new(move || changed.get(), |_| employer_links());
    let link = Action::new(move |(e, l): &(String, LearnerId)| link_employer(e.clone(), l.clone()));
    let unlink =
        Action::new(move |(e, l): &(String, LearnerId)| unlink_employer(e.clone(), l.clone()));
    Effect::new(move |_| {
        if matches!(link.value().get(), Some(Ok(_))) || matches!(unlink.value().get(), Some(Ok(_)))
        {
            changed.update(|n| *n += 1);
        }
    });
    let employer = NodeRef::<leptos::html::Select>::new();
    let apprentice = NodeRef::<leptos::html::Select>::new();
    view! {
        <section class="card" aria-labelledby="line-managers-title">
            <h2 class="card-title" id="line-managers-title">"Line managers"</h2>
            <p class="muted">"An employer account sees the apprentices linked to it here: their progress, hours and evidence; it confirms their Behaviours and readiness for the Gateway."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match links.await {
                        Ok(list) => view! { <LinkList list=list unlink=unlink /> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let people = users.await.unwrap_or_default();
                    let active = |role: Role| {
                        people
                            .iter()
                            .filter(|u| u.role == role && !u.deactivated)
                            .map(|u| (u.id.clone(), format!("{} · {}", u.display_name, u.email)))
                            .collect::<Vec<_>>()
                    };
                    let (employers, learners) = (active(Role::Employer), active(Role::Learner));
                    if employers.is_empty() {
                        return view! { <p class="hint">"Add a person with the Employer role above, then link them to their apprentices here."</p> }.into_any();
                    }
                    view! {
                        <form class="form" on:submit=move |ev| {
                            ev.prevent_default();
                            let e = employer.get().map(|s| s.value()).unwrap_or_default();
                            let l = apprentice.get().map(|s| s.value()).unwrap_or_default();
                            link.dispatch((e, LearnerId::from(l.as_str())));
                        }>
                            <label class="field"><span>"Line manager"</span>
                                <select class="select" node_ref=employer>
                                    {employers.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="field"><span>"Apprentice"</span>
                                <select class="select" node_ref=apprentice>
                                    {learners.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                                </select>
                            </label>
                            <button type="submit" class="btn btn-primary" disabled=move || link.pending().get()>"Link"</button>
                            {move || link.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
                        </form>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LinkList(
    list: Vec<EmployerLink>,
    unlink: Action<(String, LearnerId), Result<Vec<EmployerLink>, AppError>>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">"No line managers linked yet."</p> }.into_any();
    }
    view! {
        <ul class="list">
            {list.into_iter().map(|l| {
                let pair = (l.employer_id.clone(), l.learner_id.clone());
                view! {
                    <li class="list-row person-row">
                        <div class="person-main">
                            <p class="list-title">{format!("{} → {}", l.employer_name, l.learner_name)}</p>
                            <p class="muted">{l.employer_email.clone()}</p>
                        </div>
                        <button type="button" class="btn btn-ghost btn-small"
                            aria-label=format!("Unlink {} from {}", l.employer_name, l.learner_name)
                            on:click=move |_| { unlink.dispatch(pair.clone()); }>"Unlink"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}
