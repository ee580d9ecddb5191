//! A learner's engine state: kept between batches and advanced by each one (O(batch)), or
//! replayed from the whole log (when a batch comes out of order, when the learner's time zone,
//! retention or KSBs changed, and for `flowline recompute`). Both go through
//! [`EngineState::apply`], so they cannot disagree.

use super::Learner;
use crate::store::competency as mirror;
use crate::store::interactions::{self, Interaction};
use crate::store::{engine, questions};
use flowline_core::domain::competency::{Event, Evidence, KsbRef, KsbState};
use flowline_core::domain::engine::{Activity, Context, EngineState};
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::view::projection;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

/// The learner's KSBs as the engine reads them.
pub fn refs(learner: &Learner) -> Vec<KsbRef> {
    learner
        .ksbs
        .iter()
        .map(|k| KsbRef {
            id: k.info.id.clone(),
            kind: k.info.kind,
        })
        .collect()
}

/// How to read this learner's state.
pub fn context<'a>(learner: &Learner, refs: &'a [KsbRef]) -> Context<'a> {
    Context {
        tz: learner.tz,
        params: learner.params(),
        ksbs: refs,
    }
}

/// The kind of a KSB id (Knowledge when it is no longer live).
pub fn kind_of(learner: &Learner, ksb_id: &str) -> KsbKind {
    learner
        .ksb(ksb_id)
        .map_or(KsbKind::Knowledge, |k| k.info.kind)
}

/// The answer keys of the questions of these interactions' lessons, every version.
async fn keys_of(
    conn: &mut AnyConnection,
    log: &[Interaction],
) -> Result<HashMap<String, questions::Question>, AppError> {
    let lessons: BTreeSet<&LessonId> = log.iter().map(|i| &i.content_id).collect();
    let mut keys = HashMap::new();
    for lesson in lessons {
        for q in questions::of_content(&mut *conn, lesson).await? {
            keys.insert(q.id.clone(), q);
        }
    }
    Ok(keys)
}

/// What interactions tell the engine: their answers, graded again from the keys (never from
/// what the client said), and the activity itself.
fn read(
    log: &[Interaction],
    keys: &HashMap<String, questions::Question>,
) -> (Vec<Event>, Vec<Activity>) {
    let mut events = Vec::new();
    for i in log {
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
    let activities = log
        .iter()
        .map(|i| Activity {
            occurred_ms: i.occurred_at,
            received_ms: i.received_at,
            content_id: i.content_id.clone(),
            counts_for_streak: projection::counts_for_streak(i.kind),
            rating: i.rating,
        })
        .collect();
    (events, activities)
}

/// A mentor's sign-offs as evidence.
fn observed(rows: Vec<(i64, String, String)>) -> Vec<Event> {
    rows.into_iter()
        .map(|(at, obs_id, ksb)| Event {
            at_ms: at,
            tie: format!("obs:{obs_id}"),
            ksb,
            evidence: Evidence::Observed,
        })
        .collect()
}

/// Every piece of evidence of the learner's log and sign-offs, and the activities.
async fn log_of(
    conn: &mut AnyConnection,
    learner: &Learner,
) -> Result<(Vec<Event>, Vec<Activity>), AppError> {
    let id = &learner.id;
    let log = interactions::for_learner(&mut *conn, id).await?;
    let keys = questions::answered_by(&mut *conn, id)
        .await?
        .into_iter()
        .map(|q| (q.id.clone(), q))
        .collect();
    let (mut events, activities) = read(&log, &keys);
    events.extend(observed(mirror::observations(&mut *conn, id).await?));
    Ok((events, activities))
}

/// The whole log replayed, with every day it closed from the first (see
/// [`EngineState::replay_with_history`]).
pub async fn history_of(
    conn: &mut AnyConnection,
    learner: &Learner,
) -> Result<flowline_core::domain::engine::History, AppError> {
    let (events, activities) = log_of(&mut *conn, learner).await?;
    let refs = refs(learner);
    Ok(EngineState::replay_with_history(events, activities, &context(learner, &refs)).1)
}

/// Every piece of evidence of the learner's log and sign-offs (what a memory fit reads).
pub async fn events_of(
    conn: &mut AnyConnection,
    learner: &Learner,
) -> Result<Vec<Event>, AppError> {
    Ok(log_of(conn, learner).await?.0)
}

/// The state from the whole log and every sign-off (reads only).
pub async fn derive(conn: &mut AnyConnection, learner: &Learner) -> Result<EngineState, AppError> {
    let (events, activities) = log_of(&mut *conn, learner).await?;
    let refs = refs(learner);
    Ok(EngineState::replay(
        events,
        activities,
        &context(learner, &refs),
    ))
}

/// The learner's state now: the kept one when it fits, else a replay (reads only).
pub async fn current(conn: &mut AnyConnection, learner: &Learner) -> Result<EngineState, AppError> {
    let refs = refs(learner);
    match engine::load(&mut *conn, &learner.id).await? {
        Some(kept) if kept.fits(&context(learner, &refs)) => Ok(kept),
        _ => derive(conn, learner).await,
    }
}

/// New interactions and sign-offs.
#[derive(Debug, Default)]
pub struct Batch<'a> {
    pub interactions: &'a [Interaction],
    /// (occurred_at, observation id, KSB id) per KSB signed off.
    pub observations: Vec<(i64, String, String)>,
}

