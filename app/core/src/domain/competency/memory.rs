//! Memory: one FSRS-6 card per learner × KSB ([`super::fsrs6`]).

use super::fsrs6::{Rating, Weights};
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;
/// Seconds per question above which a right answer counts as hesitant (FSRS "Hard").
pub const SLOW_S: f64 = 25.0;
/// Seconds per question at or below which a right answer counts as fluent.
pub const FAST_S: f64 = 10.0;

/// How well a quick-check answer went, in FSRS terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    /// Wrong → Again; right but slow → Hard; right, fast and the third right in a row →
    /// Easy; otherwise right → Good. `seconds` ≤ 0 means "not measured" (never Easy).
    pub fn of_answer(correct: bool, seconds: f64, right_in_a_row_before: u32) -> Grade {
        if !correct {
            Grade::Again
        } else if seconds > SLOW_S {
            Grade::Hard
        } else if seconds > 0.0 && seconds <= FAST_S && right_in_a_row_before >= 2 {
            Grade::Easy
        } else {
            Grade::Good
        }
    }

    /// The FSRS rating (1 Again … 4 Easy).
    pub fn rating(self) -> Rating {
        match self {
            Grade::Again => 1,
            Grade::Hard => 2,
            Grade::Good => 3,
            Grade::Easy => 4,
        }
    }
}

/// The FSRS state of one item, in plain numbers (times in Unix ms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f64,
    pub difficulty: f64,
    pub last_review_ms: i64,
    pub due_ms: i64,
    pub reps: u32,
    pub lapses: u32,
}

/// Whole days (24 h periods) from `from_ms` to `to_ms`, as FSRS counts elapsed time.
pub fn whole_days(from_ms: i64, to_ms: i64) -> u32 {
    u32::try_from((to_ms - from_ms).max(0) / DAY_MS).unwrap_or(u32::MAX)
}

impl Memory {
    /// The first review of an item never seen before.
    pub fn first(grade: Grade, at_ms: i64, weights: &Weights, desired_retention: f64) -> Memory {
        let step = weights.first(grade.rating(), retention(desired_retention));
        Memory {
            stability: step.stability,
            difficulty: step.difficulty,
            last_review_ms: at_ms,
            due_ms: at_ms + i64::from(step.interval_days) * DAY_MS,
            reps: 1,
            lapses: u32::from(grade == Grade::Again),
        }
    }

    /// This memory after another review at `at_ms` (a review dated before the last one is
    /// treated as happening at the last one: the log may arrive out of order).
    pub fn review(
        &self,
        grade: Grade,
        at_ms: i64,
        weights: &Weights,
        desired_retention: f64,
    ) -> Memory {
        let at = at_ms.max(self.last_review_ms);
        let step = weights.review(
            self.stability,
            self.difficulty,
            whole_days(self.last_review_ms, at),
            grade.rating(),
            retention(desired_retention),
        );
        Memory {
            stability: step.stability,
            difficulty: step.difficulty,
            last_review_ms: at,
            due_ms: at + i64::from(step.interval_days) * DAY_MS,
            reps: self.reps.saturating_add(1),
            lapses: self.lapses + u32::from(grade == Grade::Again),
        }
    }

    /// Probability of recall at `now_ms` (the FSRS-6 forgetting curve over whole days), 1.0
    /// until a day has passed since the review.
    pub fn recall(&self, now_ms: i64, weights: &Weights) -> f64 {
        let days = f64::from(whole_days(self.last_review_ms, now_ms));
        weights.retrievability(days, self.stability).clamp(0.0, 1.0)
    }

    pub fn is_due(&self, now_ms: i64) -> bool {
        now_ms >= self.due_ms
    }
}

/// The retention a schedule aims at, kept to the range where FSRS's intervals make sense.
fn retention(desired: f64) -> f64 {
    desired.clamp(0.7, 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_790_000_000_000;
    const W: Weights = Weights(super::super::fsrs6::DEFAULT_WEIGHTS);

    #[test]
    fn a_right_answer_schedules_the_next_review_days_later_a_wrong_one_sooner() {
        let good = Memory::first(Grade::Good, T0, &W, 0.9);
        let again = Memory::first(Grade::Again, T0, &W, 0.9);
        assert!(good.due_ms >= T0 + DAY_MS, "{good:?}");
        assert!(again.due_ms < good.due_ms);
        let second = good.review(Grade::Good, good.due_ms, &W, 0.9);
        assert!(
            second.due_ms - second.last_review_ms > good.due_ms - good.last_review_ms,
            "intervals grow: {good:?} → {second:?}"
        );
        let lapse = second.review(Grade::Again, second.due_ms, &W, 0.9);
        assert_eq!(lapse.lapses, 1);
        assert!(lapse.stability < second.stability);
    }

    #[test]
    fn recall_is_one_right_after_a_review_and_near_the_desired_retention_when_due() {
        let m = Memory::first(Grade::Good, T0, &W, 0.9);
        assert!((m.recall(T0, &W) - 1.0).abs() < 1e-9);
        let at_due = m.recall(m.due_ms, &W);
        assert!((0.85..=0.95).contains(&at_due), "{at_due}");
    }

    #[test]
    fn a_higher_desired_retention_means_sooner_reviews() {
        let m =
            Memory::first(Grade::Good, T0, &W, 0.9).review(Grade::Good, T0 + 3 * DAY_MS, &W, 0.9);
        let relaxed = m.review(Grade::Good, m.due_ms, &W, 0.80);
        let strict = m.review(Grade::Good, m.due_ms, &W, 0.97);
        assert!(strict.due_ms < relaxed.due_ms);
    }

    #[test]
    fn answers_map_to_grades_as_the_design_says() {
        assert_eq!(Grade::of_answer(false, 3.0, 5), Grade::Again);
        assert_eq!(Grade::of_answer(true, 40.0, 5), Grade::Hard);
        assert_eq!(Grade::of_answer(true, 6.0, 2), Grade::Easy);
        assert_eq!(Grade::of_answer(true, 6.0, 1), Grade::Good);
        assert_eq!(Grade::of_answer(true, 0.0, 9), Grade::Good);
    }
}
