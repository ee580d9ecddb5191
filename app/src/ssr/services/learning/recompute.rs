//! `flowline recompute`: rebuild every learner's derived state from the log and say where the
//! stored state differed (it never should; a difference means a bug or a hand edit).

use super::load;
use super::rebuild::{derive, rebuild};
use crate::domain::competency::KsbState;
use crate::error::{AppError, ErrorCode};
use crate::ssr::db::Db;
use crate::ssr::store::{competency, interactions, users};

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
        let stored = competency::load(&mut tx, &id).await?;
        let stored_streak = competency::load_streak(&mut tx, &id).await?;
        let derived = if write {
            rebuild(&mut tx, &learner, now).await?
        } else {
            derive(&mut tx, &learner, now).await?
        };
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
        let s = &derived.streak;
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
