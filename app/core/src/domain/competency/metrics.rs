//! Pace metrics from the daily series of overall mastery: velocity, acceleration, the
//! predicted date to 80 %, churn risk and the learner's archetype.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Overall mastery counted as ready.
pub const READY: f64 = 80.0;

/// One day of the learner's history: overall mastery at the end of that local day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub mastery: f64,
    /// Something was done that day.
    pub active: bool,
}

/// How sure a date is; ordered from least to most sure (the surest a forecast can be is the
/// least sure of its parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnRisk {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    Sprinter,
    SteadyClimber,
    Stalled,
    Specialist,
    Polymath,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl Archetype {
    pub fn label(self) -> &'static str {
        match self {
            Archetype::Sprinter => "Sprinter",
            Archetype::SteadyClimber => "Steady climber",
            Archetype::Stalled => "Stalled",
            Archetype::Specialist => "Specialist",
            Archetype::Polymath => "Polymath",
        }
    }
}

/// What the pace metrics say about a learner today.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// Percentage points of overall mastery per day, over the last 7 days.
    pub velocity: f64,
    /// This week's velocity minus last week's (points/day per week).
    pub acceleration: f64,
    /// Velocity as it stood 3 days ago (for "slowed by 40 % in 3 days").
    pub velocity_3_days_ago: f64,
    pub predicted_ready: Option<NaiveDate>,
    pub confidence: Confidence,
    pub days_inactive: u32,
    pub churn_risk: ChurnRisk,
}

impl Pace {
    /// Why the learner is at churn risk, in a mentor's words; `None` when they are not.
    pub fn churn_reason(&self) -> Option<String> {
        let slowed =
            self.velocity_3_days_ago > 0.0 && self.velocity <= 0.6 * self.velocity_3_days_ago;
        match self.churn_risk {
            ChurnRisk::Low => None,
            ChurnRisk::High if self.days_inactive > 2 => {
                Some(format!("{} days without learning", self.days_inactive))
            }
            ChurnRisk::High if slowed => Some(format!(
                "pace down {:.0} % in 3 days",
                (1.0 - self.velocity / self.velocity_3_days_ago) * 100.0
            )),
            ChurnRisk::Medium if self.days_inactive == 2 => Some("2 days without learning".into()),
            _ => Some("no progress this week".into()),
        }
    }
}

/// Overall mastery `back` days before the last entry (0 before the history starts).
fn back(history: &[Day], back: usize) -> f64 {
    history
        .len()
        .checked_sub(back + 1)
        .and_then(|i| history.get(i))
        .map_or(0.0, |d| d.mastery)
}

/// Pace metrics from a contiguous daily history ending today (oldest first).
pub fn pace(history: &[Day]) -> Pace {
    let Some(today) = history.last() else {
        return Pace {
            velocity: 0.0,
            acceleration: 0.0,
            velocity_3_days_ago: 0.0,
            predicted_ready: None,
            confidence: Confidence::Low,
            days_inactive: 0,
            churn_risk: ChurnRisk::Low,
        };
    };
    let velocity = (back(history, 0) - back(history, 7)) / 7.0;
    let last_week = (back(history, 7) - back(history, 14)) / 7.0;
    let velocity_3_days_ago = (back(history, 3) - back(history, 10)) / 7.0;
    let days_inactive = history
        .iter()
        .rev()
        .take_while(|d| !d.active)
        .count()
        .try_into()
        .unwrap_or(u32::MAX);
    let active_14 = history.iter().rev().take(14).filter(|d| d.active).count();
    let confidence = match active_14 {
        8.. => Confidence::High,
        4..=7 => Confidence::Medium,
        _ => Confidence::Low,
    };
    let predicted_ready = if today.mastery >= READY {
        Some(today.date)
    } else if velocity > 0.01 {
        let days = ((READY - today.mastery) / velocity).ceil();
        (days < 3650.0)
            .then(|| today.date.checked_add_days(Days::new(days as u64)))
            .flatten()
    } else {
        None
    };
    let ever_active = history.iter().any(|d| d.active);
    let slowed = velocity_3_days_ago > 0.0 && velocity <= 0.6 * velocity_3_days_ago;
    let churn_risk = if ever_active && (days_inactive > 2 || slowed) {
        ChurnRisk::High
    } else if ever_active && (days_inactive == 2 || velocity <= 0.0) {
        ChurnRisk::Medium
    } else {
        ChurnRisk::Low
    };
    Pace {
        velocity,
        acceleration: velocity - last_week,
        velocity_3_days_ago,
        predicted_ready,
        confidence,
        days_inactive,
        churn_risk,
    }
}

