//! The mentor's traffic light: who needs them today. Red: stalled or at churn risk (no activity
//! for more than 2 days, or pace down by 40 % or more in 3 days); amber: behind the cohort's
//! pace (or not started); green: on track.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Red,
    Amber,
    Green,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Red => "red",
            Status::Amber => "amber",
            Status::Green => "green",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Red => "Needs you",
            Status::Amber => "Behind",
            Status::Green => "On track",
        }
    }
}

/// What the rule needs to know about one learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pulse {
    /// Overall mastery (0–100).
    pub overall: f64,
    /// Points per day over the last 7 days.
    pub velocity: f64,
    /// The same, as it stood 3 days ago.
    pub velocity_3_days_ago: f64,
    /// Whole local days since the learner last did something (0 = today).
    pub days_inactive: u32,
    /// The learner has done anything at all.
    pub started: bool,
}

/// How far below the cohort's average overall mastery counts as behind: a quarter of the
/// average, and at least this many points.
pub const BEHIND_BY: f64 = 5.0;
/// A pace below this share of the cohort's median velocity counts as behind.
pub const SLOW_SHARE: f64 = 0.5;

/// The cohort's pace, from every learner's pulse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortPace {
    pub mean_overall: f64,
    pub median_velocity: f64,
}

impl CohortPace {
    pub fn of(pulses: &[Pulse]) -> Self {
        if pulses.is_empty() {
            return Self {
                mean_overall: 0.0,
                median_velocity: 0.0,
            };
        }
        let mean_overall = pulses.iter().map(|p| p.overall).sum::<f64>() / pulses.len() as f64;
        let mut v: Vec<f64> = pulses.iter().map(|p| p.velocity).collect();
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        let median_velocity = if v.len().is_multiple_of(2) {
            (v[mid - 1] + v[mid]) / 2.0
        } else {
            v[mid]
        };
        Self {
            mean_overall,
            median_velocity,
        }
    }
}

/// The learner's light and a short reason a mentor can act on.
pub fn status(p: &Pulse, cohort: &CohortPace) -> (Status, String) {
    if p.started && p.days_inactive > 2 {
        return (
            Status::Red,
            format!("No activity for {} days", p.days_inactive),
        );
    }
    if p.started && p.velocity_3_days_ago > 0.0 && p.velocity <= 0.6 * p.velocity_3_days_ago {
        let drop = (1.0 - p.velocity / p.velocity_3_days_ago) * 100.0;
        return (
            Status::Red,
            format!("Pace down {:.0} % in 3 days", drop.min(100.0)),
        );
    }
    if !p.started {
        return (Status::Amber, "Not started yet".to_owned());
    }
    if p.overall < cohort.mean_overall - BEHIND_BY.max(0.25 * cohort.mean_overall) {
        return (
            Status::Amber,
            format!(
                "Behind the cohort: {:.0} % vs {:.0} % average",
                p.overall, cohort.mean_overall
            ),
        );
    }
    if cohort.median_velocity > 0.2 && p.velocity < SLOW_SHARE * cohort.median_velocity {
        return (
            Status::Amber,
            format!(
                "Slower than the cohort: {:.1} vs {:.1} points a day",
                p.velocity, cohort.median_velocity
            ),
        );
    }
    (Status::Green, "On track".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pulse(overall: f64, velocity: f64, before: f64, idle: u32) -> Pulse {
        Pulse {
            overall,
            velocity,
            velocity_3_days_ago: before,
            days_inactive: idle,
            started: true,
        }
    }

    #[test]
    fn three_quiet_days_or_a_halved_pace_need_the_mentor() {
        let cohort = CohortPace {
            mean_overall: 30.0,
            median_velocity: 2.0,
        };
        let quiet = status(&pulse(40.0, 2.0, 2.0, 3), &cohort);
        assert_eq!(quiet, (Status::Red, "No activity for 3 days".to_owned()));
        let two_days = status(&pulse(40.0, 2.0, 2.0, 2), &cohort);
        assert_eq!(two_days.0, Status::Green);
        let slowed = status(&pulse(40.0, 1.2, 2.0, 0), &cohort);
        assert_eq!(slowed, (Status::Red, "Pace down 40 % in 3 days".to_owned()));
        let eased = status(&pulse(40.0, 1.3, 2.0, 0), &cohort);
        assert_eq!(eased.0, Status::Green, "35 % slower is not yet a stall");
    }

    #[test]
    fn behind_the_cohort_is_amber_and_not_started_is_amber_too() {
        let pulses = [
            pulse(50.0, 3.0, 3.0, 0),
            pulse(40.0, 2.0, 2.0, 0),
            pulse(15.0, 2.0, 2.0, 1),
            pulse(45.0, 0.5, 0.5, 0),
        ];
        let cohort = CohortPace::of(&pulses);
        assert_eq!(cohort.mean_overall, 37.5);
        assert_eq!(cohort.median_velocity, 2.0);
        assert_eq!(status(&pulses[0], &cohort).0, Status::Green);
        assert_eq!(
            status(&pulses[2], &cohort),
            (
                Status::Amber,
                "Behind the cohort: 15 % vs 38 % average".to_owned()
            )
        );
        assert_eq!(status(&pulses[3], &cohort).0, Status::Amber);
        let new = Pulse {
            started: false,
            days_inactive: 9,
            ..pulse(0.0, 0.0, 0.0, 9)
        };
        assert_eq!(
            status(&new, &cohort),
            (Status::Amber, "Not started yet".to_owned())
        );
    }
}
