//! The review log as FSRS reads it: per learner × KSB, the reviews in order with the rating the
//! engine gave each (so a fit learns from exactly what the scheduler saw), and how well a set of
//! FSRS-6 weights predicts them.

use super::fsrs6::{Rating, Weights};
use super::memory::whole_days;
use super::replay::{ordered, Event};
use super::state::{KsbState, Params};
use std::collections::BTreeMap;

/// One learner × KSB: (when, rating) of each review, oldest first.
pub type History = Vec<(i64, Rating)>;

/// Splits a learner's evidence into one history per KSB, rated as the engine rates it.
pub fn histories(events: Vec<Event>) -> Vec<History> {
    let mut states: BTreeMap<String, (KsbState, History)> = BTreeMap::new();
    for e in ordered(events) {
        let (state, history) = states.entry(e.ksb.clone()).or_default();
        history.push((e.at_ms, state.grade(&e.evidence).rating()));
        *state = state.apply(&e.evidence, e.at_ms, Params::default());
    }
    states.into_values().map(|(_, h)| h).collect()
}

/// How well `weights` predict recall: the mean log loss, over every review at least a day
/// after the one before, of the predicted retrievability against "recalled" (any rating but
/// Again); and how many reviews that was. Same-day reviews say little of memory and are left
/// out, as FSRS's own evaluation does.
pub fn log_loss(weights: &Weights, histories: &[History]) -> (f64, usize) {
    let mut sum = 0.0;
    let mut n = 0usize;
    for h in histories {
        let mut memory: Option<(f64, f64, i64)> = None;
        for &(at, rating) in h {
            let step = match memory {
                None => weights.first(rating, 0.9),
                Some((s, d, last)) => {
                    let days = whole_days(last, at);
                    if days >= 1 {
                        let r = weights
                            .retrievability(f64::from(days), s)
                            .clamp(1e-6, 1.0 - 1e-6);
                        sum -= if rating > 1 { r.ln() } else { (1.0 - r).ln() };
                        n += 1;
                    }
                    weights.review(s, d, days, rating, 0.9)
                }
            };
            memory = Some((
                step.stability,
                step.difficulty,
                at.max(memory.map_or(at, |m| m.2)),
            ));
        }
    }
    (if n == 0 { 0.0 } else { sum / n as f64 }, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::competency::Evidence;

    const DAY: i64 = 86_400_000;

    fn answer(at: i64, ksb: &str, correct: bool) -> Event {
        Event {
            at_ms: at,
            tie: format!("{at}{ksb}"),
            ksb: ksb.into(),
            evidence: Evidence::Answer {
                correct,
                seconds: 8.0,
            },
        }
    }

    #[test]
    fn a_learners_log_becomes_one_history_per_ksb_rated_as_the_engine_rates() {
        let h = histories(vec![
            answer(2 * DAY, "K1", true),
            answer(0, "K1", true),
            answer(DAY, "K2", false),
            answer(3 * DAY, "K1", true),
        ]);
        assert_eq!(h.len(), 2);
        // Third right in a row and fast: Easy, as the scheduler saw it.
        assert_eq!(h[0], vec![(0, 3), (2 * DAY, 3), (3 * DAY, 4)]);
        assert_eq!(h[1], vec![(DAY, 1)]);
    }

    #[test]
    fn weights_that_forget_too_fast_predict_a_remembering_learner_worse() {
        // Reviews a week apart, always remembered.
        let h: Vec<History> = (0..20)
            .map(|i| (0..6).map(|k| (i * 1000 + k * 7 * DAY, 3)).collect())
            .collect();
        let default = Weights::default();
        let mut forgetful = default;
        forgetful.0[0..4].copy_from_slice(&[0.01, 0.01, 0.01, 0.01]);
        forgetful.0[8] = 0.0;
        let (good, n) = log_loss(&default, &h);
        let (bad, _) = log_loss(&forgetful, &h);
        assert_eq!(n, 20 * 5);
        assert!(good < bad, "{good} vs {bad}");
    }
}
