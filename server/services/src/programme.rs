//! The provider's view of the whole programme: every apprentice of every cohort (or one
//! cohort) against their own plan — the mentor's light, the Gateway forecast against the
//! planned end, off-the-job hours against where the plan puts them by today, evidence
//! coverage, and the risk of withdrawal with its reasons — and the same as CSV with the
//! ILR's off-the-job fields. For admins (the training provider).

use crate::db::Db;
use crate::evidence::readiness;
use crate::store::cohorts;
use crate::store::users::User;
use flowline_core::domain::cohort_status::Status;
use flowline_core::domain::competency::ChurnRisk;
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::streak::local_day;
use flowline_core::domain::{CohortId, Role};
use flowline_core::error::AppError;
use flowline_core::model::{ProgrammeCohort, ProgrammeRow, ProgrammeView};
use flowline_core::view::projection::round1;

/// Off-the-job hours below this share of where the plan puts them count as a risk.
pub const HOURS_BEHIND: f64 = 0.5;
/// …once the plan expects at least this many.
pub const HOURS_WORTH_NAMING: f64 = 5.0;
/// Not having started counts as a risk of withdrawal from this many days in.
pub const NOT_STARTED_AFTER_DAYS: i64 = 7;

/// The programme, of one cohort or all.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn view(
    db: &Db,
    caller: &User,
    cohort: Option<&CohortId>,
    now: i64,
) -> Result<ProgrammeView, AppError> {
    if caller.role != Role::Admin {
        return Err(AppError::forbidden());
    }
    let all = {
        let mut conn = db.pool.acquire().await?;
        cohorts::all(&mut conn).await?
    };
    if let Some(id) = cohort {
        if !all.iter().any(|c| &c.id == id) {
            return Err(AppError::not_found("Cohort"));
        }
    }
    let mut rows: Vec<ProgrammeRow> = Vec::new();
    for c in all.iter().filter(|c| cohort.is_none_or(|id| &c.id == id)) {
        let (lit, _, _) = crate::mentor::board::rows(db, &c.id, now).await?;
        for (light, v) in lit {
            if rows.iter().any(|r| r.learner_id == light.id) {
                continue;
            }
            // Each apprentice once, in their own (first) cohort.
            if v.learner.enrolment.cohort_id != c.id {
                continue;
            }
            rows.push(row(db, c, light, v, now).await?);
        }
    }
    rows.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.risks.len().cmp(&a.risks.len()))
            .then(a.name.cmp(&b.name))
    });
    Ok(ProgrammeView {
        today: local_day(now, flowline_core::domain::Zone::default()).to_string(),
        cohorts: all
            .into_iter()
            .map(|c| ProgrammeCohort {
                id: c.id,
                name: c.name,
                standard: c.standard,
            })
            .collect(),
        rows,
    })
}

