//! FSRS-6, the memory model of the open-spaced-repetition project (the algorithm of Anki and of
//! the reference `fsrs` package on PyPI), as the scheduler applies it review by review.
//!
//! The reference Rust crate (`fsrs`) computes with `burn` tensors, which cannot go into the
//! phone's wasm; this module is the same formulas in plain `f64`, run by the server and the
//! browser alike. `fsrs_reference` (server/simulate/tests) checks it against the PyPI package on generated
//! histories (stability, difficulty, retrievability and interval within 1e-3), and the server
//! fits these weights with the crate (see docs/decisions.md).
//!
//! Conventions are the reference scheduler's with no learning steps and no fuzz: elapsed time
//! is counted in whole days (24 h periods since the last review), a review less than a day after
//! the last one uses the short-term formula, and intervals are whole days, at least one.

use serde::{Deserialize, Serialize};

/// Number of FSRS-6 weights.
pub const WEIGHT_COUNT: usize = 21;

/// The default FSRS-6 weights (the reference scheduler's `DEFAULT_PARAMETERS`).
pub const DEFAULT_WEIGHTS: [f64; WEIGHT_COUNT] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// Each weight's allowed range (the reference's bounds); fitted weights outside are refused.
pub const LOWER_BOUNDS: [f64; WEIGHT_COUNT] = [
    0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001,
    0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
];
pub const UPPER_BOUNDS: [f64; WEIGHT_COUNT] = [
    100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0,
    2.0, 2.0, 0.8, 0.8,
];

pub const STABILITY_MIN: f64 = 0.001;
pub const MIN_DIFFICULTY: f64 = 1.0;
pub const MAX_DIFFICULTY: f64 = 10.0;
/// The longest interval scheduled, in days (the reference's default).
pub const MAXIMUM_INTERVAL: u32 = 36_500;

/// FSRS ratings: 1 Again, 2 Hard, 3 Good, 4 Easy.
pub type Rating = u8;

/// A set of FSRS-6 weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights(pub [f64; WEIGHT_COUNT]);

impl Default for Weights {
    fn default() -> Self {
        Weights(DEFAULT_WEIGHTS)
    }
}

/// Why a set of weights was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfBounds(pub Vec<String>);

/// The state of one item after a review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub stability: f64,
    pub difficulty: f64,
    /// Days until the next review.
    pub interval_days: u32,
}

