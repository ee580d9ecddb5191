//! The provider's programme view (`/admin/programme`): every apprentice against their own
//! plan — the light, the Gateway forecast against the planned end, off-the-job hours against
//! plan, evidence coverage and the risk of withdrawal — with filters, a chart of mastery
//! against the plan, and the CSV (with the ILR's off-the-job fields).

use super::AdminTabs;
use crate::components::instructor::when::long_date;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::admin_programme;
use flowline_core::domain::cohort_status::{Status, GOAL};
use flowline_core::domain::CohortId;
use flowline_core::model::{ProgrammeRow, ProgrammeView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Which apprentices the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Light(Status),
    AtRisk,
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let cohort = RwSignal::new(None::<CohortId>);
    let view_of = Resource::new(move || cohort.get(), admin_programme);
    let show = RwSignal::new(Show::All);
    let search = RwSignal::new(String::new());
    let csv = move || match cohort.get() {
        Some(c) => format!("/api/v1/admin/programme.csv?cohort={c}"),
        None => "/api/v1/admin/programme.csv".to_owned(),
    };
    view! {
        <Title text="Programme · Admin" />
        <header class="page-header"><h1>"Programme"</h1>
            <p class="muted">"Every apprentice against their own plan: where they should be by today for their planned end date."</p>
        </header>
        <AdminTabs />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match view_of.await {
                    Ok(v) => view! { <Programme v=v cohort=cohort show=show search=search csv=Signal::derive(csv) /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn shown(r: &ProgrammeRow, show: Show, search: &str) -> bool {
    let wanted = match show {
        Show::All => true,
        Show::Light(s) => r.status == s,
        Show::AtRisk => r.withdrawal_risk != "low",
    };
    wanted
        && r.name
            .to_lowercase()
            .contains(&search.trim().to_lowercase())
}

#[component]
fn Programme(
    v: ProgrammeView,
    cohort: RwSignal<Option<CohortId>>,
    show: RwSignal<Show>,
    search: RwSignal<String>,
    csv: Signal<String>,
) -> impl IntoView {
    let rows = v.rows.clone();
    let n = rows.len();
    let on_track = rows
        .iter()
        .filter(|r| r.on_track_for_end == Some(true))
        .count();
    let late = rows
        .iter()
        .filter(|r| r.on_track_for_end == Some(false))
        .count();
    let no_date = rows.iter().filter(|r| r.on_track_for_end.is_none()).count();
    let at_risk = rows.iter().filter(|r| r.withdrawal_risk != "low").count();
    let hours_behind = rows
        .iter()
        .filter(|r| r.risks.iter().any(|x| x.starts_with("Off-the-job")))
        .count();
    let chip = move |label: String, value: Show| {
        view! {
            <button type="button" class="filter-chip" class:on=move || show.get() == value
                aria-pressed=move || (show.get() == value).to_string()
                on:click=move |_| show.set(value)>{label}</button>
        }
    };
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    let chips = view! {
        <div class="chips board-controls" role="group" aria-label="Show">
            {chip(format!("All {n}"), Show::All)}
            {chip(format!("Needs you {}", count(Status::Red)), Show::Light(Status::Red))}
            {chip(format!("Behind {}", count(Status::Amber)), Show::Light(Status::Amber))}
            {chip(format!("On track {}", count(Status::Green)), Show::Light(Status::Green))}
            {chip(format!("At risk of withdrawal {at_risk}"), Show::AtRisk)}
        </div>
    };
    let selected = cohort
        .get_untracked()
        .map(|c| c.to_string())
        .unwrap_or_default();
    let list = StoredValue::new(rows.clone());
    view! {
        <section class="stats" aria-label="The programme today">
            <div class="stat"><span class="stat-value">{n}</span><span class="stat-label">"Apprentices"</span></div>
            <div class="stat"><span class="stat-value">{on_track}</span><span class="stat-label">"Gateway by their planned end"</span></div>
            <div class="stat"><span class="stat-value">{late}</span><span class="stat-label">"Gateway after their planned end"</span></div>
            <div class="stat"><span class="stat-value">{no_date}</span><span class="stat-label">"No Gateway date yet"</span></div>
            <div class="stat"><span class="stat-value">{at_risk}</span><span class="stat-label">"At risk of withdrawal"</span></div>
            <div class="stat"><span class="stat-value">{hours_behind}</span><span class="stat-label">"Off-the-job hours behind plan"</span></div>
        </section>
        <section class="card" aria-labelledby="plan-chart-title">
            <h2 class="card-title" id="plan-chart-title">"Mastery against the plan"</h2>
            <p class="muted">"Each dot is an apprentice: how far through their plan they are, and their overall mastery. The line is the plan (80 % by the planned end): below it is behind."</p>
            <PlanChart rows=rows.clone() />
        </section>
        <section class="card" aria-labelledby="programme-list-title">
            <div class="card-head">
                <h2 class="card-title" id="programme-list-title">"Apprentices"</h2>
                <a class="btn btn-small btn-outline" href=move || csv.get() download>"Download CSV"</a>
            </div>
            <div class="programme-filters">
                <label class="field"><span>"Cohort"</span>
                    <select class="select" prop:value=selected on:change=move |ev| {
                        let v = event_target_value(&ev);
                        cohort.set((!v.is_empty()).then(|| CohortId::from(v.as_str())));
                    }>
                        <option value="">"All cohorts"</option>
                        {v.cohorts.iter().map(|c| view! { <option value=c.id.to_string()>{format!("{} · {}", c.name, c.standard)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Find an apprentice"</span>
                    <input type="search" class="input" placeholder="Name" on:input=move |ev| search.set(event_target_value(&ev)) />
                </label>
            </div>
            {chips}
            <ul class="list programme-list">
                {move || {
                    let (s, q) = (show.get(), search.get());
                    let picked: Vec<ProgrammeRow> = list.with_value(|all| all.iter().filter(|r| shown(r, s, &q)).cloned().collect());
                    if picked.is_empty() {
                        view! { <li class="muted">"Nobody matches."</li> }.into_any()
                    } else {
                        picked.into_iter().map(|r| view! { <Row r=r /> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}

/// Overall mastery (y) against the share of the plan gone (x), with the plan's line.
#[component]
fn PlanChart(rows: Vec<ProgrammeRow>) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 180.0;
    const PAD: f64 = 28.0;
    // The axis runs as far through the plan as the furthest apprentice (rounded up to a
    // tenth, the whole plan at most), so a young cohort is not a cluster at the left edge.
    let span = rows
        .iter()
        .map(|r| r.plan_elapsed)
        .fold(0.0f64, f64::max)
        .max(1.0)
        .div_euclid(10.0)
        .mul_add(10.0, 10.0)
        .min(100.0);
    let x = move |pct: f64| PAD + (W - PAD - 8.0) * pct.clamp(0.0, span) / span;
    let y = |m: f64| H - PAD - (H - PAD - 8.0) * m.clamp(0.0, 100.0) / 100.0;
    let label = format!(
        "{} apprentices: overall mastery against how far through their plan they are",
        rows.len()
    );
    view! {
        <svg class="chart plan-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <line class="grid" x1=x(0.0) y1=y(0.0) x2=x(span) y2=y(0.0) />
            <line class="grid" x1=x(0.0) y1=y(0.0) x2=x(0.0) y2=y(100.0) />
            <line class="grid" x1=x(0.0) y1=y(GOAL) x2=x(span) y2=y(GOAL) />
            <line class="plan-line" x1=x(0.0) y1=y(0.0) x2=x(span) y2=y(GOAL * span / 100.0) />
            <text class="axis" x=x(0.0) y=H - 10.0>"start"</text>
            <text class="axis" x=x(span) y=H - 10.0 text-anchor="end">{if span >= 100.0 { "planned end".to_owned() } else { format!("{span:.0} % of the plan") }}</text>
            <text class="axis" x=4.0 y=y(GOAL) + 3.0>"80 %"</text>
            <text class="axis" x=4.0 y=y(0.0) + 3.0>"0"</text>
            {rows.into_iter().map(|r| view! {
                <circle class=format!("plan-dot dot-{}", r.status.as_str()) cx=x(r.plan_elapsed) cy=y(r.overall) r="5">
                    <title>{format!("{}: {:.0} % mastery, {:.0} % through the plan", r.name, r.overall, r.plan_elapsed)}</title>
                </circle>
            }).collect_view()}
        </svg>
    }
}

#[component]
fn Row(r: ProgrammeRow) -> impl IntoView {
    let gateway = match (&r.gateway_date, r.on_track_for_end, r.ready) {
        (_, _, true) => "Ready for the Gateway".to_owned(),
        (Some(d), Some(true), _) => {
            format!("Gateway forecast {}: by the planned end", long_date(d))
        }
        (Some(d), _, _) => format!("Gateway forecast {}: after the planned end", long_date(d)),
        (None, _, _) => r.gateway_summary.clone(),
    };
    let hours = match (r.otj_expected, r.otj_min) {
        (Some(e), Some(m)) => format!(
            "Off-the-job {:.1} h of {e:.0} h planned by today ({m} h in all)",
            r.otj_hours
        ),
        _ => format!("Off-the-job {:.1} h", r.otj_hours),
    };
    let evidence = format!(
        "{} of {} KSBs ready · {} of {} Skills and Behaviours observed · {} on quiz answers only",
        r.ksbs_ready, r.ksbs_total, r.practice_observed, r.practice_total, r.quiz_only
    );
    view! {
        <li class="list-row programme-row" data-learner=r.learner_id.to_string()>
            <div class="programme-main">
                <p class="list-title"><A href=format!("/instructor/learners/{}", r.learner_id)>{r.name.clone()}</A>
                    <span class="muted">{format!(" · {}", r.cohort)}</span></p>
                <p class=format!("status-pill status-{}", r.status.as_str())>
                    <span class="status-dot" aria-hidden="true"></span>
                    <span class="status-label">{r.status.label()}</span>
                    {(r.reason != r.status.label()).then(|| format!(" · {}", r.reason))}
                </p>
                <div class="plan-bar" role="img" aria-label=format!("{:.0} % through the plan", r.plan_elapsed)>
                    <span class="plan-bar-fill" style=format!("width: {:.1}%", r.plan_elapsed)></span>
                </div>
                <p class="muted small">{format!("Started {} · planned end {} · {:.0} % mastery", long_date(&r.started_on), long_date(&r.planned_end_on), r.overall)}</p>
                <p class="small">{gateway}</p>
                <p class="small">{hours}</p>
                <p class="small">{evidence}</p>
                {(!r.risks.is_empty()).then(|| view! {
                    <p class=format!("risk risk-{}", r.withdrawal_risk)>
                        {format!("Withdrawal risk {}: {}", r.withdrawal_risk, r.risks.join(" · "))}
                    </p>
                })}
            </div>
        </li>
    }
}
