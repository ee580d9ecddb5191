//! Knowledge: Bayesian Knowledge Tracing of "does the learner know this KSB?".
//!
//! Each answer updates the probability by Bayes' rule (a right answer can be a lucky guess, a
//! wrong one a slip), so recent answers outweigh old ones. Then, as in standard BKT (Corbett &
//! Anderson, 1995), the learning transition is credited after every answer: the explanation a
//! learner reads after a wrong answer teaches too. A wrong answer never raises the estimate,
//! though: after one, the estimate is the lower of the learned posterior and the prior.

use serde::{Deserialize, Serialize};

/// Probability of answering right without knowing (one in four options).
pub const GUESS: f64 = 0.25;
/// Probability of answering wrong while knowing.
pub const SLIP: f64 = 0.10;
/// Probability of learning the KSB from one practised answer and its explanation.
pub const LEARN: f64 = 0.20;
/// A mentor watching the work done is much harder to fool than a quiz.
pub const OBSERVED_GUESS: f64 = 0.02;

/// The ranges a cohort's fitted parameters must stay in: a guess below one in two, a slip
/// below three in ten, and some learning from every answer, so that a right answer is always
/// evidence of knowing (1 − slip > guess).
pub const GUESS_RANGE: (f64, f64) = (0.05, 0.5);
pub const SLIP_RANGE: (f64, f64) = (0.01, 0.3);
pub const LEARN_RANGE: (f64, f64) = (0.02, 0.6);

/// BKT's parameters: the shipped ones ([`Bkt::default`]) or a cohort's, fitted from its own
/// answers (`services::learning::memory_fit`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bkt {
    /// Probability of answering right without knowing.
    pub guess: f64,
    /// Probability of answering wrong while knowing.
    pub slip: f64,
    /// Probability of learning the KSB from one answer and its explanation.
    pub learn: f64,
}

impl Default for Bkt {
    fn default() -> Self {
        Bkt {
            guess: GUESS,
            slip: SLIP,
            learn: LEARN,
        }
    }
}

impl Bkt {
    /// Parameters inside their ranges, or what is out of range.
    pub fn new(guess: f64, slip: f64, learn: f64) -> Result<Bkt, String> {
        let check = |name: &str, v: f64, (lo, hi): (f64, f64)| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(v)
            } else {
                Err(format!("{name} {v} is outside {lo}–{hi}"))
            }
        };
        Ok(Bkt {
            guess: check("guess", guess, GUESS_RANGE)?,
            slip: check("slip", slip, SLIP_RANGE)?,
            learn: check("learn", learn, LEARN_RANGE)?,
        })
    }

    /// The chance of a right answer from a learner known to know the KSB with probability
    /// `known`: what the engine predicts before each answer (the simulation and the fit score
    /// it, docs/simulation.md).
    pub fn chance_right(&self, known: f64) -> f64 {
        let k = known.clamp(0.0, 1.0);
        k * (1.0 - self.slip) + (1.0 - k) * self.guess
    }

    /// The estimate after one quiz answer, from the estimate just before it.
    pub fn after_answer(&self, prior: f64, correct: bool) -> f64 {
        let p = prior.clamp(0.0, 1.0);
        let posterior = if correct {
            p * (1.0 - self.slip) / self.chance_right(p)
        } else {
            p * self.slip / (1.0 - self.chance_right(p))
        };
        let learned = posterior + (1.0 - posterior) * self.learn;
        if correct {
            learned
        } else {
            learned.min(p)
        }
    }

    /// The estimate after a mentor signed off live work on the KSB.
    pub fn after_observation(&self, prior: f64) -> f64 {
        let p = prior.clamp(0.0, 1.0);
        let posterior =
            p * (1.0 - self.slip) / (p * (1.0 - self.slip) + (1.0 - p) * OBSERVED_GUESS);
        // Watching it done well is learning evidence in itself.
        (posterior + (1.0 - posterior) * 0.6).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after_answer(prior: f64, correct: bool) -> f64 {
        Bkt::default().after_answer(prior, correct)
    }

    fn after_observation(prior: f64) -> f64 {
        Bkt::default().after_observation(prior)
    }

    fn chance_right(known: f64) -> f64 {
        Bkt::default().chance_right(known)
    }

    #[test]
    fn three_right_answers_from_nothing_reach_the_mastered_band_and_a_wrong_one_drops_it() {
        let mut k = 0.0;
        for _ in 0..3 {
            k = after_answer(k, true);
        }
        assert!((0.80..0.95).contains(&k), "{k}");
        let after_wrong = after_answer(k, false);
        assert!(after_wrong < k * 0.7, "{after_wrong}");
    }

    #[test]
    fn the_explanation_after_a_wrong_answer_teaches_but_never_raises_the_estimate() {
        // From 0.5 a wrong answer's posterior is 0.5·0.1 / (0.05 + 0.5·0.75) = 0.118; the
        // explanation then teaches: 0.118 + 0.882 · 0.2 = 0.294.
        assert!((after_answer(0.5, false) - 0.294).abs() < 1e-3);
        // With nothing known, there is nothing to lose and the estimate stays where it was.
        assert_eq!(after_answer(0.0, false), 0.0);
        assert!(after_answer(0.1, false) <= 0.1);
    }

    #[test]
    fn the_predicted_chance_of_a_right_answer_runs_from_a_guess_to_one_minus_a_slip() {
        assert!((chance_right(0.0) - GUESS).abs() < 1e-12);
        assert!((chance_right(1.0) - (1.0 - SLIP)).abs() < 1e-12);
        assert!(chance_right(0.3) < chance_right(0.6));
    }

    #[test]
    fn an_observation_is_stronger_evidence_than_a_quiz_answer() {
        assert!(after_observation(0.3) > after_answer(0.3, true));
    }

    #[test]
    fn parameters_out_of_their_ranges_are_refused_by_name() {
        assert!(Bkt::new(0.3, 0.05, 0.3).is_ok());
        assert!(Bkt::new(0.7, 0.05, 0.3)
            .expect_err("out of range")
            .starts_with("guess"));
        assert!(Bkt::new(0.3, f64::NAN, 0.3)
            .expect_err("out of range")
            .starts_with("slip"));
        assert!(Bkt::new(0.3, 0.05, 0.0)
            .expect_err("out of range")
            .starts_with("learn"));
    }
}
