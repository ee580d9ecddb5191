//! Off-the-job hours as the ILR asks for them (2025 to 2026 specification): one learning
//! delivery per period of learning, with its planned off-the-job hours (`PHours`) and the hours
//! actually done (`OTJActHours`, whole hours). A break in learning ends a period (`CompStatus`
//! 6, its actual end the day before the break) and the return starts the next (`RestartInd`),
//! planned for the hours still to do and ending later by the length of the break; time during
//! a break counts in no period.

use chrono::{Months, NaiveDate};

/// A break in learning: from `starts_on` (the first day away) until `ends_on` (the day
/// learning resumed), still open when `ends_on` is None.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl Break {
    /// Whether `day` falls in the break (its return day does not).
    pub fn holds(&self, day: NaiveDate) -> bool {
        day >= self.starts_on && self.ends_on.is_none_or(|end| day < end)
    }
}

/// Days spent on `breaks` before `today` (today itself not counted).
pub fn days_away(breaks: &[Break], today: NaiveDate) -> i64 {
    breaks
        .iter()
        .filter(|b| b.starts_on < today)
        .map(|b| (b.ends_on.unwrap_or(today).min(today) - b.starts_on).num_days())
        .sum()
}

/// The ILR's completion status of a learning delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompStatus {
    /// 1: continuing.
    Continuing,
    /// 6: ended by a break in learning.
    Break,
}

impl CompStatus {
    pub fn code(self) -> u8 {
        match self {
            CompStatus::Continuing => 1,
            CompStatus::Break => 6,
        }
    }
}

/// One learning delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// `AimSeqNumber`: 1, 2, …
    pub aim_seq: u32,
    pub start: NaiveDate,
    pub plan_end: NaiveDate,
    /// The day before a break began; None while continuing.
    pub actual_end: Option<NaiveDate>,
    pub status: CompStatus,
    /// `RestartInd`: this period follows a break.
    pub restart: bool,
    /// `PHours`: off-the-job hours planned for this period (None: the standard sets no
    /// minimum).
    pub planned_hours: Option<i64>,
    /// `OTJActHours`: hours done in this period (rounded down to whole hours as the ILR
    /// takes them); `exact_hours` keeps the fraction.
    pub actual_hours: i64,
    pub exact_hours: f64,
}

/// The periods of a programme that started on `start`, planned for `months`, with its
/// `breaks` (oldest first, not overlapping) and the credited off-the-job `seconds` by day.
pub fn periods(
    start: NaiveDate,
    months: u32,
    breaks: &[Break],
    min_hours: Option<i64>,
    seconds_by_day: &[(NaiveDate, f64)],
) -> Vec<Period> {
    let first_end = start
        .checked_add_months(Months::new(months))
        .unwrap_or(start);
    let mut out: Vec<Period> = Vec::new();
    let mut from = start;
    let mut plan_end = first_end;
    let mut done = 0.0f64;
    for (n, b) in breaks.iter().enumerate() {
        let hours = in_range(seconds_by_day, from, Some(b.starts_on));
        out.push(Period {
            aim_seq: n as u32 + 1,
            start: from,
            plan_end,
            actual_end: b.starts_on.pred_opt(),
            status: CompStatus::Break,
            restart: n > 0,
            planned_hours: min_hours.map(|m| (m as f64 - done).max(0.0).ceil() as i64),
            actual_hours: hours.floor() as i64,
            exact_hours: hours,
        });
        done += hours;
        let Some(back) = b.ends_on else {
            return out;
        };
        plan_end += back - b.starts_on;
        from = back;
    }
    let hours = in_range(seconds_by_day, from, None);
    out.push(Period {
        aim_seq: breaks.len() as u32 + 1,
        start: from,
        plan_end,
        actual_end: None,
        status: CompStatus::Continuing,
        restart: !breaks.is_empty(),
        planned_hours: min_hours.map(|m| (m as f64 - done).max(0.0).ceil() as i64),
        actual_hours: hours.floor() as i64,
        exact_hours: hours,
    });
    out
}

/// Hours credited on days in [`from`, `to`).
fn in_range(seconds_by_day: &[(NaiveDate, f64)], from: NaiveDate, to: Option<NaiveDate>) -> f64 {
    seconds_by_day
        .iter()
        .filter(|(d, _)| *d >= from && to.is_none_or(|t| *d < t))
        .map(|(_, s)| s)
        .sum::<f64>()
        / 3600.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn without_a_break_there_is_one_continuing_delivery_planned_for_the_minimum() {
        let p = periods(
            day("2025-09-01"),
            30,
            &[],
            Some(696),
            &[(day("2025-09-02"), 7200.0), (day("2025-09-03"), 5400.0)],
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].plan_end, day("2028-03-01"));
        assert_eq!(p[0].planned_hours, Some(696));
        assert_eq!(p[0].actual_hours, 3);
        assert!((p[0].exact_hours - 3.5).abs() < 1e-9);
        assert_eq!(p[0].status, CompStatus::Continuing);
        assert!(!p[0].restart);
    }

    #[test]
    fn a_break_ends_a_delivery_and_the_return_starts_one_planned_for_what_is_left_later() {
        let breaks = [Break {
            starts_on: day("2026-01-10"),
            ends_on: Some(day("2026-03-10")),
        }];
        let hours = [
            (day("2025-12-01"), 10.0 * 3600.0),
            (day("2026-02-01"), 5.0 * 3600.0), // during the break: in no delivery
            (day("2026-03-10"), 2.0 * 3600.0),
        ];
        let p = periods(day("2025-09-01"), 30, &breaks, Some(696), &hours);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].status, CompStatus::Break);
        assert_eq!(p[0].status.code(), 6);
        assert_eq!(p[0].actual_end, Some(day("2026-01-09")));
        assert_eq!(p[0].actual_hours, 10);
        assert_eq!(p[1].start, day("2026-03-10"));
        assert!(p[1].restart);
        assert_eq!(p[1].planned_hours, Some(686));
        assert_eq!(p[1].actual_hours, 2);
        // Planned to end later by the 59 days away.
        assert_eq!(
            p[1].plan_end,
            day("2028-03-01") + chrono::Duration::days(59)
        );
    }

    #[test]
    fn an_open_break_is_the_last_delivery_and_a_day_in_it_is_held() {
        let b = Break {
            starts_on: day("2026-01-10"),
            ends_on: None,
        };
        let p = periods(day("2025-09-01"), 30, &[b], None, &[]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].status, CompStatus::Break);
        assert_eq!(p[0].planned_hours, None);
        assert!(b.holds(day("2026-06-01")));
        assert!(!b.holds(day("2026-01-09")));
        let closed = Break {
            starts_on: day("2026-01-10"),
            ends_on: Some(day("2026-02-01")),
        };
        assert!(
            !closed.holds(day("2026-02-01")),
            "the return day is learning again"
        );
    }
}
