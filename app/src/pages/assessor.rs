//! The assessor's pages: the learners whose evidence is shared with them, ready first, and one
//! learner's Gateway to Completion readiness, read in half a minute. A line manager opens the
//! same readiness for their own apprentice (`/employer/apprentices/:id`), where they confirm
//! Behaviours and readiness for the Gateway.

use crate::components::confirmations::Confirmations;
use crate::components::gateway_decision::GatewayDecisionCard;
use crate::components::icons::Icon;
use crate::components::instructor::when::long_date;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::rpc::assessor::{assessor_home, learner_readiness};
use flowline_core::domain::ksb_title::short_title;
use flowline_core::model::{GatewayForecast, Readiness, SharedLearner};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};

/// `/assessor`: who is shared with me, and how ready each of them is.
#[component]
pub fn AssessorPage() -> impl IntoView {
    let home = Resource::new(|| (), |_| assessor_home());
    view! {
        <Title text="Learners" />
        <header class="page-header">
            <p class="eyebrow">"Assessor"</p>
            <h1>"Learners shared with you"</h1>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="No portfolios shared with you yet".to_owned() icon=Icon::Assessor>
                            <p>"An apprentice or their training provider shares a portfolio with your account for a period. It appears here while the share lasts."</p>
                        </EmptyState>
                    }.into_any(),
                    Ok(list) => view! {
                        <section class="card">
                            <ul class="list">
                                {list.into_iter().map(|l| view! { <SharedRow l=l /> }).collect_view()}
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
fn SharedRow(l: SharedLearner) -> impl IntoView {
    let until = l.shared_until.get(..10).unwrap_or_default().to_owned();
    let status = if l.ready { "green" } else { "amber" };
    view! {
        <li class="list-row">
            <A href=format!("/assessor/learners/{}", l.learner_id) attr:class="list-link">
                <p class="list-title">{l.learner_name.clone()}</p>
                <p class="muted">{format!("{} · {:.0} % overall · shared until {}", l.standard, l.overall, long_date(&until))}</p>
            </A>
            <span class=format!("status-pill status-{status}")>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{l.summary.clone()}</span>
            </span>
        </li>
    }
}

/// `/assessor/learners/:id` and `/employer/apprentices/:id`: one learner's readiness.
#[component]
pub fn ReadinessPage() -> impl IntoView {
    let params = use_params_map();
    let employer = use_location()
        .pathname
        .get_untracked()
        .starts_with("/employer");
    let back = if employer {
        ("/employer", "‹ Apprentices")
    } else {
        ("/assessor", "‹ Learners")
    };
    let readiness = Resource::new(
        move || params.read().get("id").unwrap_or_default().into(),
        learner_readiness,
    );
    let id = flowline_core::domain::LearnerId::from(
        params
            .read_untracked()
            .get("id")
            .unwrap_or_default()
            .as_str(),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match readiness.await {
                    Ok(r) => view! { <ReadinessView r=r back=back employer=employer /> }.into_any(),
                    Err(e) => view! {
                        <Title text="Readiness" />
                        <header class="page-header"><A href=back.0 attr:class="back">{back.1}</A><h1>"Readiness"</h1></header>
                        <ErrorPanel error=e />
                    }.into_any(),
                }
            })}
        </Suspense>
        <crate::components::reviews::ReviewsCard learner=Some(id) />
    }
}

