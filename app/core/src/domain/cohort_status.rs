//! The mentor's traffic light: who needs them today, each apprentice measured against their
//! own plan, never against the cohort (a cohort's average moves with every new starter).
//! Red: stalled or at churn risk (no activity for more than 2 days, or pace down by 40 % or
//! more in 3 days); amber: not started, behind where their plan puts them by today, too slow
//! to reach 80 % by their planned end, or something waiting on the mentor (an alert); green:
//! on track and nothing waiting.

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

/// Overall mastery the plan aims at by its end.
pub const GOAL: f64 = 80.0;

/// The apprentice's own plan: days of learning so far and planned in all (days of a break in
/// learning count in neither; the plan moves with the break).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub days_in: i64,
    pub days_planned: i64,
    /// On a break in learning today.
    pub on_break: bool,
    /// Days since the apprentice came back from their latest break (None: never away).
    pub back_days: Option<i64>,
}

impl Plan {
    /// Where the plan puts overall mastery by today: a straight line to [`GOAL`] at the end.
    pub fn expected(&self) -> f64 {
        let share = self.days_in as f64 / self.days_planned.max(1) as f64;
        GOAL * share.clamp(0.0, 1.0)
    }

    /// Points a day still needed to reach [`GOAL`] by the planned end from `overall`.
    pub fn needed_pace(&self, overall: f64) -> Option<f64> {
        let left = self.days_planned - self.days_in;
        (left > 0).then(|| (GOAL - overall).max(0.0) / left as f64)
    }
}

/// How far below the plan counts as behind: a quarter of where the plan is, and at least
/// this many points.
pub const BEHIND_BY: f64 = 5.0;
/// A pace below this share of the pace the plan needs counts as too slow.
pub const SLOW_SHARE: f64 = 0.5;

/// The cohort's pace, from every learner's pulse (the board's header; no light reads it).
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

