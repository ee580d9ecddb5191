//! BKT's guess, slip and learning rate fitted to a standard's own answers, the way the FSRS
//! weights are fitted to its reviews: the engine replays each learner's log with candidate
//! parameters, predicts every answer before it is given ([`KsbState::chance_right`]) and the
//! fit keeps the parameters whose predictions have the lowest log loss.
//!
//! The search is a pattern search from the shipped parameters inside their ranges
//! ([`super::knowledge::GUESS_RANGE`] and the others): each parameter is moved up and down by a
//! step while that lowers the log loss, and the step halves when nothing does. Three
//! parameters and a smooth loss need nothing cleverer; every step replays the real engine.

use super::knowledge::{Bkt, GUESS_RANGE, LEARN_RANGE, SLIP_RANGE};
use super::replay::{ordered, Event};
use super::state::{Evidence, KsbState, Params};
use std::collections::HashMap;

/// Predictions are kept inside this margin of 0 and 1 when scored.
const EPSILON: f64 = 1e-6;
/// The search's first step and the step it stops below.
const FIRST_STEP: f64 = 0.08;
const LAST_STEP: f64 = 0.005;

/// One learner's evidence in replay order, with the parameters their engine fades knowledge
/// with (their cohort's retention and the standard's FSRS weights).
#[derive(Debug, Clone)]
pub struct Log {
    pub params: Params,
    pub events: Vec<Event>,
}

impl Log {
    pub fn new(params: Params, events: Vec<Event>) -> Log {
        Log {
            params,
            events: ordered(events),
        }
    }

    /// Quiz answers in the log (what a fit learns from).
    pub fn answers(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e.evidence, Evidence::Answer { .. }))
            .count()
    }
}

/// How well `bkt` predicts the answers of `logs`: the mean log loss of the engine's predicted
/// chance of a right answer, taken just before each answer, and how many answers that was.
pub fn log_loss(bkt: Bkt, logs: &[Log]) -> (f64, usize) {
    let mut sum = 0.0;
    let mut n = 0usize;
    for log in logs {
        let params = Params {
            knowledge: bkt,
            ..log.params
        };
        let mut states: HashMap<&str, KsbState> = HashMap::new();
        for e in &log.events {
            let state = states.entry(e.ksb.as_str()).or_default();
            if let Evidence::Answer { correct, .. } = e.evidence {
                let p = state
                    .chance_right(e.at_ms, params)
                    .clamp(EPSILON, 1.0 - EPSILON);
                sum -= if correct { p.ln() } else { (1.0 - p).ln() };
                n += 1;
            }
            *state = state.apply(&e.evidence, e.at_ms, params);
        }
    }
    (if n == 0 { 0.0 } else { sum / n as f64 }, n)
}

/// The parameters that predict the answers of `logs` best (the shipped ones when no move
/// improves on them). CPU-bound: the server runs it off the async threads.
pub fn fit(logs: &[Log]) -> Bkt {
    let ranges = [GUESS_RANGE, SLIP_RANGE, LEARN_RANGE];
    let start = Bkt::default();
    let mut x = [start.guess, start.slip, start.learn];
    let bkt = |x: [f64; 3]| Bkt {
        guess: x[0],
        slip: x[1],
        learn: x[2],
    };
    let mut best = log_loss(bkt(x), logs).0;
    let mut step = FIRST_STEP;
    while step >= LAST_STEP {
        let mut moved = false;
        for (i, &(lo, hi)) in ranges.iter().enumerate() {
            for direction in [1.0, -1.0] {
                let mut y = x;
                y[i] = (x[i] + direction * step).clamp(lo, hi);
                if y[i] == x[i] {
                    continue;
                }
                let loss = log_loss(bkt(y), logs).0;
                if loss < best {
                    best = loss;
                    x = y;
                    moved = true;
                    break;
                }
            }
        }
        if !moved {
            step /= 2.0;
        }
    }
    bkt(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    /// A small seeded generator (the tests must not depend on the simulator, which is
    /// server-only).
    struct Lcg(u64);

    impl Lcg {
        fn chance(&mut self, p: f64) -> bool {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 11) as f64 / (1u64 << 53) as f64) < p
        }
    }

    /// Learners who answer like a standard BKT learner with `truth`'s parameters: each KSB is
    /// unknown at first, answered right with the guess or one minus the slip, and learned with
    /// the learning rate after each answer. Answers an hour apart, so nothing fades.
    fn learners(truth: Bkt, count: usize, seed: u64) -> Vec<Log> {
        let mut rng = Lcg(seed);
        (0..count)
            .map(|l| {
                let mut events = Vec::new();
                for k in 0..6 {
                    let mut known = false;
                    for a in 0..8 {
                        let correct =
                            rng.chance(if known { 1.0 - truth.slip } else { truth.guess });
                        known = known || rng.chance(truth.learn);
                        let at = (k * 8 + a) as i64 * HOUR;
                        events.push(Event {
                            at_ms: at,
                            tie: format!("{l}-{k}-{a:02}"),
                            ksb: format!("K{k}"),
                            evidence: Evidence::Answer {
                                correct,
                                seconds: 10.0,
                            },
                        });
                    }
                }
                Log::new(Params::default(), events)
            })
            .collect()
    }

    #[test]
    fn a_cohort_that_guesses_more_and_slips_less_than_the_defaults_is_fitted_and_predicted_better()
    {
        let truth = Bkt::new(0.4, 0.03, 0.3).expect("in range");
        let train = learners(truth, 150, 1);
        let test = learners(truth, 50, 2);
        let fitted = fit(&train);
        assert!(fitted.guess > 0.3, "{fitted:?}");
        assert!(fitted.slip < 0.08, "{fitted:?}");
        let (before, n) = log_loss(Bkt::default(), &test);
        let (after, _) = log_loss(fitted, &test);
        assert_eq!(n, 50 * 6 * 8);
        assert!(after < before - 0.01, "{before} → {after}");
    }

    #[test]
    fn a_cohort_that_rarely_guesses_right_and_slips_often_moves_the_other_way() {
        let truth = Bkt::new(0.08, 0.2, 0.25).expect("in range");
        let fitted = fit(&learners(truth, 150, 3));
        let d = Bkt::default();
        assert!(fitted.guess < d.guess, "{fitted:?}");
        assert!(fitted.slip > d.slip, "{fitted:?}");
        assert!(Bkt::new(fitted.guess, fitted.slip, fitted.learn).is_ok());
    }
}