/// The learner's archetype, or None while there is too little to tell (fewer than 3 active
/// days). `masteries` holds every KSB of the standard (untouched = 0).
pub fn archetype(history: &[Day], pace: &Pace, masteries: &[f64]) -> Option<Archetype> {
    let active_days = history.iter().filter(|d| d.active).count();
    if active_days < 3 || masteries.is_empty() {
        return None;
    }
    let touched: Vec<f64> = masteries.iter().copied().filter(|m| *m > 0.0).collect();
    let breadth = touched.len() as f64 / masteries.len() as f64;
    let depth = touched.iter().sum::<f64>() / touched.len().max(1) as f64;
    Some(if pace.days_inactive > 5 || pace.velocity <= 0.05 {
        Archetype::Stalled
    } else if pace.velocity >= 3.0 {
        Archetype::Sprinter
    } else if breadth <= 0.3 && depth >= 60.0 {
        Archetype::Specialist
    } else if breadth >= 0.6 {
        Archetype::Polymath
    } else {
        Archetype::SteadyClimber
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[(f64, bool)]) -> Vec<Day> {
        let start = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
        values
            .iter()
            .enumerate()
            .map(|(i, &(mastery, active))| Day {
                date: start + chrono::Duration::days(i as i64),
                mastery,
                active,
            })
            .collect()
    }

    #[test]
    fn a_steady_two_points_a_day_predicts_the_date_to_eighty() {
        let h = series(&(0..15).map(|i| (2.0 * i as f64, true)).collect::<Vec<_>>());
        let p = pace(&h);
        assert!((p.velocity - 2.0).abs() < 1e-9);
        assert!(p.acceleration.abs() < 1e-9);
        // 28 % on 15 Nov, 52 points to go at 2 a day: 26 days later.
        assert_eq!(
            p.predicted_ready,
            NaiveDate::from_ymd_opt(2026, 12, 11),
            "{p:?}"
        );
        assert_eq!(p.confidence, Confidence::High);
        assert_eq!(p.churn_risk, ChurnRisk::Low);
    }

    #[test]
    fn three_quiet_days_are_a_churn_risk_and_no_gain_predicts_nothing() {
        let mut v: Vec<(f64, bool)> = (0..8).map(|i| (3.0 * i as f64, true)).collect();
        v.extend([(21.0, false), (21.0, false), (21.0, false)]);
        let p = pace(&series(&v));
        assert_eq!(p.days_inactive, 3);
        assert_eq!(p.churn_risk, ChurnRisk::High);
        assert_eq!(p.churn_reason().as_deref(), Some("3 days without learning"));
    }

    #[test]
    fn archetypes_follow_pace_and_breadth() {
        let fast = series(&(0..8).map(|i| (4.0 * i as f64, true)).collect::<Vec<_>>());
        let p = pace(&fast);
        assert_eq!(archetype(&fast, &p, &[50.0; 10]), Some(Archetype::Sprinter));
        let slow = series(&(0..8).map(|i| (i as f64, true)).collect::<Vec<_>>());
        let p = pace(&slow);
        let mut narrow = vec![0.0; 10];
        narrow[0] = 90.0;
        narrow[1] = 70.0;
        assert_eq!(archetype(&slow, &p, &narrow), Some(Archetype::Specialist));
        assert_eq!(archetype(&slow, &p, &[30.0; 10]), Some(Archetype::Polymath));
        assert_eq!(archetype(&slow[..2], &p, &[30.0; 10]), None);
    }
}
