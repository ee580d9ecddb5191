//! Replaying a learner's log into competency and streak: the one way derived state is made,
//! whether after a batch of interactions or by `flowline recompute`.

use super::Learner;
use crate::domain::competency::replay::{apply_all, ordered};
use crate::domain::competency::{Competency, Event, Evidence, KsbState};
use crate::domain::projection;
use crate::domain::standard_doc::KsbKind;
use crate::domain::streak::{local_day, streak, Streak};
use crate::error::AppError;
use crate::ssr::store::competency as store;
use crate::ssr::store::interactions::{self, Interaction};
use crate::ssr::store::questions;
use chrono::NaiveDate;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

/// A learner's derived state, with the log it came from.
#[derive(Debug, Clone)]
pub struct Derived {
    pub log: Vec<Interaction>,
    /// Every piece of evidence, in replay order.
    pub events: Vec<Event>,
    pub competency: Competency,
    /// Local days with something watched or answered.
    pub active_days: BTreeSet<NaiveDate>,
    pub streak: Streak,
}

/// Replays the learner's log and sign-offs (reads only).
pub async fn derive(
    conn: &mut AnyConnection,
    learner: &Learner,
    now: i64,
) -> Result<Derived, AppError> {
    let id = &learner.user.id;
    let log = interactions::for_learner(&mut *conn, id).await?;
    let keys: HashMap<String, questions::Question> = questions::answered_by(&mut *conn, id)
        .await?
        .into_iter()
        .map(|q| (q.id.clone(), q))
        .collect();
    let mut events = Vec::new();
    for i in &log {
        let per_answer = if i.answers.is_empty() {
            0.0
        } else {
            i.time_spent_s / i.answers.len() as f64
        };
        for (n, a) in i.answers.iter().enumerate() {
            let Some(q) = keys.get(&a.question_id) else {
                tracing::warn!(interaction = %i.id, question = %a.question_id, "answer to a vanished question");
                continue;
            };
            // Graded again from the key, never from what the client said.
            let correct = usize::try_from(a.response).is_ok_and(|r| r == q.answer);
            events.push(Event {
                at_ms: i.occurred_at,
                tie: format!("{}:{n:03}", i.id),
                ksb: q.ksb_id.clone(),
                evidence: Evidence::Answer {
                    correct,
                    seconds: per_answer,
                },
            });
        }
    }
    for (at, obs_id, ksb) in store::observations(&mut *conn, id).await? {
        events.push(Event {
            at_ms: at,
            tie: format!("obs:{obs_id}"),
            ksb,
            evidence: Evidence::Observed,
        });
    }
    let events = ordered(events);
    let competency = apply_all(Competency::new(), &events, learner.params());
    let active_days: BTreeSet<NaiveDate> = log
        .iter()
        // A skip is not a learning day (the offline client counts the same way).
        .filter(|i| projection::counts_for_streak(i.kind))
        .map(|i| local_day(i.occurred_at, learner.tz))
        .collect();
    let streak = streak(&active_days, local_day(now, learner.tz));
    Ok(Derived {
        log,
        events,
        competency,
        active_days,
        streak,
    })
}

/// The kind of a KSB id (Knowledge when it is no longer live).
pub fn kind_of(learner: &Learner, ksb_id: &str) -> KsbKind {
    learner
        .ksb(ksb_id)
        .map_or(KsbKind::Knowledge, |k| k.info.kind)
}

/// Replays and stores the result (inside the caller's transaction).
pub async fn rebuild(
    conn: &mut AnyConnection,
    learner: &Learner,
    now: i64,
) -> Result<Derived, AppError> {
    let derived = derive(&mut *conn, learner, now).await?;
    let params = learner.params();
    let mastery = |id: &str, s: &KsbState| s.mastery(kind_of(learner, id), now, params);
    store::store(
        &mut *conn,
        &learner.user.id,
        &derived.competency,
        mastery,
        now,
    )
    .await?;
    let last_day = derived.active_days.last().map(ToString::to_string);
    store::store_streak(conn, &learner.user.id, &derived.streak, last_day, now).await?;
    Ok(derived)
}