/// The learner's light and a short reason a mentor can act on. `alert` is the first thing
/// waiting on the mentor for this learner (a question, hours or evidence to approve, a
/// progress review, lapsed reviews): while one stands the light is not green.
pub fn status(p: &Pulse, plan: &Plan, alert: Option<&str>) -> (Status, String) {
    if plan.on_break {
        return match alert {
            Some(a) => (Status::Amber, a.to_owned()),
            None => (Status::Green, "On a break in learning".to_owned()),
        };
    }
    // Days away on a break are not days of inactivity, and a pace read across a break is not
    // a pace: after a return, idle days count from the return, and the pace from 10 days on.
    let idle = match plan.back_days {
        Some(back) => i64::from(p.days_inactive).min(back.max(0)),
        None => i64::from(p.days_inactive),
    };
    let settled = plan.back_days.is_none_or(|back| back >= 10);
    if p.started && idle > 2 {
        return (Status::Red, format!("No activity for {idle} days"));
    }
    if p.started
        && settled
        && p.velocity_3_days_ago > 0.0
        && p.velocity <= 0.6 * p.velocity_3_days_ago
    {
        let drop = (1.0 - p.velocity / p.velocity_3_days_ago) * 100.0;
        return (
            Status::Red,
            format!("Pace down {:.0} % in 3 days", drop.min(100.0)),
        );
    }
    if !p.started {
        return (Status::Amber, "Not started yet".to_owned());
    }
    let expected = plan.expected();
    if p.overall < expected - BEHIND_BY.max(0.25 * expected) {
        return (
            Status::Amber,
            format!(
                "Behind their plan: {:.0} % where {:.0} % was planned by today",
                p.overall, expected
            ),
        );
    }
    match plan.needed_pace(p.overall) {
        None if p.overall < GOAL => {
            return (Status::Amber, "Past the planned end date".to_owned());
        }
        Some(needed) if settled && needed > 0.0 && p.velocity < SLOW_SHARE * needed => {
            return (
                Status::Amber,
                format!(
                    "Too slow for their planned end: {:.2} of {:.2} points a day",
                    p.velocity, needed
                ),
            );
        }
        _ => {}
    }
    match alert {
        Some(a) => (Status::Amber, a.to_owned()),
        None => (Status::Green, "On track".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pulse(overall: f64, velocity: f64, before: f64, idle: u32) -> Pulse {
        Pulse {
            overall,
            velocity,
            velocity_3_days_ago: before,
            days_inactive: idle,
            started: true,
        }
    }

    /// Day `days_in` of a 30-month (913-day) programme.
    fn day(days_in: i64) -> Plan {
        Plan {
            days_in,
            days_planned: 913,
            on_break: false,
            back_days: None,
        }
    }

    #[test]
    fn three_quiet_days_or_a_halved_pace_need_the_mentor() {
        let plan = day(60);
        let quiet = status(&pulse(40.0, 2.0, 2.0, 3), &plan, None);
        assert_eq!(quiet, (Status::Red, "No activity for 3 days".to_owned()));
        let two_days = status(&pulse(40.0, 2.0, 2.0, 2), &plan, None);
        assert_eq!(two_days.0, Status::Green);
        let slowed = status(&pulse(40.0, 1.2, 2.0, 0), &plan, None);
        assert_eq!(slowed, (Status::Red, "Pace down 40 % in 3 days".to_owned()));
        let eased = status(&pulse(40.0, 1.3, 2.0, 0), &plan, None);
        assert_eq!(eased.0, Status::Green, "35 % slower is not yet a stall");
    }

    #[test]
    fn behind_their_own_plan_is_amber_and_not_started_is_amber_too() {
        // Half way through: the plan puts them at 40 %.
        let half = day(456);
        assert!((half.expected() - 39.96).abs() < 0.01);
        assert_eq!(
            status(&pulse(28.0, 0.5, 0.5, 0), &half, None),
            (
                Status::Amber,
                "Behind their plan: 28 % where 40 % was planned by today".to_owned()
            )
        );
        assert_eq!(
            status(&pulse(32.0, 0.5, 0.5, 0), &half, None).0,
            Status::Green
        );
        // In their first month 3 % is where the plan has them.
        assert_eq!(
            status(&pulse(3.0, 0.3, 0.3, 0), &day(30), None).0,
            Status::Green
        );
        let new = Pulse {
            started: false,
            ..pulse(0.0, 0.0, 0.0, 9)
        };
        assert_eq!(
            status(&new, &day(3), None),
            (Status::Amber, "Not started yet".to_owned())
        );
    }

    #[test]
    fn too_slow_for_the_planned_end_or_past_it_is_amber() {
        // 200 days left and 20 points to go: 0.1 a day needed, 0.02 is too slow.
        let late = Plan {
            days_in: 713,
            days_planned: 913,
            on_break: false,
            back_days: None,
        };
        assert_eq!(
            status(&pulse(60.0, 0.02, 0.02, 0), &late, Some("ignored")),
            (
                Status::Amber,
                "Too slow for their planned end: 0.02 of 0.10 points a day".to_owned()
            )
        );
        let past = Plan {
            days_in: 950,
            ..late
        };
        assert_eq!(
            status(&pulse(75.0, 1.0, 1.0, 0), &past, None),
            (Status::Amber, "Past the planned end date".to_owned())
        );
        assert_eq!(
            status(&pulse(85.0, 0.0, 0.0, 1), &past, None).0,
            Status::Green
        );
    }

    #[test]
    fn nobody_is_green_while_something_waits_on_the_mentor() {
        let waiting = status(
            &pulse(20.0, 1.0, 1.0, 0),
            &day(60),
            Some("6 reviews more than 2 days overdue"),
        );
        assert_eq!(
            waiting,
            (
                Status::Amber,
                "6 reviews more than 2 days overdue".to_owned()
            )
        );
    }

    #[test]
    fn a_break_in_learning_is_not_a_stall() {
        let away = Plan {
            on_break: true,
            ..day(200)
        };
        assert_eq!(
            status(&pulse(10.0, 0.0, 1.0, 30), &away, None),
            (Status::Green, "On a break in learning".to_owned())
        );
        // Back two days after a month away: not a stall, and no pace drop read across it.
        let back = Plan {
            back_days: Some(2),
            ..day(230)
        };
        assert_eq!(
            status(&pulse(20.0, 0.0, 1.0, 30), &back, None).0,
            Status::Green
        );
        let quiet_since = Plan {
            back_days: Some(6),
            ..day(234)
        };
        assert_eq!(
            status(&pulse(10.0, 0.0, 1.0, 30), &quiet_since, None),
            (Status::Red, "No activity for 6 days".to_owned())
        );
    }

    proptest! {
        /// A light is read from the learner and their own plan alone: however many starters
        /// join the cohort (and whatever the cohort's average), it cannot change. The board's
        /// story adds 30 starters to the demo cohort to show it end to end.
        #[test]
        fn the_light_follows_the_plan_and_rises_with_mastery(
            overall in 0.0f64..100.0,
            more in 0.0f64..20.0,
            velocity in 0.0f64..5.0,
            days_in in 0i64..1200,
        ) {
            let plan = day(days_in);
            let now = status(&pulse(overall, velocity, velocity, 0), &plan, None).0;
            let better = status(&pulse((overall + more).min(100.0), velocity, velocity, 0), &plan, None).0;
            prop_assert!(better >= now, "more mastery, a worse light: {now:?} → {better:?}");
        }
    }

    #[test]
    fn the_cohort_pace_is_the_mean_and_the_median() {
        let pulses = [
            pulse(50.0, 3.0, 3.0, 0),
            pulse(40.0, 2.0, 2.0, 0),
            pulse(15.0, 2.0, 2.0, 1),
            pulse(45.0, 0.5, 0.5, 0),
        ];
        let cohort = CohortPace::of(&pulses);
        assert_eq!(cohort.mean_overall, 37.5);
        assert_eq!(cohort.median_velocity, 2.0);
    }
}
