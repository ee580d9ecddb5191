//! The Gateway forecast: the day an apprentice can be ready for Gateway to Completion, from the
//! slowest of its parts, each at the apprentice's own pace:
//! - every KSB at 80 % mastery (the points still missing, KSB by KSB, at their weekly gain),
//! - observed practice for every Skill and Behaviour (at the rate sign-offs have come so far),
//! - the standard's minimum off-the-job hours (at the hours a day done so far),
//! - every Behaviour confirmed by the line manager (at the rate confirmations have come).
//!
//! A part that is not moving has no date, and then neither has the forecast: a date is never
//! earlier than any part allows. Its confidence is that of its least sure part: from the spread
//! of the weekly mastery gains, and from how long the other rates have had to settle.

use crate::domain::competency::{Confidence, Day};
use crate::domain::readiness::{Standing, READY_MASTERY};
use crate::domain::standard_doc::KsbKind;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A forecast further away than this is no date at all.
pub const HORIZON_DAYS: f64 = 3650.0;
/// Days on the programme before a rate (sign-offs, hours, confirmations) is read as a pace:
/// one good first day is not a pace.
pub const SETTLE_DAYS: i64 = 14;

/// One part of the Gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Mastery,
    Practice,
    Hours,
    Behaviours,
}

impl PartKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Mastery => "mastery",
            PartKind::Practice => "practice",
            PartKind::Hours => "hours",
            PartKind::Behaviours => "behaviours",
        }
    }

    /// The part inside a sentence: "set by …", "No date yet: … not moving".
    pub fn phrase(self) -> &'static str {
        match self {
            PartKind::Mastery => "mastery of every KSB",
            PartKind::Practice => "observed practice",
            PartKind::Hours => "off-the-job hours",
            PartKind::Behaviours => "the line manager's confirmations",
        }
    }

    /// The part as a person names it.
    pub fn label(self) -> &'static str {
        match self {
            PartKind::Mastery => "Every KSB at 80 %",
            PartKind::Practice => "Observed practice",
            PartKind::Hours => "Off-the-job hours",
            PartKind::Behaviours => "Behaviours confirmed",
        }
    }
}

/// Where one part stands and when it can be done.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub kind: PartKind,
    pub done: bool,
    /// When it is done at the apprentice's pace (today when done); None when it is not moving.
    pub date: Option<NaiveDate>,
    pub confidence: Confidence,
    /// What is left, e.g. "12 KSBs below 80 %", or what was done when it is done.
    pub left: String,
}

/// The forecast: the latest of its parts' dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub date: Option<NaiveDate>,
    pub confidence: Confidence,
    /// The part that sets the date (or, without a date, the first part that is not moving).
    pub slowest: Option<PartKind>,
    pub parts: Vec<Part>,
}

impl Forecast {
    /// Every part is done.
    pub fn ready(&self) -> bool {
        self.parts.iter().all(|p| p.done)
    }

    /// One line for a person: "Ready now", "12 March 2027 (medium confidence), set by
    /// off-the-job hours", "No date yet: off-the-job hours are not moving".
    pub fn describe(&self) -> String {
        let by = self.slowest.map(PartKind::phrase).unwrap_or_default();
        match self.date {
            _ if self.ready() => "Ready now".to_owned(),
            Some(d) => format!(
                "{} ({} confidence), set by {by}",
                d.format("%-d %B %Y"),
                self.confidence.as_str()
            ),
            None => format!("No date yet: {by}, not moving"),
        }
    }
}

/// What the forecast reads beyond the KSBs.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts<'a> {
    pub today: NaiveDate,
    /// The apprentice's first day on the programme.
    pub started: NaiveDate,
    /// Mastery day by day, oldest first, ending today, each KSB counted up to 80 % only (the
    /// mean of `min(mastery, 80)`): gains past 80 close no gap, so the pace is read from what
    /// does.
    pub history: &'a [Day],
    /// Off-the-job hours done and the standard's minimum (None: it sets none).
    pub hours: (f64, Option<f64>),
    /// Behaviours the line manager has confirmed.
    pub behaviours_confirmed: usize,
}

/// Days from `today` to close `left` at `per_day`, as a date (None: not moving, or beyond the
/// horizon).
fn at_pace(today: NaiveDate, left: f64, per_day: f64) -> Option<NaiveDate> {
    if left <= 0.0 {
        return Some(today);
    }
    if per_day <= 1e-9 {
        return None;
    }
    let days = (left / per_day).ceil().max(1.0);
    (days <= HORIZON_DAYS)
        .then(|| today.checked_add_days(Days::new(days as u64)))
        .flatten()
}

/// When `left` more are done at the rate of `done` in `days` on the programme (a rate needs
/// [`SETTLE_DAYS`] to settle).
fn at_rate(today: NaiveDate, left: f64, done: f64, days: i64) -> Option<NaiveDate> {
    if left <= 0.0 {
        return Some(today);
    }
    if days < SETTLE_DAYS || done <= 0.0 {
        return None;
    }
    let needed = (left * days as f64 / done).ceil().max(1.0);
    (needed <= HORIZON_DAYS)
        .then(|| today.checked_add_days(Days::new(needed as u64)))
        .flatten()
}

/// Gains of overall mastery week by week, newest first, over up to 4 whole weeks of the
/// history that fall on the programme.
fn weekly_gains(history: &[Day], started: NaiveDate) -> Vec<f64> {
    let on: Vec<&Day> = history.iter().filter(|d| d.date >= started).collect();
    let mut gains = Vec::new();
    let mut end = on.len();
    while end > 7 && gains.len() < 4 {
        let (a, b) = (on[end - 8], on[end - 1]);
        gains.push(b.mastery - a.mastery);
        end -= 7;
    }
    if gains.is_empty() && on.len() > 1 {
        // Less than a week on the programme: the days there are, scaled to a week.
        let (a, b) = (on[0], on[on.len() - 1]);
        gains.push((b.mastery - a.mastery) * 7.0 / (on.len() - 1) as f64);
    }
    gains
}

