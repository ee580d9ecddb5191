//! A review's record, drafted from what the apprentice's record says about the period since
//! the last review (or since they started): mastery then and now, what moved, what is weakest,
//! off-the-job hours against the plan, evidence added, lapsed reviews, and what is next.

use crate::db::Db;
use crate::learning::progress;
use crate::store::users::User;
use crate::store::{reviews, standards};
use flowline_core::domain::ksb_title::short_title;
use flowline_core::domain::streak::local_day;
use flowline_core::error::AppError;
use flowline_core::model::{KsbMove, ReviewRecord};
use flowline_core::view::projection::round1;

/// How many KSBs each list shows.
const SHOWN: usize = 5;
/// Days in a month, for spreading the off-the-job minimum over the typical duration.
const MONTH_DAYS: f64 = 30.44;

/// The record of `learner` since `last` (the previous review's record and when it was
/// drafted; None: since they started, from nothing) to now. Periods meet end to end: this one
/// starts where the last one's figures ended.
pub async fn record(
    db: &Db,
    learner: &User,
    last: Option<(ReviewRecord, i64)>,
    now: i64,
) -> Result<ReviewRecord, AppError> {
    let view = progress::view(db, learner, now).await?;
    let l = &view.learner;
    let started = local_day(l.enrolment.joined_at, l.tz);
    let (from, from_ms, overall_from, before) = match last {
        Some((rec, drafted)) => (
            chrono::NaiveDate::parse_from_str(&rec.to, "%Y-%m-%d").unwrap_or(started),
            drafted,
            rec.overall_to,
            rec.ksbs_to,
        ),
        None => (started, l.enrolment.joined_at, 0.0, Default::default()),
    };
    let to = local_day(now, l.tz);
    let mut conn = db.pool.acquire().await?;
    let mut moves: Vec<KsbMove> = view
        .progress
        .ksbs
        .iter()
        .map(|k| KsbMove {
            code: k.code.clone(),
            title: short_title(&k.text).to_owned(),
            from: round1(before.get(&k.code).copied().unwrap_or(0.0)),
            to: round1(k.mastery),
        })
        .collect();
    let ksbs_to = moves.iter().map(|m| (m.code.clone(), m.to)).collect();
    let mut moved: Vec<KsbMove> = moves.iter().filter(|m| m.to > m.from).cloned().collect();
    moved.sort_by(|a, b| (b.to - b.from).total_cmp(&(a.to - a.from)));
    moved.truncate(SHOWN);
    moves.sort_by(|a, b| a.to.total_cmp(&b.to));
    moves.truncate(SHOWN);
    let otj = crate::otj::of_learner(&mut conn, l).await?;
    let months = standards::find(&mut conn, &l.enrolment.reference)
        .await?
        .and_then(|(_, _, months)| months);
    let planned = match (otj.min_hours, months) {
        (Some(min), Some(months)) if months > 0 => {
            let days = (to - started).num_days().max(0) as f64;
            Some(round1(
                (min as f64 * days / (months as f64 * MONTH_DAYS)).min(min as f64),
            ))
        }
        _ => None,
    };
    let (answers, observations, training) =
        reviews::evidence_between(&mut conn, &l.id, from_ms, now + 1).await?;
    let mut next: Vec<String> = moves
        .iter()
        .take(3)
        .map(|m| format!("{} {}: from {:.0} % to 40 % or more", m.code, m.title, m.to))
        .collect();
    if view.lapsed_reviews > 0 {
        next.push(format!(
            "Catch up the {} overdue review{} in the feed",
            view.lapsed_reviews,
            if view.lapsed_reviews == 1 { "" } else { "s" }
        ));
    }
    if let Some(p) = planned {
        if otj.hours < p {
            next.push(format!(
                "Off-the-job hours: {:.0} h behind the plan; log training done away from work",
                p - otj.hours
            ));
        }
    }
    Ok(ReviewRecord {
        from: from.to_string(),
        to: to.to_string(),
        overall_from: round1(overall_from),
        overall_to: view.progress.overall,
        moved,
        weakest: moves,
        otj_hours: round1(otj.hours),
        otj_planned: planned,
        answers: u32::try_from(answers).unwrap_or(u32::MAX),
        observations: u32::try_from(observations).unwrap_or(u32::MAX),
        training: u32::try_from(training).unwrap_or(u32::MAX),
        lapsed: view.lapsed_reviews,
        next,
        ksbs_to,
    })
}