impl Weights {
    /// Checks count and bounds, naming every weight out of its range.
    pub fn new(values: &[f64]) -> Result<Weights, OutOfBounds> {
        let w: [f64; WEIGHT_COUNT] = values.try_into().map_err(|_| {
            OutOfBounds(vec![format!(
                "expected {WEIGHT_COUNT} weights, got {}",
                values.len()
            )])
        })?;
        let problems: Vec<String> = w
            .iter()
            .enumerate()
            .filter(|(i, v)| !(LOWER_BOUNDS[*i]..=UPPER_BOUNDS[*i]).contains(*v))
            .map(|(i, v)| {
                format!(
                    "w[{i}] = {v} is outside [{}, {}]",
                    LOWER_BOUNDS[i], UPPER_BOUNDS[i]
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(Weights(w))
        } else {
            Err(OutOfBounds(problems))
        }
    }

    fn decay(&self) -> f64 {
        -self.0[20]
    }

    fn factor(&self) -> f64 {
        0.9f64.powf(1.0 / self.decay()) - 1.0
    }

    /// Probability of recall `elapsed_days` after a review that left `stability`.
    pub fn retrievability(&self, elapsed_days: f64, stability: f64) -> f64 {
        (1.0 + self.factor() * elapsed_days.max(0.0) / stability.max(STABILITY_MIN))
            .powf(self.decay())
    }

    fn initial_stability(&self, rating: Rating) -> f64 {
        self.0[usize::from(rating.clamp(1, 4)) - 1].max(STABILITY_MIN)
    }

    fn initial_difficulty(&self, rating: Rating) -> f64 {
        self.0[4] - (self.0[5] * (f64::from(rating) - 1.0)).exp() + 1.0
    }

    fn next_difficulty(&self, difficulty: f64, rating: Rating) -> f64 {
        let delta = -(self.0[6] * (f64::from(rating) - 3.0));
        let damped = difficulty + (10.0 - difficulty) * delta / 9.0;
        let reverted = self.0[7] * self.initial_difficulty(4) + (1.0 - self.0[7]) * damped;
        reverted.clamp(MIN_DIFFICULTY, MAX_DIFFICULTY)
    }

    fn short_term_stability(&self, stability: f64, rating: Rating) -> f64 {
        let mut increase = (self.0[17] * (f64::from(rating) - 3.0 + self.0[18])).exp()
            * stability.powf(-self.0[19]);
        if rating >= 2 {
            increase = increase.max(1.0);
        }
        (stability * increase).max(STABILITY_MIN)
    }

    fn recall_stability(&self, d: f64, s: f64, r: f64, rating: Rating) -> f64 {
        let hard_penalty = if rating == 2 { self.0[15] } else { 1.0 };
        let easy_bonus = if rating == 4 { self.0[16] } else { 1.0 };
        s * (1.0
            + self.0[8].exp()
                * (11.0 - d)
                * s.powf(-self.0[9])
                * (((1.0 - r) * self.0[10]).exp() - 1.0)
                * hard_penalty
                * easy_bonus)
    }

    fn forget_stability(&self, d: f64, s: f64, r: f64) -> f64 {
        let long_term = self.0[11]
            * d.powf(-self.0[12])
            * ((s + 1.0).powf(self.0[13]) - 1.0)
            * ((1.0 - r) * self.0[14]).exp();
        let short_term = s / (self.0[17] * self.0[18]).exp();
        long_term.min(short_term)
    }

    /// Whole days until recall is expected to drop to `desired_retention`.
    pub fn interval(&self, stability: f64, desired_retention: f64) -> u32 {
        let days = stability / self.factor() * (desired_retention.powf(1.0 / self.decay()) - 1.0);
        // Rounded half away from zero like the reference's `round` for these positive values
        // (Python rounds halves to even; an exact .5 never arises from these formulas).
        (days.round().max(1.0)).min(f64::from(MAXIMUM_INTERVAL)) as u32
    }

    /// The first review of a new item.
    pub fn first(&self, rating: Rating, desired_retention: f64) -> Step {
        let stability = self.initial_stability(rating);
        Step {
            stability,
            difficulty: self
                .initial_difficulty(rating)
                .clamp(MIN_DIFFICULTY, MAX_DIFFICULTY),
            interval_days: self.interval(stability, desired_retention),
        }
    }

    /// A review `elapsed_days` (whole days) after the last one.
    pub fn review(
        &self,
        stability: f64,
        difficulty: f64,
        elapsed_days: u32,
        rating: Rating,
        desired_retention: f64,
    ) -> Step {
        let next_stability = if elapsed_days < 1 {
            self.short_term_stability(stability, rating)
        } else {
            let r = self.retrievability(f64::from(elapsed_days), stability);
            let s = if rating == 1 {
                self.forget_stability(difficulty, stability, r)
            } else {
                self.recall_stability(difficulty, stability, r, rating)
            };
            s.max(STABILITY_MIN)
        };
        Step {
            stability: next_stability,
            difficulty: self.next_difficulty(difficulty, rating),
            interval_days: self.interval(next_stability, desired_retention),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_is_ninety_percent_after_one_stability_of_days() {
        let w = Weights::default();
        for s in [0.5, 3.0, 40.0] {
            assert!((w.retrievability(s, s) - 0.9).abs() < 1e-12);
        }
        assert!((w.retrievability(0.0, 3.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_interval_at_ninety_percent_is_the_stability_rounded() {
        let w = Weights::default();
        assert_eq!(w.interval(2.3065, 0.9), 2);
        assert_eq!(w.interval(0.212, 0.9), 1);
        assert!(w.interval(10.0, 0.8) > w.interval(10.0, 0.95));
    }

    #[test]
    fn weights_out_of_range_are_named() {
        let mut w = DEFAULT_WEIGHTS.to_vec();
        w[20] = 0.9;
        let err = Weights::new(&w).expect_err("decay above 0.8");
        assert_eq!(err.0.len(), 1);
        assert!(err.0[0].starts_with("w[20]"), "{err:?}");
        assert!(Weights::new(&w[..19]).is_err());
        assert_eq!(Weights::new(&DEFAULT_WEIGHTS), Ok(Weights::default()));
    }

    #[test]
    fn a_lapse_never_raises_stability_and_a_same_day_good_never_lowers_it() {
        let w = Weights::default();
        let first = w.first(3, 0.9);
        let later = w.review(first.stability, first.difficulty, 2, 3, 0.9);
        assert!(later.stability > first.stability);
        let lapse = w.review(later.stability, later.difficulty, 5, 1, 0.9);
        assert!(lapse.stability < later.stability);
        assert!(lapse.difficulty > later.difficulty);
        let same_day = w.review(later.stability, later.difficulty, 0, 3, 0.9);
        assert!(same_day.stability >= later.stability);
    }
}