/// How sure a pace read from weekly gains is: the spread of the gains against their mean.
fn spread_confidence(gains: &[f64]) -> Confidence {
    let n = gains.len() as f64;
    let mean = gains.iter().sum::<f64>() / n.max(1.0);
    if gains.len() < 2 || mean <= 0.0 {
        return Confidence::Low;
    }
    let var = gains.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0);
    match var.sqrt() / mean {
        cv if cv <= 0.35 && gains.len() >= 3 => Confidence::High,
        cv if cv <= 0.8 => Confidence::Medium,
        _ => Confidence::Low,
    }
}

/// How sure a rate read over `days` on the programme is.
fn rate_confidence(days: i64) -> Confidence {
    match days {
        d if d >= 8 * 7 => Confidence::High,
        d if d >= 3 * 7 => Confidence::Medium,
        _ => Confidence::Low,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A part that grows at the rate it has grown since the start: `done` of `total`.
fn counted(kind: PartKind, facts: &Facts, done: usize, total: usize, left: String) -> Part {
    let days = (facts.today - facts.started).num_days().max(0);
    let missing = total.saturating_sub(done);
    Part {
        kind,
        done: missing == 0,
        date: at_rate(facts.today, missing as f64, done as f64, days),
        confidence: rate_confidence(days),
        left,
    }
}

/// The forecast for KSBs `ksbs` (the whole standard) and `facts`.
pub fn forecast<K: Standing>(ksbs: &[K], facts: &Facts) -> Forecast {
    let mut parts = Vec::with_capacity(4);

    // Mastery: the points every KSB still lacks, in overall points (overall is the mean).
    let below = ksbs.iter().filter(|k| k.mastery() < READY_MASTERY).count();
    let due = ksbs.iter().filter(|k| k.due()).count();
    let missing: f64 = ksbs
        .iter()
        .map(|k| (READY_MASTERY - k.mastery()).max(0.0))
        .sum::<f64>()
        / ksbs.len().max(1) as f64;
    let gains = weekly_gains(facts.history, facts.started);
    let per_day = gains.iter().sum::<f64>() / gains.len().max(1) as f64 / 7.0;
    let mastery_done = !ksbs.is_empty() && below == 0 && due == 0;
    parts.push(Part {
        kind: PartKind::Mastery,
        done: mastery_done,
        date: if mastery_done {
            Some(facts.today)
        } else if ksbs.is_empty() {
            None
        } else if missing <= 0.0 {
            // Only reviews are due: a day's work.
            facts.today.checked_add_days(Days::new(1))
        } else {
            at_pace(facts.today, missing, per_day)
        },
        confidence: spread_confidence(&gains),
        left: match (below, due) {
            (0, 0) => "Every KSB at 80 % or more".to_owned(),
            (0, d) => plural(d, "review due", "reviews due"),
            (b, _) => format!("{} below 80 %", plural(b, "KSB", "KSBs")),
        },
    });

    // Observed practice: every Skill and Behaviour signed off at least once.
    let practised: Vec<&K> = ksbs
        .iter()
        .filter(|k| k.kind() != KsbKind::Knowledge)
        .collect();
    let observed = practised.iter().filter(|k| k.observations() > 0).count();
    let missing = practised.len() - observed;
    parts.push(counted(
        PartKind::Practice,
        facts,
        observed,
        practised.len(),
        if missing == 0 {
            format!("All {} Skills and Behaviours observed", practised.len())
        } else {
            format!(
                "{} of {} Skills and Behaviours not observed yet",
                missing,
                practised.len()
            )
        },
    ));

    // Off-the-job hours, where the standard sets a minimum.
    if let (done, Some(min)) = facts.hours {
        let days = (facts.today - facts.started).num_days().max(0);
        let left = (min - done).max(0.0);
        parts.push(Part {
            kind: PartKind::Hours,
            done: left <= 0.0,
            date: at_rate(facts.today, left, done, days),
            confidence: rate_confidence(days),
            left: if left <= 0.0 {
                format!("{done:.1} of {min:.0} hours done")
            } else {
                format!("{left:.1} of {min:.0} hours to go")
            },
        });
    }

    // Behaviours the line manager confirmed.
    let behaviours = ksbs
        .iter()
        .filter(|k| k.kind() == KsbKind::Behaviour)
        .count();
    if behaviours > 0 {
        let confirmed = facts.behaviours_confirmed.min(behaviours);
        parts.push(counted(
            PartKind::Behaviours,
            facts,
            confirmed,
            behaviours,
            if confirmed == behaviours {
                format!("All {behaviours} confirmed by the line manager")
            } else {
                format!(
                    "{} of {behaviours} not confirmed by the line manager",
                    behaviours - confirmed
                )
            },
        ));
    }

    let open: Vec<&Part> = parts.iter().filter(|p| !p.done).collect();
    let stuck = open.iter().find(|p| p.date.is_none());
    let (date, slowest) = match stuck {
        Some(p) => (None, Some(p.kind)),
        None => {
            let last = open.iter().max_by_key(|p| p.date);
            (
                last.and_then(|p| p.date).or(Some(facts.today)),
                last.map(|p| p.kind),
            )
        }
    };
    let confidence = if date.is_none() {
        Confidence::Low
    } else {
        open.iter()
            .map(|p| p.confidence)
            .min()
            .unwrap_or(Confidence::High)
    };
    Forecast {
        date,
        confidence,
        slowest,
        parts,
    }
}

#[cfg(test)]
#[path = "forecast_tests.rs"]
mod tests;
