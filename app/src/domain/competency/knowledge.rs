//! Knowledge: Bayesian Knowledge Tracing of "does the learner know this KSB?".
//!
//! Each answer updates the probability by Bayes' rule (a right answer can be a lucky guess, a
//! wrong one a slip), so recent answers outweigh old ones. Learning (the BKT transition) is
//! credited after a right answer only: a wrong answer never raises the estimate.

/// Probability of answering right without knowing (one in four options).
pub const GUESS: f64 = 0.25;
/// Probability of answering wrong while knowing.
pub const SLIP: f64 = 0.10;
/// Probability of learning the KSB from a practised, right answer.
pub const LEARN: f64 = 0.20;
/// A mentor watching the work done is much harder to fool than a quiz.
pub const OBSERVED_GUESS: f64 = 0.02;

/// The estimate after one quiz answer, from the estimate just before it.
pub fn after_answer(prior: f64, correct: bool) -> f64 {
    let p = prior.clamp(0.0, 1.0);
    if correct {
        let posterior = p * (1.0 - SLIP) / (p * (1.0 - SLIP) + (1.0 - p) * GUESS);
        posterior + (1.0 - posterior) * LEARN
    } else {
        let denominator = p * SLIP + (1.0 - p) * (1.0 - GUESS);
        if denominator <= 0.0 {
            0.0
        } else {
            p * SLIP / denominator
        }
    }
}

/// The estimate after a mentor signed off live work on the KSB.
pub fn after_observation(prior: f64) -> f64 {
    let p = prior.clamp(0.0, 1.0);
    let posterior = p * (1.0 - SLIP) / (p * (1.0 - SLIP) + (1.0 - p) * OBSERVED_GUESS);
    // Watching it done well is learning evidence in itself.
    (posterior + (1.0 - posterior) * 0.6).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_observation_is_stronger_evidence_than_a_quiz_answer() {
        assert!(after_observation(0.3) > after_answer(0.3, true));
    }
}
