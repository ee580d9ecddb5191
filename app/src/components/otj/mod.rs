//! Off-the-job hours as a card: the total against the standard's minimum, where the hours came
//! from, the training logged off Flowline with its approval, and the CSV export. The learner
//! logs training here; their mentor approves or declines it here.

mod breaks;
mod log_form;

use crate::components::instructor::when::long_date;
use crate::components::Loading;
use crate::rpc::otj::{otj_hours, DecideTraining};
use flowline_core::model::LogStatus;
use flowline_core::model::{OtjLog, OtjSummary};
use leptos::prelude::*;

/// Whose card it is: the learner's own (they log), or a mentor's look (they decide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Learner,
    Mentor,
}

#[component]
pub fn OtjCard(
    /// The learner (absent: the signed-in learner).
    #[prop(optional)]
    learner_id: Option<flowline_core::domain::LearnerId>,
    viewer: Viewer,
) -> impl IntoView {
    let decide = ServerAction::<DecideTraining>::new();
    let logged = RwSignal::new(0u32);
    let hours = Resource::new(
        move || (decide.version().get(), logged.get()),
        move |_| otj_hours(learner_id.clone()),
    );
    view! {
        <section class="card otj" id="otj-hours" aria-labelledby="otj-title">
            <h2 class="card-title" id="otj-title">"Off-the-job hours"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match hours.await {
                        Ok(s) => view! {
                            <Totals s=s.clone() />
                            <breaks::Breaks learner_id=s.learner_id.clone() breaks=s.breaks.clone()
                                mentor=viewer == Viewer::Mentor changed=logged />
                            <Logs s=s viewer=viewer decide=decide />
                        }.into_any(),
                        Err(e) => view! { <p class="muted" role="status">{format!("Hours show here when you are online ({})", e.message)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            // Outside the parts that reload when a log is added or decided: what the learner
            // typed, and the form's own confirmation, stay.
            {(viewer == Viewer::Learner).then(|| view! { <log_form::LogTraining logged=logged /> })}
        </section>
    }
}

#[component]
fn Totals(s: OtjSummary) -> impl IntoView {
    let pct = s
        .min_hours
        .filter(|m| *m > 0)
        .map_or(0.0, |m| (s.hours / m as f64 * 100.0).min(100.0));
    let band = if s.met {
        "band-mastered"
    } else {
        "band-in_progress"
    };
    let export = format!("/api/v1/learners/{}/otj/hours.csv", s.learner_id);
    let ilr = format!("/api/v1/learners/{}/otj/ilr.csv", s.learner_id);
    let src = &s.sources;
    let parts = [
        ("Lessons", src.lessons),
        ("Checks", src.checks),
        ("Observed", src.observed),
        ("Logged", src.logged),
    ];
    let pending = s.pending_hours;
    let not_counted = s.not_counted.clone();
    view! {
        <p class="otj-total"><strong>{s.summary.clone()}</strong></p>
        <div class=format!("{band} otj-bar") role="meter" aria-label="Off-the-job hours against the minimum"
            aria-valuemin="0" aria-valuemax="100" aria-valuenow=format!("{pct:.0}")>
            <div class="bar"><span style=format!("width: {pct:.1}%")></span></div>
        </div>
        <ul class="otj-sources">
            {parts.into_iter().map(|(label, h)| view! {
                <li><span class="stat-label">{label}</span><span class="otj-h">{format!("{h:.1} h")}</span></li>
            }).collect_view()}
        </ul>
        {(pending > 0.0).then(|| view! {
            <p class="muted">{format!("{pending:.1} h logged and waiting for a mentor's approval.")}</p>
        })}
        // Recorded time the server cannot vouch for, and why, so nobody wonders where it went.
        {(!not_counted.is_empty()).then(|| view! {
            <details class="otj-not-counted">
                <summary>{format!("Not counted: {:.1} h", not_counted.iter().map(|n| n.hours).sum::<f64>())}</summary>
                <ul>
                    {not_counted.into_iter().map(|n| view! {
                        <li>{format!("{:.1} h: {}", n.hours, n.reason)}</li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        <div class="otj-downloads">
            <a class="btn btn-small btn-link" href=export download>"Download hours (CSV)"</a>
            <a class="btn btn-small btn-link" href=ilr download>"For the ILR (CSV)"</a>
        </div>
    }
    .into_any()
}

#[component]
fn Logs(s: OtjSummary, viewer: Viewer, decide: ServerAction<DecideTraining>) -> impl IntoView {
    let decided_error = move || {
        decide
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message)
    };
    view! {
        <p class="form-error" role="alert" hidden=move || decided_error().is_none()>{decided_error}</p>
        {(!s.logs.is_empty()).then(|| view! {
            <h3 class="card-subtitle">"Training logged off Flowline"</h3>
            <ul class="otj-logs">
                {s.logs.into_iter().map(|l| view! { <LogRow l=l viewer=viewer decide=decide /> }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

#[component]
fn LogRow(l: OtjLog, viewer: Viewer, decide: ServerAction<DecideTraining>) -> impl IntoView {
    let status = match (l.status, &l.decided_by) {
        (LogStatus::Approved, Some(by)) => format!("Approved by {by}"),
        (LogStatus::Declined, Some(by)) => format!("Declined by {by}"),
        (LogStatus::Pending, _) => "Waiting for approval".to_owned(),
        (other, None) => other.as_str().to_owned(),
    };
    let pending = l.status == LogStatus::Pending;
    let id = l.id.clone();
    let minutes = l.minutes;
    let time = if minutes % 60 == 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{:.1} h", minutes as f64 / 60.0)
    };
    let desc = match l.ksb_codes.as_slice() {
        [] => l.description.clone(),
        codes => format!("{} ({})", l.description, codes.join(", ")),
    };
    view! {
        <li class="otj-log" class:pending=pending data-status=l.status.as_str()>
            <div class="otj-log-top">
                <span class="otj-log-what">{format!("{} · {time}", l.activity_label)}</span>
                <span class="muted">{long_date(&l.occurred_on)}</span>
            </div>
            <p class="otj-log-desc">{desc}</p>
            <p class="muted otj-log-status">{status}</p>
            {l.decline_reason.clone().map(|r| view! { <p class="otj-log-reason">{format!("Why: {r}")}</p> })}
            {(pending && viewer == Viewer::Mentor).then(|| {
                let (yes, no) = (id.clone(), id.clone());
                // Declining asks why first: the apprentice sees the reason.
                let asking = RwSignal::new(false);
                let reason = RwSignal::new(String::new());
                view! {
                    <div class="otj-decide" class:hidden=move || asking.get()>
                        <button type="button" class="btn btn-primary btn-small" disabled=move || decide.pending().get()
                            on:click=move |_| { decide.dispatch(DecideTraining { log_id: yes.clone(), approve: true, reason: None }); }>"Approve"</button>
                        <button type="button" class="btn btn-small btn-outline" disabled=move || decide.pending().get()
                            on:click=move |_| asking.set(true)>"Decline…"</button>
                    </div>
                    <Show when=move || asking.get()>
                        {
                            let no = no.clone();
                            view! {
                                <form class="form otj-decline" on:submit=move |ev| {
                                    ev.prevent_default();
                                    decide.dispatch(DecideTraining { log_id: no.clone(), approve: false, reason: Some(reason.get_untracked()) });
                                }>
                                    <label class="field"><span>"Why decline it?"</span>
                                        <textarea rows="2" maxlength="500" required placeholder="e.g. Shadowing is logged by the day: split it into the two days"
                                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                                    </label>
                                    <div class="otj-decide">
                                        <button type="submit" class="btn btn-small btn-outline" disabled=move || decide.pending().get()>"Decline"</button>
                                        <button type="button" class="btn btn-small btn-ghost" on:click=move |_| asking.set(false)>"Cancel"</button>
                                    </div>
                                </form>
                            }
                        }
                    </Show>
                }
            })}
        </li>
    }
}
