//! Competency is derived: replaying a learner's log (answers and sign-offs) rebuilds it.

use super::state::{Evidence, KsbState, Params};
use crate::domain::standard_doc::KsbKind;
use std::collections::BTreeMap;

/// One piece of evidence about one KSB at one time, as replay consumes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at_ms: i64,
    /// Breaks ties between events at the same instant (the interaction id and answer index),
    /// so the order, and the result, never depends on how the log was delivered.
    pub tie: String,
    pub ksb: String,
    pub evidence: Evidence,
}

/// Per KSB id, the state after the whole log.
pub type Competency = BTreeMap<String, KsbState>;

/// Orders a log the one way replay reads it: by time, then tie-breaker.
pub fn ordered(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.tie.cmp(&b.tie)));
    events
}

/// Applies `events` (already [`ordered`]) to `start`.
pub fn apply_all<'a>(
    start: Competency,
    events: impl IntoIterator<Item = &'a Event>,
    params: Params,
) -> Competency {
    events.into_iter().fold(start, |mut acc, e| {
        let next = acc
            .get(&e.ksb)
            .cloned()
            .unwrap_or_default()
            .apply(&e.evidence, e.at_ms, params);
        acc.insert(e.ksb.clone(), next);
        acc
    })
}

/// The state after the whole log, from nothing.
pub fn replay(events: &[Event], params: Params) -> Competency {
    apply_all(Competency::new(), ordered(events.to_vec()).iter(), params)
}

/// A KSB of the learner's standard, for averaging.
#[derive(Debug, Clone, PartialEq)]
pub struct KsbRef {
    pub id: String,
    pub kind: KsbKind,
}

/// Mastery of every KSB (in `ksbs` order) at each instant of `at` (ascending), from one pass
/// over the log. Evidence exactly at an instant counts.
pub fn timeline(events: &[Event], ksbs: &[KsbRef], params: Params, at: &[i64]) -> Vec<Vec<f64>> {
    let events = ordered(events.to_vec());
    let mut state = Competency::new();
    let mut next = 0;
    at.iter()
        .map(|&t| {
            let upto = events[next..].iter().take_while(|e| e.at_ms <= t).count();
            state = apply_all(
                std::mem::take(&mut state),
                &events[next..next + upto],
                params,
            );
            next += upto;
            ksbs.iter()
                .map(|k| {
                    state
                        .get(&k.id)
                        .map_or(0.0, |s| s.mastery(k.kind, t, params))
                })
                .collect()
        })
        .collect()
}

/// The mean of per-KSB masteries (untouched KSBs count as 0).
pub fn overall(masteries: &[f64]) -> f64 {
    if masteries.is_empty() {
        0.0
    } else {
        masteries.iter().sum::<f64>() / masteries.len() as f64
    }
}

/// The state from the evidence strictly before `before_ms` (`events` in replay order).
pub fn apply_all_before(events: &[Event], before_ms: i64, params: Params) -> Competency {
    apply_all(
        Competency::new(),
        events.iter().take_while(|e| e.at_ms < before_ms),
        params,
    )
}
