//! `flowline recompute`: replay every learner's derived state from the log and say where the
//! stored state differed (it never should; a difference means a bug or a hand edit). The kept
//! engine state, advanced batch by batch, is compared with a replay of the whole log, and so
//! are the competency and streak tables mirrored from it.

use super::engine_state::{context, derive, refs, replay};
use super::load;
use crate::db::Db;
use crate::store::{competency, engine, interactions, users};
use flowline_core::domain::competency::{Competency, KsbState};
use flowline_core::domain::engine::EngineState;
use flowline_core::error::{AppError, ErrorCode};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecomputeReport {
    pub learners: usize,
    /// Learners in the log who are not (or no longer) in a cohort: left as they are.
    pub skipped: usize,
    /// Human-readable differences found, e.g. "sam@x: K3 knowledge 0.52 → 0.61".
    pub differences: Vec<String>,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same(a: &KsbState, b: &KsbState) -> bool {
    let memory = match (&a.memory, &b.memory) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            close(x.stability, y.stability)
                && close(x.difficulty, y.difficulty)
                && x.last_review_ms == y.last_review_ms
                && x.due_ms == y.due_ms
                && x.reps == y.reps
                && x.lapses == y.lapses
        }
        _ => false,
    };
    memory
        && close(a.knowledge, b.knowledge)
        && a.right_in_a_row == b.right_in_a_row
        && a.answers == b.answers
        && a.right == b.right
        && a.observations == b.observations
        && a.last_evidence_ms == b.last_evidence_ms
}

fn same_competency(a: &Competency, b: &Competency) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, sa), (kb, sb))| ka == kb && same(sa, sb))
}

/// The first part of a kept state that differs from the replay's, if any.
fn first_difference(kept: &EngineState, fresh: &EngineState) -> Option<&'static str> {
    let close_map = |a: &std::collections::BTreeMap<String, f64>,
                     b: &std::collections::BTreeMap<String, f64>| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|((ka, va), (kb, vb))| ka == kb && close(*va, *vb))
    };
    if !same_competency(&kept.competency, &fresh.competency) {
        Some("competency")
    } else if !kept
        .competency
        .values()
        .map(|s| s.held_reviews)
        .eq(fresh.competency.values().map(|s| s.held_reviews))
    {
        Some("the spaced reviews held since mastered")
    } else if !same_competency(&kept.morning, &fresh.morning) {
        Some("the day's starting competency")
    } else if kept.cursor != fresh.cursor {
        Some("the last evidence applied")
    } else if kept.run != fresh.run {
        Some("the streak")
    } else if kept.active_recent != fresh.active_recent {
        Some("recent learning days")
    } else if kept.closed.len() != fresh.closed.len()
        || !kept
            .closed
            .iter()
            .zip(&fresh.closed)
            .all(|((da, a), (db, b))| da == db && close_map(a, b))
    {
        Some("the daily history")
    } else if kept.last_seen != fresh.last_seen || kept.last_lesson != fresh.last_lesson {
        Some("the lessons seen")
    } else if kept.interactions != fresh.interactions {
        Some("the number of interactions")
    } else {
        None
    }
}

/// Replays every learner; with `write`, stores the replayed state.
pub async fn recompute(db: &Db, write: bool, now: i64) -> Result<RecomputeReport, AppError> {
    let mut conn = db.pool.acquire().await?;
    let ids = interactions::learners(&mut conn).await?;
    drop(conn);
    let mut report = RecomputeReport::default();
    for id in ids {
        let mut tx = db.begin_write().await?;
        let Some(user) = users::find_by_id(&mut tx, &id).await? else {
            report.skipped += 1;
            continue;
        };
        let loaded = match load(&mut tx, &user).await {
            Err(e) if e.code == ErrorCode::Forbidden => None,
            other => other?,
        };
        let Some(learner) = loaded else {
            report.skipped += 1;
            continue;
        };
        report.learners += 1;
        let stored = competency::load(&mut tx, &learner.id).await?;
        let stored_streak = competency::load_streak(&mut tx, &learner.id).await?;
        let kept = engine::load(&mut tx, &learner.id).await?;
        let derived = if write {
            replay(&mut tx, &learner, now).await?
        } else {
            derive(&mut tx, &learner).await?
        };
        let ksb_refs = refs(&learner);
        match kept {
            None => report
                .differences
                .push(format!("{}: no kept engine state", user.email)),
            Some(k) if !k.fits(&context(&learner, &ksb_refs)) => report.differences.push(format!(
                "{}: kept engine state made for another time zone, retention or KSB list",
                user.email
            )),
            Some(k) => {
                if let Some(what) = first_difference(&k, &derived) {
                    report.differences.push(format!(
                        "{}: kept engine state differs in {what}",
                        user.email
                    ));
                }
            }
        }
        let code = |ksb: &str| {
            learner
                .ksb(ksb)
                .map_or(ksb.to_owned(), |k| k.info.code.clone())
        };
        for (ksb, fresh) in &derived.competency {
            match stored.get(ksb) {
                Some(old) if same(old, fresh) => {}
                Some(old) => report.differences.push(format!(
                    "{}: {} knowledge {:.3} → {:.3}, answers {} → {}",
                    user.email,
                    code(ksb),
                    old.knowledge,
                    fresh.knowledge,
                    old.answers,
                    fresh.answers
                )),
                None => report.differences.push(format!(
                    "{}: {} missing from the stored state",
                    user.email,
                    code(ksb)
                )),
            }
        }
        for ksb in stored
            .keys()
            .filter(|k| !derived.competency.contains_key(*k))
        {
            report.differences.push(format!(
                "{}: {} stored but not in the log",
                user.email,
                code(ksb)
            ));
        }
        let s = &derived.streak(derived.today(now, learner.tz));
        let fresh_streak = (
            i64::from(s.current),
            i64::from(s.longest),
            i64::from(s.freezes),
        );
        if stored_streak.is_some_and(|old| old.1 != fresh_streak.1) || stored_streak.is_none() {
            report.differences.push(format!(
                "{}: longest streak {} → {}",
                user.email,
                stored_streak.map_or("none".into(), |o| o.1.to_string()),
                fresh_streak.1
            ));
        }
        tx.commit().await?;
    }
    Ok(report)
}