/// Folds a batch just written (inside the caller's transaction) into the kept state and keeps
/// it; replays the log when the batch cannot be folded in. Returns the state and the batch's
/// evidence.
pub async fn advance(
    conn: &mut AnyConnection,
    learner: &Learner,
    batch: Batch<'_>,
    now: i64,
) -> Result<(EngineState, Vec<Event>), AppError> {
    let keys = keys_of(&mut *conn, batch.interactions).await?;
    let (mut events, activities) = read(batch.interactions, &keys);
    events.extend(observed(batch.observations));
    let refs = refs(learner);
    let ctx = context(learner, &refs);
    let kept = engine::load(&mut *conn, &learner.id).await?;
    if let Some(mut state) = kept.filter(|k| k.fits(&ctx)) {
        let closed_before = state.closed.keys().next_back().copied();
        if state.apply(events.clone(), activities, &ctx).is_ok() {
            let touched: BTreeSet<&str> = events.iter().map(|e| e.ksb.as_str()).collect();
            keep(conn, learner, &state, Some(&touched), now).await?;
            super::history::keep_closed(&mut *conn, learner, &state, closed_before).await?;
            return Ok((state, events));
        }
        tracing::debug!(learner = %learner.user.id, "batch from before the kept state: replaying");
    }
    Ok((replay(conn, learner, now).await?, events))
}

/// Replays and keeps the result (inside the caller's transaction).
pub async fn replay(
    conn: &mut AnyConnection,
    learner: &Learner,
    now: i64,
) -> Result<EngineState, AppError> {
    let state = derive(&mut *conn, learner).await?;
    keep(&mut *conn, learner, &state, None, now).await?;
    super::history::keep_closed(conn, learner, &state, None).await?;
    Ok(state)
}

/// Stores the state, and mirrors competency (the `touched` KSBs, or all) and the streak into
/// their tables for reports.
async fn keep(
    conn: &mut AnyConnection,
    learner: &Learner,
    state: &EngineState,
    touched: Option<&BTreeSet<&str>>,
    now: i64,
) -> Result<(), AppError> {
    let id = &learner.id;
    engine::save(&mut *conn, id, state, now).await?;
    let params = learner.params();
    let mastery = |ksb: &str, s: &KsbState| s.mastery(kind_of(learner, ksb), now, params);
    match touched {
        Some(ksbs) => {
            let rows = state
                .competency
                .iter()
                .filter(|(k, _)| ksbs.contains(k.as_str()));
            mirror::upsert(&mut *conn, id, learner.model_id(), rows, mastery, now).await?;
        }
        None => {
            let model = learner.model_id();
            mirror::store(&mut *conn, id, model, &state.competency, mastery, now).await?;
        }
    }
    let today = state.today(now, learner.tz);
    let last_day = state.run.last_day.map(|d| d.to_string());
    mirror::store_streak(&mut *conn, id, &state.streak(today), last_day, now).await?;
    super::milestones::award(conn, learner, state, now).await?;
    Ok(())
}
