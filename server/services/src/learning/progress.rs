//! The learner's progress: mastery per KSB, pace, the road to 80 % and the history chart.

use super::engine_state::{context, current, refs};
use super::{load, round1};
use crate::db::Db;
use crate::store::users::User;
use chrono::Days;
use flowline_core::domain::competency::fsrs6::Weights;
use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::domain::competency::{archetype, overall, pace, Day, Pace};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{EngineSnapshot, HistoryPoint, Progress};
use flowline_core::view::projection::ksb_progress;

/// Days of history returned day by day (the streak calendar and pace read them); before them
/// the history has a point a week back to the learner's first day.
pub const HISTORY_DAYS: u64 = 35;
/// A KSB's trend compares now with the end of the day a week ago.
const WEEK_DAYS: usize = 7;

/// A review this long past its date has lapsed (the mentor's alert).
pub const LAPSED_AFTER_MS: i64 = 2 * 86_400_000;

/// The signed-in learner's progress.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn progress(db: &Db, user: &User, now: i64) -> Result<Progress, AppError> {
    Ok(view(db, user, now).await?.progress)
}

/// Everything known about a learner's learning today: what they see as Progress, plus what
/// their mentor needs (pace details, last activity, lapsed reviews).
#[derive(Debug, Clone)]
pub struct LearnerView {
    pub progress: Progress,
    pub pace: Pace,
    /// When the learner last did anything (the device's clock).
    pub last_active_ms: Option<i64>,
    /// Reviews more than [`LAPSED_AFTER_MS`] past their date.
    pub lapsed_reviews: u32,
    /// Mastery day by day over the last [`HISTORY_DAYS`], ending today, each KSB counted up
    /// to 80 % only: the Gateway forecast's pace (gains past 80 close no gap).
    pub capped_days: Vec<Day>,
    /// The learner as loaded for it (enrolment, time zone, KSBs), for callers that need more.
    pub learner: super::Learner,
}

/// A learner's [`LearnerView`] at `now`.
pub async fn view(db: &Db, user: &User, now: i64) -> Result<LearnerView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = load(&mut conn, user).await?.ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            "You are not in a cohort yet: progress starts once your training provider adds you.",
        )
    })?;
    let state = current(&mut conn, &learner).await?;
    let engine_ksbs = super::milestones::engine_ksbs(&learner, &state);
    let today = state.today(now, learner.tz);
    let streak = state.streak(today);
    let badges = super::milestones::of(&mut conn, &learner, &engine_ksbs, &streak, now).await?;
    drop(conn);
    let params = learner.params();
    let refs = refs(&learner);
    let ctx = context(&learner, &refs);

    // The daily series: each day at its end, today at "now". A device clock a little ahead
    // (accepted within the skew) must not hide an answer until its time comes: "now" is never
    // before the latest evidence, as in the stored state.
    let days: Vec<chrono::NaiveDate> = (0..HISTORY_DAYS)
        .rev()
        .filter_map(|back| today.checked_sub_days(Days::new(back)))
        .collect();
    let latest = state.cursor.as_ref().map_or(now, |c| c.at_ms.max(now));
    let series = state.series(&days, today, latest, &ctx);
    let history: Vec<Day> = days
        .iter()
        .zip(&series)
        .map(|(d, ms)| Day {
            date: *d,
            mastery: overall(ms),
            active: state.active_recent.contains(d),
        })
        .collect();
    let capped_days: Vec<Day> = history
        .iter()
        .zip(&series)
        .map(|(d, ms)| Day {
            mastery: ms
                .iter()
                .map(|m| m.min(flowline_core::domain::readiness::READY_MASTERY))
                .sum::<f64>()
                / ms.len().max(1) as f64,
            ..*d
        })
        .collect();
    let p = pace(&history);
    let lapsed_reviews = state
        .competency
        .values()
        .filter_map(|s| s.next_review_ms())
        .filter(|at| *at < now - LAPSED_AFTER_MS)
        .count()
        .try_into()
        .unwrap_or(u32::MAX);
    // Before the daily window: the stored record, a point a week, back to the first day.
    let earlier = match days.first() {
        Some(first) => {
            let mut conn = db.pool.acquire().await?;
            super::history::weekly_before(&mut conn, &learner.id, *first).await?
        }
        None => Vec::new(),
    };
    let now_masteries = series.last().cloned().unwrap_or_default();
    let week_ago = series
        .len()
        .checked_sub(WEEK_DAYS + 1)
        .and_then(|i| series.get(i))
        .cloned()
        .unwrap_or_default();

    let ksbs = learner
        .ksbs
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let s = state
                .competency
                .get(&k.info.id)
                .cloned()
                .unwrap_or_default();
            let m = now_masteries.get(i).copied().unwrap_or(0.0);
            let before = week_ago.get(i).copied().unwrap_or(0.0);
            ksb_progress(
                &k.info.code,
                k.info.kind,
                &k.text,
                &s,
                m,
                (m - before) / 7.0,
                now,
                params,
            )
        })
        .collect();
    let progress = Progress {
        standard: learner.enrolment.reference.clone(),
        standard_title: learner.enrolment.standard_title.clone(),
        illustrative: learner.illustrative(),
        streak,
        overall: round1(overall(&now_masteries)),
        ksbs,
        velocity: round1(p.velocity),
        acceleration: round1(p.acceleration),
        predicted_ready_date: p.predicted_ready.map(|d| d.to_string()),
        confidence: p.confidence,
        churn_risk: p.churn_risk,
        archetype: archetype(&history, &p, &now_masteries),
        history: earlier
            .into_iter()
            .chain(history.iter().map(|d| HistoryPoint {
                date: d.date.to_string(),
                mastery: round1(d.mastery),
                active: d.active,
            }))
            .collect(),
        engine: EngineSnapshot {
            format: flowline_core::model::offline::ENGINE_FORMAT,
            as_of_ms: now,
            timezone: learner.tz.name().to_owned(),
            desired_retention: params.desired_retention,
            weights: if params.weights == Weights::default() {
                Vec::new()
            } else {
                params.weights.0.to_vec()
            },
            knowledge: (params.knowledge != Bkt::default()).then_some(params.knowledge),
            ksbs: engine_ksbs,
            active_days: state
                .active_recent
                .iter()
                .map(ToString::to_string)
                .collect(),
            run: Some(state.run),
        },
        badges,
    };
    Ok(LearnerView {
        progress,
        pace: p,
        last_active_ms: state.last_active_ms(),
        lapsed_reviews,
        capped_days,
        learner,
    })
}