#[component]
fn ReadinessView(
    r: Readiness,
    back: (&'static str, &'static str),
    employer: bool,
) -> impl IntoView {
    let status = if r.ready { "green" } else { "amber" };
    let base = if employer {
        "/employer/apprentices"
    } else {
        "/assessor/learners"
    };
    let observed = r.ksbs.iter().filter(|k| k.observations > 0).count();
    let gap_lines = flowline_core::domain::readiness::grouped(&r.gaps);
    let head = r
        .chain_head
        .clone()
        .map(|h| format!("{}…", h.get(..16).unwrap_or(&h)));
    let otj_value = format!("{:.1} h", r.otj.hours);
    let otj_label = match r.otj.min_hours {
        Some(m) => format!("Off-the-job, of {m} h"),
        None => "Off-the-job hours".to_owned(),
    };
    view! {
        <Title text=format!("{} · readiness", r.learner_name) />
        <header class="page-header">
            <A href=back.0 attr:class="back">{back.1}</A>
            <p class="eyebrow">{format!("{} · {}", r.standard, r.standard_title)}</p>
            <h1>{r.learner_name.clone()}</h1>
            <p class=format!("status-pill status-{status}")>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{r.summary.clone()}</span>
            </p>
        </header>
        <section class="stats" aria-label="Summary">
            <div class="stat"><span class="stat-value">{format!("{:.0} %", r.overall)}</span><span class="stat-label">"Overall mastery"</span></div>
            <div class="stat"><span class="stat-value">{format!("{}/{}", r.ksbs.iter().filter(|k| k.ready).count(), r.ksbs.len())}</span><span class="stat-label">"KSBs ready"</span></div>
            <div class="stat"><span class="stat-value">{observed}</span><span class="stat-label">"KSBs observed"</span></div>
            <div class="stat"><span class="stat-value">{r.days_on_programme}</span><span class="stat-label">"Days on programme"</span></div>
            <div class="stat"><span class="stat-value">{otj_value}</span><span class="stat-label">{otj_label}</span></div>
        </section>
        <div class="row-actions">
            <a class="btn btn-primary btn-small" href=format!("/api/v1/learners/{}/portfolio.pdf", r.learner_id) download>"Download portfolio (PDF)"</a>
            <a class="btn btn-small btn-outline" href=format!("/api/v1/learners/{}/portfolio", r.learner_id) download>"JSON"</a>
        </div>
        {employer.then(|| view! { <Confirmations r=r.clone() confirming=true /> })}
        <section class="card">
            <h2 class="card-title">"Gaps"</h2>
            {if r.gaps.is_empty() {
                view! { <p>"None: every KSB is mastered, reviewed and, for skills and behaviours, observed."</p> }.into_any()
            } else {
                view! { <ul class="gaps">{gap_lines.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul> }.into_any()
            }}
            <dl class="facts">
                <dt>"Gateway forecast"</dt><dd>{r.forecast.summary.clone()}</dd>
                <dt>"Started"</dt><dd>{long_date(&r.started_on)}</dd>
                <dt>"Evidence"</dt><dd>{format!("{} records on a tamper-evident chain", r.evidence_count)}</dd>
                {head.map(|h| view! { <dt>"Chain head"</dt><dd><code>{h}</code></dd> })}
            </dl>
        </section>
        {(!r.ready).then(|| view! { <ForecastCard forecast=r.forecast.clone() /> })}
        {(!employer).then(|| view! { <GatewayDecisionCard r=r.clone() /> })}
        {(!employer).then(|| view! { <Confirmations r=r.clone() confirming=false /> })}
        <section class="card">
            <h2 class="card-title">"Every KSB"</h2>
            <table class="ksb-table">
                <thead><tr><th>"KSB"</th><th>"Mastery"</th><th>"Evidence"</th></tr></thead>
                <tbody>
                    {r.ksbs.iter().map(|k| view! {
                        <tr class:ready=k.ready>
                            <td><a class="ksb-link" href=format!("{base}/{}/ksbs/{}", r.learner_id, k.code)><strong>{k.code.clone()}</strong></a>" "<span class="muted">{short_title(&k.text)}</span></td>
                            <td>{format!("{:.0} %", k.mastery)}{k.review_due.then_some(" · review due")}</td>
                            <td>{match (k.answers, k.observations) {
                                (0, 0) => "none".to_owned(),
                                (a, 0) => format!("{a} answers"),
                                (0, o) => format!("{o} observed"),
                                (a, o) => format!("{a} answers, {o} observed"),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The Gateway forecast part by part: the slowest sets the date.
#[component]
fn ForecastCard(forecast: GatewayForecast) -> impl IntoView {
    view! {
        <section class="card forecast" aria-labelledby="forecast-title">
            <h2 class="card-title" id="forecast-title">"Gateway forecast"</h2>
            <p class="forecast-summary">{forecast.summary.clone()}</p>
            <ul class="forecast-parts">
                {forecast.parts.into_iter().map(|part| {
                    let (state, when) = match (&part.date, part.done) {
                        (_, true) => ("done", "Done".to_owned()),
                        (Some(d), false) => ("open", format!("{} ({} confidence)", long_date(d), part.confidence)),
                        (None, false) => ("stuck", "Not moving: no date".to_owned()),
                    };
                    view! {
                        <li class=format!("forecast-part forecast-{state}")>
                            <span class="forecast-name">{part.name}</span>
                            <span class="forecast-left">{part.left}</span>
                            <span class="forecast-when">{when}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