async fn row(
    db: &Db,
    c: &flowline_core::model::CohortSummary,
    light: flowline_core::model::LearnerRow,
    v: crate::learning::progress::LearnerView,
    now: i64,
) -> Result<ProgrammeRow, AppError> {
    let today = local_day(now, v.learner.tz);
    let programme = {
        let mut conn = db.pool.acquire().await?;
        crate::otj::programme(&mut conn, &v.learner, today).await?
    };
    let churn = (v.pace.churn_risk, v.pace.churn_reason());
    let user = v.learner.user.clone();
    let learn_ref = crate::otj::learn_ref(&v.learner.id);
    let (r, _) = readiness::from_view(db, &user, v, now).await?;
    let share = programme.plan.days_in as f64 / programme.plan.days_planned.max(1) as f64;
    let otj_expected = r
        .otj
        .min_hours
        .map(|m| round1(m as f64 * share.clamp(0.0, 1.0)));
    let gateway = r
        .forecast
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let on_track_for_end = if r.ready {
        Some(true)
    } else {
        gateway.map(|d| d <= programme.planned_end)
    };
    let practised = r.ksbs.iter().filter(|k| k.kind != KsbKind::Knowledge);

    let mut risks: Vec<String> = Vec::new();
    if let (ChurnRisk::Medium | ChurnRisk::High, Some(why)) = &churn {
        risks.push(capitalised(why));
    }
    // Behind the plan is a risk; not having started is one only after the first week.
    let behind = ["Behind their plan", "Too slow", "Past the planned end"]
        .iter()
        .any(|p| light.reason.starts_with(p));
    let not_started =
        light.reason.starts_with("Not started") && programme.plan.days_in >= NOT_STARTED_AFTER_DAYS;
    if light.status != Status::Green && (behind || not_started) {
        risks.push(if not_started {
            format!("Not started after {} days", programme.plan.days_in)
        } else {
            light.reason.clone()
        });
    }
    if let Some(expected) = otj_expected {
        if expected >= HOURS_WORTH_NAMING && r.otj.hours < HOURS_BEHIND * expected {
            risks.push(format!(
                "Off-the-job hours behind plan: {:.1} of {expected:.0} h by today",
                r.otj.hours
            ));
        }
    }
    if programme.plan.on_break {
        risks.push("On a break in learning".into());
    }
    if on_track_for_end == Some(false) {
        risks.push("Gateway forecast after the planned end".into());
    }
    let withdrawal_risk = if churn.0 == ChurnRisk::High || risks.len() >= 3 {
        "high"
    } else if risks.is_empty() {
        "low"
    } else {
        "medium"
    };
    Ok(ProgrammeRow {
        learner_id: light.id,
        name: light.name,
        cohort_id: c.id.clone(),
        cohort: c.name.clone(),
        standard: c.standard.clone(),
        status: light.status,
        reason: light.reason,
        started_on: programme.start.to_string(),
        planned_end_on: programme.planned_end.to_string(),
        plan_elapsed: round1((share * 100.0).clamp(0.0, 100.0)),
        overall: r.overall,
        gateway_date: r.forecast.date.clone(),
        gateway_summary: r.forecast.summary.clone(),
        ready: r.ready,
        on_track_for_end,
        otj_hours: round1(r.otj.hours),
        otj_expected,
        otj_min: r.otj.min_hours,
        ksbs_total: r.ksbs.len() as u32,
        ksbs_ready: r.ksbs.iter().filter(|k| k.ready).count() as u32,
        practice_observed: practised.clone().filter(|k| k.observations > 0).count() as u32,
        practice_total: practised.count() as u32,
        quiz_only: r.ksbs.iter().filter(|k| k.evidence == "quiz").count() as u32,
        withdrawal_risk: withdrawal_risk.into(),
        risks,
        learn_ref,
        otj_planned_hours: r.otj.min_hours,
        otj_actual_hours: r.otj.hours.floor() as i64,
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The programme as RFC 4180 CSV, one apprentice a row, with the ILR's `LearnRefNumber`,
/// `PHours` and `OTJActHours`.
pub fn csv(v: &ProgrammeView) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::internal(format!("programme CSV: {e}"));
    w.write_record([
        "Apprentice",
        "Cohort",
        "Standard",
        "Status",
        "Why",
        "Start",
        "Planned end",
        "Plan elapsed %",
        "Overall mastery %",
        "Gateway forecast",
        "Forecast",
        "On track for planned end",
        "OTJ hours",
        "OTJ hours expected by today",
        "OTJ minimum",
        "KSBs ready",
        "KSBs",
        "Skills and Behaviours observed",
        "Skills and Behaviours",
        "Quiz-only KSBs",
        "Withdrawal risk",
        "Risks",
        "LearnRefNumber",
        "PHours",
        "OTJActHours",
    ])
    .map_err(fail)?;
    let opt = |x: Option<String>| x.unwrap_or_default();
    for r in &v.rows {
        w.write_record([
            r.name.clone(),
            r.cohort.clone(),
            r.standard.clone(),
            r.status.as_str().to_owned(),
            r.reason.clone(),
            r.started_on.clone(),
            r.planned_end_on.clone(),
            format!("{:.1}", r.plan_elapsed),
            format!("{:.1}", r.overall),
            opt(r.gateway_date.clone()),
            r.gateway_summary.clone(),
            opt(r
                .on_track_for_end
                .map(|b| if b { "yes" } else { "no" }.to_owned())),
            format!("{:.1}", r.otj_hours),
            opt(r.otj_expected.map(|h| format!("{h:.1}"))),
            opt(r.otj_min.map(|h| h.to_string())),
            r.ksbs_ready.to_string(),
            r.ksbs_total.to_string(),
            r.practice_observed.to_string(),
            r.practice_total.to_string(),
            r.quiz_only.to_string(),
            r.withdrawal_risk.clone(),
            r.risks.join("; "),
            r.learn_ref.clone(),
            opt(r.otj_planned_hours.map(|h| h.to_string())),
            r.otj_actual_hours.to_string(),
        ])
        .map_err(fail)?;
    }
    String::from_utf8(
        w.into_inner()
            .map_err(|e| AppError::internal(e.to_string()))?,
    )
    .map_err(|e| AppError::internal(e.to_string()))
}
