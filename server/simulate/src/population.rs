//! Who the simulated apprentices are and when they learn: traits by pace (slow, average,
//! fast, each with individual spread), a daily routine (a session on most weekdays, fewer at
//! weekends, a few lessons each), a week missed by some, and quitting that grows likelier the
//! longer a learner has been away. A learner's routine depends only on the seed and the
//! learner, so every policy is compared on exactly the same days.

use super::rng::Rng;
use super::truth::Traits;
use serde::Serialize;

/// Apprentices in the pilot cohort by default.
pub const PILOT_LEARNERS: u64 = 100;

/// How the population is made (the `flowline simulate` flags).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    pub learners: usize,
    pub seed: u64,
    /// Shares of slow and fast learners (the rest are average).
    pub slow_share: f64,
    pub fast_share: f64,
    /// Share of learners who miss a whole week (somewhere in their first two months).
    pub miss_week_share: f64,
    /// Chance of a session on a weekday for a typical learner (weekends: less than half).
    pub weekday_chance: f64,
    /// Mean lessons per session.
    pub lessons_per_session: f64,
    /// Days simulated at most before a learner counts as never ready.
    pub max_days: u32,
    /// The cohort's desired retention (what the engine schedules reviews for).
    pub desired_retention: f64,
    /// Apprentices of the pilot cohort whose answers BKT's parameters are fitted to (0: the
    /// population learns with the shipped parameters).
    pub pilot_learners: u64,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            learners: 500,
            seed: 1,
            slow_share: 0.25,
            fast_share: 0.25,
            miss_week_share: 0.25,
            weekday_chance: 0.7,
            lessons_per_session: 3.0,
            max_days: 540,
            desired_retention: flowline_core::domain::competency::DEFAULT_RETENTION,
            pilot_learners: PILOT_LEARNERS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    Slow,
    Average,
    Fast,
}

/// One day's session: when it starts (ms after the day's midnight, UTC) and how many lessons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Session {
    pub start_ms: i64,
    pub lessons: usize,
}

#[derive(Debug, Clone)]
pub struct Apprentice {
    pub number: u64,
    pub pace: Pace,
    pub traits: Traits,
    /// The first day of the missed week, if any.
    pub missed_week: Option<u32>,
    /// Per day, the session if any; ends when the learner quits (or at `max_days`).
    pub days: Vec<Option<Session>>,
    pub quit: bool,
}

/// Purpose numbers of the learner's random streams.
pub const TRAITS: u64 = 1;
pub const ROUTINE: u64 = 2;
pub const ANSWERS: u64 = 3;
pub const CHOICES: u64 = 4;

const HOUR_MS: i64 = 3_600_000;
/// Each day without a session, the chance of quitting grows by this per day away.
const QUIT_PER_DAY_AWAY: f64 = 0.0012;

impl Population {
    pub fn apprentice(&self, number: u64) -> Apprentice {
        let mut rng = Rng::stream(self.seed, number, TRAITS);
        let draw = rng.unit();
        let pace = if draw < self.slow_share {
            Pace::Slow
        } else if draw < self.slow_share + self.fast_share {
            Pace::Fast
        } else {
            Pace::Average
        };
        let (rate, decay, slip) = match pace {
            Pace::Slow => (0.25, 0.30, 0.08),
            Pace::Average => (0.40, 0.25, 0.06),
            Pace::Fast => (0.60, 0.20, 0.04),
        };
        let traits = Traits {
            learn_rate: rng.log_normal(rate, 0.2).clamp(0.05, 0.95),
            decay: (decay * rng.log_normal(1.0, 0.1)).clamp(0.1, 0.5),
            slip: (slip * rng.log_normal(1.0, 0.3)).clamp(0.01, 0.2),
        };
        let engagement = rng.log_normal(1.0, 0.15);
        let missed_week = rng
            .chance(self.miss_week_share)
            .then(|| 10 + rng.below(50) as u32);
        let (days, quit) = self.routine(number, engagement, missed_week);
        Apprentice {
            number,
            pace,
            traits,
            missed_week,
            days,
            quit,
        }
    }

    fn routine(
        &self,
        number: u64,
        engagement: f64,
        missed: Option<u32>,
    ) -> (Vec<Option<Session>>, bool) {
        let mut rng = Rng::stream(self.seed, number, ROUTINE);
        let mut days = Vec::with_capacity(self.max_days as usize);
        let mut away = 0u32;
        for day in 0..self.max_days {
            // Day 0 is a Monday.
            let weekend = day % 7 >= 5;
            let chance =
                (self.weekday_chance * engagement).min(0.97) * if weekend { 0.4 } else { 1.0 };
            let missing = missed.is_some_and(|m| (m..m + 7).contains(&day));
            let session = (day == 0 || (!missing && rng.chance(chance))).then(|| {
                let extra = (rng.unit() * 2.0 * (self.lessons_per_session - 1.0)).round();
                Session {
                    start_ms: (7.0 + 14.0 * rng.unit()) as i64 * HOUR_MS
                        + rng.below(3_600) as i64 * 1_000,
                    lessons: 1 + extra.max(0.0) as usize,
                }
            });
            if session.is_some() {
                away = 0;
            } else {
                away += 1;
                if rng.chance(QUIT_PER_DAY_AWAY * f64::from(away)) {
                    days.push(None);
                    return (days, true);
                }
            }
            days.push(session);
        }
        (days, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_learners_and_another_seed_others() {
        let p = Population::default();
        let a: Vec<_> = (0..20).map(|n| p.apprentice(n).days).collect();
        let b: Vec<_> = (0..20).map(|n| p.apprentice(n).days).collect();
        assert_eq!(a, b);
        let other = Population { seed: 2, ..p };
        assert_ne!(
            a,
            (0..20)
                .map(|n| other.apprentice(n).days)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_missed_week_has_no_session_and_long_absences_make_quitting_likelier() {
        let p = Population {
            miss_week_share: 1.0,
            ..Population::default()
        };
        for n in 0..50 {
            let a = p.apprentice(n);
            let m = a.missed_week.expect("everyone misses a week") as usize;
            assert!(a.days.iter().skip(m).take(7).all(Option::is_none));
        }
        let rare = Population {
            weekday_chance: 0.15,
            ..Population::default()
        };
        let quits = |p: &Population| (0..300).filter(|&n| p.apprentice(n).quit).count();
        assert!(quits(&rare) > quits(&Population::default()));
    }
}
