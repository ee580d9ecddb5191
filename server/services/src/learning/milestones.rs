//! Awarding milestones: after every change to a learner's engine state (inside its
//! transaction), the milestones it reaches that the learner does not hold yet are recorded
//! with their evidence. Progress reads them back with what comes next.

use super::Learner;
use crate::store::milestones::{self, AwardRow};
use flowline_core::domain::engine::EngineState;
use flowline_core::domain::milestones::new_awards;
use flowline_core::error::AppError;
use flowline_core::model::{Badges, KsbEngineState};
use flowline_core::view::badges::{badges, groups, title};
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// The learner's KSBs with their engine state, as the device gets them.
pub fn engine_ksbs(learner: &Learner, state: &EngineState) -> Vec<KsbEngineState> {
    learner
        .ksbs
        .iter()
        .map(|k| KsbEngineState {
            code: k.info.code.clone(),
            kind: k.info.kind,
            state: state
                .competency
                .get(&k.info.id)
                .map(Into::into)
                .unwrap_or_default(),
        })
        .collect()
}

/// Records the milestones `state` reaches at `now` that the learner does not hold; returns
/// how many were new.
pub async fn award(
    conn: &mut AnyConnection,
    learner: &Learner,
    state: &EngineState,
    now: i64,
) -> Result<usize, AppError> {
    let id = &learner.id;
    let held: BTreeSet<String> = milestones::of_learner(&mut *conn, id)
        .await?
        .into_iter()
        .map(|r| r.milestone_key)
        .collect();
    let ksbs = engine_ksbs(learner, state);
    let groups = groups(&ksbs, now, learner.params());
    let longest = state.streak(state.today(now, learner.tz)).longest;
    let mut written = 0;
    for a in new_awards(&groups, longest, &held) {
        let row = AwardRow {
            id: crate::new_id(),
            learner_id: id.clone(),
            milestone_key: a.milestone.key(),
            title: title(&a.milestone),
            standard: learner.enrolment.reference.clone(),
            evidence: serde_json::to_string(&a.evidence).unwrap_or_else(|_| "[]".into()),
            awarded_at: now,
            revoked_at: None,
            revoked_reason: None,
        };
        if milestones::insert(&mut *conn, &row).await? {
            tracing::info!(learner = %id, milestone = %row.milestone_key, "milestone awarded");
            written += 1;
        }
    }
    Ok(written)
}

/// The learner's badges at `now`: their awards and the next milestones.
pub async fn of(
    conn: &mut AnyConnection,
    learner: &Learner,
    ksbs: &[KsbEngineState],
    streak: &flowline_core::domain::streak::Streak,
    now: i64,
) -> Result<Badges, AppError> {
    let confirmed: Vec<_> = milestones::of_learner(conn, &learner.id)
        .await?
        .iter()
        .map(AwardRow::badge)
        .collect();
    Ok(badges(
        &groups(ksbs, now, learner.params()),
        streak,
        &confirmed,
    ))
}
