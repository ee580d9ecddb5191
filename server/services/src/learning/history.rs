//! Mastery history for the whole programme: each closed day's mastery per KSB is written to
//! `mastery_days` as the engine closes it (the engine state keeps only a recent window), so
//! Progress, the mentor's drilldown, the portfolio and progress reviews read a 30-month record
//! without replaying the log. Learners from before the table get theirs once, at start.

use super::engine_state::history_of;
use super::Learner;
use crate::db::Db;
use crate::store::mastery_days::{self, StoredDay};
use crate::store::users;
use chrono::{Datelike, NaiveDate};
use flowline_core::domain::competency::overall;
use flowline_core::domain::engine::EngineState;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::HistoryPoint;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::ops::Bound;

/// One closed day as stored: the KSBs in the learner's order for the overall figure.
fn stored(
    learner: &Learner,
    day: NaiveDate,
    values: &BTreeMap<String, f64>,
    active: bool,
) -> StoredDay {
    let ordered: Vec<f64> = learner
        .ksbs
        .iter()
        .map(|k| values.get(&k.info.id).copied().unwrap_or(0.0))
        .collect();
    StoredDay {
        day: day.to_string(),
        overall: overall(&ordered),
        ksbs: serde_json::to_string(values).unwrap_or_else(|_| "{}".to_owned()),
        active: i64::from(active),
    }
}

/// Writes the days `state` closed after `after` (all it holds when None), inside the
/// caller's transaction.
pub(crate) async fn keep_closed(
    conn: &mut AnyConnection,
    learner: &Learner,
    state: &EngineState,
    after: Option<NaiveDate>,
) -> Result<(), AppError> {
    let from = after.map_or(Bound::Unbounded, Bound::Excluded);
    for (day, values) in state.closed.range((from, Bound::Unbounded)) {
        let active = state.active_recent.contains(day);
        mastery_days::put(
            &mut *conn,
            &learner.id,
            &stored(learner, *day, values, active),
        )
        .await?;
    }
    Ok(())
}

/// Writes the whole history of learners who have a kept state but no stored day (their
/// learning predates the table). Run at start; returns how many learners.
pub async fn backfill(db: &Db, now: i64) -> Result<usize, AppError> {
    let learners = {
        let mut conn = db.pool.acquire().await?;
        mastery_days::learners_without(&mut conn).await?
    };
    let mut done = 0;
    for id in &learners {
        let mut tx = db.begin_write().await?;
        let Some(user) = users::find_by_id(&mut tx, id.as_str()).await? else {
            continue;
        };
        users::lock(&mut tx, &user.id).await?;
        let Some(learner) = super::load(&mut tx, &user).await? else {
            continue;
        };
        let history = history_of(&mut tx, &learner).await?;
        for (day, values) in &history.closed {
            let row = stored(&learner, *day, values, history.active.contains(day));
            mastery_days::put(&mut tx, &learner.id, &row).await?;
        }
        mastery_days::mark_backfilled(&mut tx, &learner.id, now).await?;
        tx.commit().await?;
        done += 1;
    }
    if done > 0 {
        tracing::info!(
            learners = done,
            "mastery history written for earlier learning"
        );
    }
    Ok(done)
}

/// The chart's points before `first_daily` (the first day of the daily window): one per
/// week, the last stored day of each ISO week, active when any day of it was.
pub async fn weekly_before(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    first_daily: NaiveDate,
) -> Result<Vec<HistoryPoint>, AppError> {
    let rows = mastery_days::overall_before(conn, learner_id, &first_daily.to_string()).await?;
    let mut weeks: BTreeMap<(i32, u32), HistoryPoint> = BTreeMap::new();
    for (day, mastery, active) in rows {
        let Ok(date) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else {
            continue;
        };
        let week = date.iso_week();
        let was_active = weeks
            .get(&(week.year(), week.week()))
            .is_some_and(|p| p.active);
        weeks.insert(
            (week.year(), week.week()),
            HistoryPoint {
                date: day,
                mastery: super::round1(mastery),
                active: was_active || active != 0,
            },
        );
    }
    Ok(weeks.into_values().collect())
}
