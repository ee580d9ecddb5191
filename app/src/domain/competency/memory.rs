//! Memory: one FSRS card per learner × KSB, scheduled by the `rs-fsrs` crate.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, Parameters, Rating, State, FSRS};
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

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
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

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn scheduler(desired_retention: f64) -> FSRS {
    // Days, not minutes: a KSB is reviewed across days, and schedules must be reproducible.
    FSRS::new(Parameters {
        request_retention: desired_retention.clamp(0.7, 0.99),
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

impl Memory {
    /// The first review of an item never seen before.
    pub fn first(grade: Grade, at_ms: i64, desired_retention: f64) -> Memory {
        let card = Card {
            due: time(at_ms),
            last_review: time(at_ms),
            state: State::New,
            ..Card::default()
        };
        Self::from_card(
            scheduler(desired_retention)
                .next(card, time(at_ms), grade.rating())
                .card,
        )
    }

    /// This memory after another review at `at_ms` (a review dated before the last one is
    /// treated as happening at the last one: the log may arrive out of order).
    pub fn review(&self, grade: Grade, at_ms: i64, desired_retention: f64) -> Memory {
        let at = at_ms.max(self.last_review_ms);
        let card = Card {
            due: time(self.due_ms),
            stability: self.stability,
            difficulty: self.difficulty,
            elapsed_days: 0,
            scheduled_days: (self.due_ms - self.last_review_ms) / DAY_MS,
            reps: i32::try_from(self.reps).unwrap_or(i32::MAX),
            lapses: i32::try_from(self.lapses).unwrap_or(i32::MAX),
            state: State::Review,
            last_review: time(self.last_review_ms),
        };
        Self::from_card(
            scheduler(desired_retention)
                .next(card, time(at), grade.rating())
                .card,
        )
    }

    fn from_card(c: Card) -> Memory {
        Memory {
            stability: c.stability,
            difficulty: c.difficulty,
            last_review_ms: c.last_review.timestamp_millis(),
            due_ms: c.due.timestamp_millis(),
            reps: u32::try_from(c.reps).unwrap_or(0),
            lapses: u32::try_from(c.lapses).unwrap_or(0),
        }
    }

    /// Probability of recall at `now_ms` (FSRS forgetting curve), 1.0 right after a review.
    pub fn recall(&self, now_ms: i64) -> f64 {
        let days = ((now_ms - self.last_review_ms).max(0) as f64) / DAY_MS as f64;
        Parameters::forgetting_curve(days, self.stability.max(0.01)).clamp(0.0, 1.0)
    }

    pub fn is_due(&self, now_ms: i64) -> bool {
        now_ms >= self.due_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_790_000_000_000;

    #[test]
    fn a_right_answer_schedules_the_next_review_days_later_a_wrong_one_sooner() {
        let good = Memory::first(Grade::Good, T0, 0.9);
        let again = Memory::first(Grade::Again, T0, 0.9);
        assert!(good.due_ms >= T0 + DAY_MS, "{good:?}");
        assert!(again.due_ms < good.due_ms);
        let second = good.review(Grade::Good, good.due_ms, 0.9);
        assert!(
            second.due_ms - second.last_review_ms > good.due_ms - good.last_review_ms,
            "intervals grow: {good:?} → {second:?}"
        );
        let lapse = second.review(Grade::Again, second.due_ms, 0.9);
        assert_eq!(lapse.lapses, 1);
        assert!(lapse.stability < second.stability);
    }

    #[test]
    fn recall_is_one_right_after_a_review_and_near_the_desired_retention_when_due() {
        let m = Memory::first(Grade::Good, T0, 0.9);
        assert!((m.recall(T0) - 1.0).abs() < 1e-9);
        let at_due = m.recall(m.due_ms);
        assert!((0.85..=0.95).contains(&at_due), "{at_due}");
    }

    #[test]
    fn a_higher_desired_retention_means_sooner_reviews() {
        let m = Memory::first(Grade::Good, T0, 0.9).review(Grade::Good, T0 + 3 * DAY_MS, 0.9);
        let relaxed = m.review(Grade::Good, m.due_ms, 0.80);
        let strict = m.review(Grade::Good, m.due_ms, 0.97);
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
