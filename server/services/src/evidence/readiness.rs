//! Gateway to Completion readiness: one service for the assessor's page, the API and (later)
//! the portfolio. Built from the learner's progress (the same numbers the learner and their
//! mentor see) and the head of their evidence chain, so every figure traces to the log.

use super::access::{self, Look};
use crate::db::Db;
use crate::learning::progress;
use crate::otj;
use crate::store::employers;
use crate::store::evidence as chain;
use crate::store::users::User;
use flowline_core::domain::forecast::{forecast, Facts};
use flowline_core::domain::readiness::{evidence_kind, gaps, gaps_of};
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::streak::local_day;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{Confirmation, ForecastPart, GatewayForecast, Readiness, ReadinessKsb};
use flowline_core::view::projection::rfc3339;

/// The readiness of `learner_id`, for a caller who may read their evidence (the look is
/// recorded for the learner to see).
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn of(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<Readiness, AppError> {
    let learner = {
        let mut conn = db.pool.acquire().await?;
        access::open(&mut conn, caller, learner_id, Look::Readiness, now).await?
    };
    summary(db, &learner, now).await
}

/// A learner's readiness at `now`.
pub async fn summary(db: &Db, learner: &User, now: i64) -> Result<Readiness, AppError> {
    Ok(with_progress(db, learner, now).await?.0)
}

/// A learner's readiness at `now`, and the progress it was read from (for the portfolio).
pub async fn with_progress(
    db: &Db,
    learner: &User,
    now: i64,
) -> Result<(Readiness, flowline_core::model::Progress), AppError> {
    let view = progress::view(db, learner, now).await?;
    from_view(db, learner, view, now).await
}

/// A learner's readiness from their progress view already read at `now` (the programme view
/// reads it once for the light and the readiness).
pub async fn from_view(
    db: &Db,
    learner: &User,
    view: progress::LearnerView,
    now: i64,
) -> Result<(Readiness, flowline_core::model::Progress), AppError> {
    let mut conn = db.pool.acquire().await?;
    let head = chain::head(&mut conn, &learner.id)
        .await?
        .filter(|h| h.seq > 0);
    let p = &view.progress;
    let mut confirmed: std::collections::HashMap<String, Confirmation> =
        employers::confirmations_of(&mut conn, &learner.learner_id())
            .await?
            .into_iter()
            .map(|c| {
                let shown = Confirmation {
                    by: c.employer_name,
                    at: rfc3339(c.confirmed_at).unwrap_or_default(),
                    note: c.note,
                };
                (c.subject, shown)
            })
            .collect();
    let ksbs: Vec<ReadinessKsb> = p
        .ksbs
        .iter()
        .map(|k| ReadinessKsb {
            code: k.code.clone(),
            kind: k.kind,
            text: k.text.clone(),
            mastery: k.mastery,
            answers: k.answers,
            observations: k.observations,
            evidence: evidence_kind(k).to_owned(),
            review_due: k.due,
            ready: gaps_of(k).is_empty(),
            confirmed: confirmed.remove(&k.code),
        })
        .collect();
    let otj = otj::of_learner(&mut conn, &view.learner).await?;
    let (joined, tz) = (view.learner.enrolment.joined_at, view.learner.tz);
    let behaviours_confirmed = ksbs
        .iter()
        .filter(|k| k.kind == KsbKind::Behaviour && k.confirmed.is_some())
        .count();
    let forecast = forecast(
        &p.ksbs,
        &Facts {
            today: local_day(now, tz),
            started: local_day(joined, tz),
            history: &view.capped_days,
            hours: (
                otj.hours,
                otj.min_hours.filter(|m| *m > 0).map(|h| h as f64),
            ),
            behaviours_confirmed,
        },
    );
    let mut gaps = gaps(&p.ksbs);
    gaps.extend(
        ksbs.iter()
            .filter(|k| k.kind == KsbKind::Behaviour && k.confirmed.is_none())
            .map(|k| format!("{}: not confirmed by the line manager", k.code)),
    );
    if otj.min_hours.is_some_and(|m| m > 0) && !otj.met {
        gaps.push(format!("Off-the-job hours: {}", otj.summary));
    }
    let ready = forecast.ready();
    let summary = if ready {
        "Ready for Gateway to Completion".to_owned()
    } else {
        match gaps.len() {
            1 => "Not yet: 1 gap".to_owned(),
            n => format!("Not yet: {n} gaps"),
        }
    };
    let shown = GatewayForecast {
        date: forecast.date.map(|d| d.to_string()),
        confidence: forecast.confidence.as_str().to_owned(),
        summary: forecast.describe(),
        parts: forecast
            .parts
            .iter()
            .map(|part| ForecastPart {
                part: part.kind.as_str().to_owned(),
                name: part.kind.label().to_owned(),
                done: part.done,
                date: part.date.map(|d| d.to_string()),
                confidence: part.confidence.as_str().to_owned(),
                left: part.left.clone(),
            })
            .collect(),
    };
    let readiness = Readiness {
        learner_id: learner.learner_id(),
        learner_name: learner.display_name.clone(),
        standard: p.standard.clone(),
        standard_title: p.standard_title.clone(),
        illustrative: p.illustrative,
        ready,
        summary,
        overall: p.overall,
        gaps,
        ksbs,
        started_on: local_day(joined, tz).to_string(),
        days_on_programme: (local_day(now, tz) - local_day(joined, tz)).num_days(),
        predicted_ready_date: if ready { None } else { shown.date.clone() },
        confidence: shown.confidence.clone(),
        forecast: shown,
        otj,
        evidence_count: head.as_ref().map_or(0, |h| h.seq),
        chain_head: head.map(|h| h.hash),
        gateway_confirmed: confirmed.remove(employers::GATEWAY),
        gateway_decision: super::gateway::latest(&mut conn, &learner.learner_id()).await?,
    };
    Ok((readiness, view.progress))
}
