//! The cohort board: who needs the mentor today (worst first), with sort and filter, and the
//! alerts above it.

use super::when::{days_ago, signed};
use flowline_core::domain::cohort_status::Status;
use flowline_core::model::{Alert, AlertKind, CohortBoard, LearnerRow};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Status,
    Name,
    Mastery,
    Active,
}

fn sorted(mut rows: Vec<LearnerRow>, sort: Sort, only: Option<Status>) -> Vec<LearnerRow> {
    rows.retain(|r| only.is_none_or(|s| r.status == s));
    match sort {
        Sort::Status => rows.sort_by(|a, b| a.status.cmp(&b.status).then(a.name.cmp(&b.name))),
        Sort::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        Sort::Mastery => rows.sort_by(|a, b| b.overall.total_cmp(&a.overall)),
        Sort::Active => rows.sort_by_key(|r| r.days_since_active.unwrap_or(u32::MAX)),
    }
    rows
}

fn alert_text(a: &Alert) -> &'static str {
    match a.kind {
        AlertKind::Stalled => "Stalled",
        AlertKind::LapsedReviews => "Reviews lapsed",
        AlertKind::AskedForHelp => "Asked for help",
        AlertKind::TrainingToApprove => "To approve",
        AlertKind::ProgressReview => "Progress review",
        AlertKind::EvidenceToReview => "Evidence to review",
        AlertKind::Gateway => "Gateway",
    }
}

#[component]
fn Row(r: LearnerRow) -> impl IntoView {
    let href = format!("/instructor/learners/{}", r.id);
    let status = r.status;
    let facts = format!(
        "{}-day streak · {} pts/day · {}",
        r.streak,
        signed(r.velocity),
        days_ago(r.days_since_active)
    );
    view! {
        <li>
            <A href=href attr:class=format!("learner-row status-{}", status.as_str())>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="learner-main">
                    <span class="learner-line">
                        <span class="list-title">{r.name.clone()}</span>
                        <span class="learner-pct">{format!("{:.0} %", r.overall)}</span>
                    </span>
                    <span class="learner-reason">
                        <span class="status-label">{status.label()}</span>
                        {(r.reason != status.label()).then(|| format!(" · {}", r.reason))}
                    </span>
                    {r.churn_reason.clone().map(|why| view! {
                        <span class=format!("churn churn-{}", churn_word(r.churn_risk))>{format!("Churn risk {}: {why}", churn_word(r.churn_risk))}</span>
                    })}
                    <span class="muted learner-facts">{facts}</span>
                </span>
            </A>
        </li>
    }
}

/// "high", "medium" or "low".
pub fn churn_word(risk: flowline_core::domain::competency::ChurnRisk) -> &'static str {
    use flowline_core::domain::competency::ChurnRisk;
    match risk {
        ChurnRisk::High => "high",
        ChurnRisk::Medium => "medium",
        ChurnRisk::Low => "low",
    }
}

/// The board of one cohort.
#[component]
pub fn CohortBoardView(board: CohortBoard) -> impl IntoView {
    let sort = RwSignal::new(Sort::Status);
    let only = RwSignal::new(None::<Status>);
    let count = |s: Status| board.learners.iter().filter(|r| r.status == s).count();
    let (red, amber, green) = (
        count(Status::Red),
        count(Status::Amber),
        count(Status::Green),
    );
    let rows = StoredValue::new(board.learners.clone());
    let alerts = board.alerts.clone();
    let filter_chip = move |label: String, value: Option<Status>| {
        view! {
            <button type="button" class="filter-chip" class:on=move || only.get() == value
                aria-pressed=move || (only.get() == value).to_string()
                on:click=move |_| only.set(value)>{label}</button>
        }
    };
    let sort_chip = move |label: &'static str, value: Sort| {
        view! {
            <button type="button" class="filter-chip" class:on=move || sort.get() == value
                aria-pressed=move || (sort.get() == value).to_string()
                on:click=move |_| sort.set(value)>{label}</button>
        }
    };
    view! {
        <section class="card board-summary" aria-label="Cohort at a glance">
            <div class="glance status-red"><span class="glance-n">{red}</span><span class="glance-l">"Need you"</span></div>
            <div class="glance status-amber"><span class="glance-n">{amber}</span><span class="glance-l">"Behind"</span></div>
            <div class="glance status-green"><span class="glance-n">{green}</span><span class="glance-l">"On track"</span></div>
        </section>
        {(!alerts.is_empty()).then(|| view! {
            <section class="card alerts" aria-label="Alerts">
                <h2 class="card-title">"Alerts"</h2>
                <ul class="list">
                    {alerts.into_iter().map(|a| view! {
                        <li class="list-row alert-row">
                            <A href=match a.kind { AlertKind::AskedForHelp => "/instructor/inbox".to_owned(), _ => format!("/instructor/learners/{}", a.learner_id) } attr:class="alert-link">
                                <span class=format!("alert-kind alert-{}", match a.kind { AlertKind::Stalled => "stalled", AlertKind::LapsedReviews => "lapsed", AlertKind::AskedForHelp => "help", AlertKind::TrainingToApprove => "approve", AlertKind::ProgressReview => "progress-review", AlertKind::EvidenceToReview => "evidence", AlertKind::Gateway => "gateway" })>{alert_text(&a)}</span>
                                <span class="list-title">{a.learner_name.clone()}</span>
                                <span class="muted">{a.message.clone()}</span>
                            </A>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card">
            <h2 class="card-title">
                "Apprentices"
                <span class="muted">{format!(" · cohort average {:.0} %, {} pts/day", board.mean_overall, signed(board.median_velocity))}</span>
            </h2>
            <div class="chips board-controls" role="group" aria-label="Show">
                {filter_chip(format!("All {}", red + amber + green), None)}
                {filter_chip(format!("Red {red}"), Some(Status::Red))}
                {filter_chip(format!("Amber {amber}"), Some(Status::Amber))}
                {filter_chip(format!("Green {green}"), Some(Status::Green))}
            </div>
            <div class="chips board-controls" role="group" aria-label="Sort by">
                {sort_chip("Needs you first", Sort::Status)}
                {sort_chip("Mastery", Sort::Mastery)}
                {sort_chip("Last active", Sort::Active)}
                {sort_chip("Name", Sort::Name)}
            </div>
            <ul class="list learner-list">
                {move || {
                    let shown = sorted(rows.get_value(), sort.get(), only.get());
                    if shown.is_empty() {
                        view! { <li class="list-row muted">"Nobody here right now."</li> }.into_any()
                    } else {
                        shown.into_iter().map(|r| view! { <Row r=r /> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}
