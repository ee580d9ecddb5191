//! The line manager's home: their apprentices, each with mastery, off-the-job hours against
//! the standard's minimum, the Behaviours confirmed so far and whether readiness for the
//! Gateway is confirmed. One tap opens an apprentice's readiness, where they confirm.

use crate::components::icons::Icon;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::rpc::employer::employer_home;
use flowline_core::model::EmployerApprentice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// `/employer`: my apprentices.
#[component]
pub fn EmployerPage() -> impl IntoView {
    let home = Resource::new(|| (), |_| employer_home());
    view! {
        <Title text="Apprentices" />
        <header class="page-header">
            <p class="eyebrow">"Employer"</p>
            <h1>"Your apprentices"</h1>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="No apprentices linked to you yet".to_owned() icon=Icon::Assessor>
                            <p>"Your training provider links you to the apprentices you manage. They appear here, with their progress and what is yours to confirm."</p>
                        </EmptyState>
                    }.into_any(),
                    Ok(list) => view! {
                        <section class="card">
                            <ul class="list">
                                {list.into_iter().map(|a| view! { <ApprenticeRow a=a /> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApprenticeRow(a: EmployerApprentice) -> impl IntoView {
    let hours = match a.otj_min_hours {
        Some(m) => format!("{:.0} of {m} h off the job", a.otj_hours),
        None => format!("{:.0} h off the job", a.otj_hours),
    };
    let (status, label) = if a.gateway_confirmed {
        ("green", "Gateway readiness confirmed".to_owned())
    } else if a.behaviours_confirmed < a.behaviours {
        (
            "amber",
            format!(
                "{} of {} Behaviours to confirm",
                a.behaviours - a.behaviours_confirmed,
                a.behaviours
            ),
        )
    } else {
        ("amber", "Gateway readiness to confirm".to_owned())
    };
    view! {
        <li class="list-row">
            <A href=format!("/employer/apprentices/{}", a.learner_id) attr:class="list-link">
                <p class="list-title">{a.learner_name.clone()}</p>
                <span class=format!("status-pill status-{status}")>
                    <span class="status-dot" aria-hidden="true"></span>
                    <span class="status-label">{label}</span>
                </span>
                {(!a.standard.is_empty()).then(|| view! {
                    <p class="muted">{format!("{} · {:.0} % mastery · {hours}", a.standard, a.overall)}</p>
                })}
                <p class="muted">{a.summary.clone()}</p>
            </A>
            <span class="chevron" aria-hidden="true">"›"</span>
        </li>
    }
}
