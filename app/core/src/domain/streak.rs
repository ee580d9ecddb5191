//! The streak: consecutive days, in the learner's own timezone, with at least one item done.
//! One freeze is earned per 7-day run (at most 2 held); a freeze covers one missed day.

use super::Zone;
use chrono::{DateTime, Days, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MAX_FREEZES: u32 = 2;
pub const RUN_FOR_FREEZE: u32 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Streak {
    /// Days in the current run (0 when broken).
    pub current: u32,
    pub longest: u32,
    /// Freezes held now.
    pub freezes: u32,
    /// Whether today already counts.
    pub today_done: bool,
}

/// The learner's local date of an instant.
pub fn local_day(at_ms: i64, tz: Zone) -> NaiveDate {
    DateTime::from_timestamp_millis(at_ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// The instant (Unix ms) a local day starts. Where midnight does not exist (a DST gap at
/// 00:00), the first instant of the day that does.
pub fn day_start_ms(day: NaiveDate, tz: Zone) -> i64 {
    let mut local = day.and_time(chrono::NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.timestamp_millis();
        }
        local += chrono::Duration::minutes(30);
    }
    tz.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .timestamp_millis()
}

/// The last instant (Unix ms) of a local day.
pub fn day_end_ms(day: NaiveDate, tz: Zone) -> i64 {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    day_start_ms(next, tz) - 1
}

/// The streak fold over active days, oldest first: what is known after the last of them.
/// Kept between batches so a new day costs O(1), not a pass over every day learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StreakRun {
    pub current: u32,
    pub longest: u32,
    pub freezes: u32,
    pub last_day: Option<NaiveDate>,
}

impl StreakRun {
    /// Counts an active day; a day at or before the last one counted changes nothing.
    pub fn push(&mut self, day: NaiveDate) {
        match self.last_day {
            Some(p) if day <= p => return,
            None => self.current = 1,
            Some(p) => {
                let missed = gap(p, day);
                if missed <= self.freezes {
                    self.freezes -= missed;
                    self.current += 1;
                } else {
                    self.current = 1;
                }
            }
        }
        if self.current.is_multiple_of(RUN_FOR_FREEZE) {
            self.freezes = (self.freezes + 1).min(MAX_FREEZES);
        }
        self.longest = self.longest.max(self.current);
        self.last_day = Some(day);
    }

    /// The streak as it stands on `today` (on or after the last day counted).
    pub fn at(&self, today: NaiveDate) -> Streak {
        let (mut current, mut freezes) = (self.current, self.freezes);
        let today_done = self.last_day == Some(today);
        if let Some(last) = self.last_day {
            // Days missed since the last active day, not counting today (still open).
            let missed = if today_done { 0 } else { gap(last, today) };
            if missed <= freezes {
                freezes -= missed;
            } else {
                current = 0;
            }
        }
        Streak {
            current,
            longest: self.longest,
            freezes,
            today_done,
        }
    }
}

/// The streak on `today`, from the set of local days on which something was done.
pub fn streak(active: &BTreeSet<NaiveDate>, today: NaiveDate) -> Streak {
    let mut run = StreakRun::default();
    for &day in active.range(..=today) {
        run.push(day);
    }
    run.at(today)
}

/// Whole days strictly between two dates.
fn gap(earlier: NaiveDate, later: NaiveDate) -> u32 {
    let days = (later - earlier).num_days() - 1;
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn days(list: &[&str]) -> BTreeSet<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn a_first_lesson_today_starts_a_streak_of_one() {
        let s = streak(&days(&["2026-11-22"]), d("2026-11-22"));
        assert_eq!((s.current, s.longest, s.today_done), (1, 1, true));
    }

    #[test]
    fn yesterday_keeps_the_streak_alive_until_today_ends() {
        let s = streak(&days(&["2026-11-20", "2026-11-21"]), d("2026-11-22"));
        assert_eq!((s.current, s.today_done), (2, false));
    }

    #[test]
    fn a_missed_day_without_a_freeze_breaks_it_but_longest_remembers() {
        let s = streak(
            &days(&["2026-11-18", "2026-11-19", "2026-11-20"]),
            d("2026-11-22"),
        );
        assert_eq!((s.current, s.longest), (0, 3));
    }

    #[test]
    fn a_seven_day_run_earns_a_freeze_that_covers_one_missed_day() {
        let mut list: Vec<String> = (1..=7).map(|i| format!("2026-11-{i:02}")).collect();
        list.push("2026-11-09".into()); // the 8th missed
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let s = streak(&days(&refs), d("2026-11-09"));
        assert_eq!((s.current, s.freezes, s.today_done), (8, 0, true));
    }

    #[test]
    fn freezes_are_capped_at_two() {
        let list: Vec<String> = (1..=28).map(|i| format!("2026-11-{i:02}")).collect();
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let s = streak(&days(&refs), d("2026-11-28"));
        assert_eq!((s.current, s.freezes), (28, 2));
    }

    #[test]
    fn local_days_follow_the_learners_timezone() {
        // 23:30 UTC on 21 Nov is 22 Nov in Auckland and still 21 Nov in London.
        let t = DateTime::parse_from_rfc3339("2026-11-21T23:30:00Z")
            .expect("time")
            .timestamp_millis();
        assert_eq!(
            local_day(t, crate::domain::Zone::parse_or_default("Pacific/Auckland")),
            d("2026-11-22")
        );
        assert_eq!(
            local_day(t, crate::domain::Zone::parse_or_default("Europe/London")),
            d("2026-11-21")
        );
    }

    #[test]
    fn a_day_with_a_clock_change_is_still_one_day() {
        // Europe/London falls back on 25 Oct 2026: that day has 25 hours.
        let tz = crate::domain::Zone::parse_or_default("Europe/London");
        let start = day_start_ms(d("2026-10-25"), tz);
        let end = day_end_ms(d("2026-10-25"), tz);
        assert_eq!(end + 1 - start, 25 * 3_600_000);
        assert_eq!(local_day(start, tz), d("2026-10-25"));
        assert_eq!(local_day(end, tz), d("2026-10-25"));
    }
}
