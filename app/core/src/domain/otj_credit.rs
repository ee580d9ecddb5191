//! How much of a learner's own time on Flowline counts as off-the-job training: only as far
//! as the server can vouch for it. Items arrive from phones (often late, from the outbox) with
//! the time the phone says; each is credited at most the lesson's length (a watch) or ten
//! minutes (a check), and then only
//! - once per lesson per local day for a watch, and once per lesson's check per day;
//! - where it does not overlap an activity already credited (nobody watches two lessons at
//!   once, and a hundred items stamped with one minute are one minute);
//! - up to the day's ceiling (the standard's setting, [`DAILY_LIMIT_HOURS`] unless an admin
//!   sets another) of lessons and checks together;
//! - when it reached the server within the offline window ([`OFFLINE_WINDOW_DAYS`]) of
//!   happening: older ones are kept as learning but flagged for the mentor, not counted.
//!
//! Everything refused is counted by reason, so Progress can say what did not count and why.

use super::otj::{answering_seconds, watched_seconds};
use super::streak::local_day;
use super::Zone;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The most a day of Flowline lessons and checks counts for.
/// The day's ceiling unless the standard sets another.
pub const DAILY_LIMIT_HOURS: f64 = 4.0;
/// How long an item may wait on a phone (offline) and still count.
pub const OFFLINE_WINDOW_DAYS: i64 = 14;

/// What the learner did, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Watch,
    Check,
}

/// One recorded watch or check.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    pub lesson: &'a str,
    pub kind: Kind,
    /// When it ended, by the phone's clock (ms since the epoch).
    pub occurred_at: i64,
    /// When the server received it.
    pub received_at: i64,
    pub spent_s: f64,
    /// The lesson's video length.
    pub video_s: i64,
}

impl Claim<'_> {
    /// The most this item could count for on its own.
    pub fn claimed_s(&self) -> f64 {
        match self.kind {
            Kind::Watch => watched_seconds(self.spent_s, self.video_s),
            Kind::Check => answering_seconds(self.spent_s),
        }
    }
}

/// Why (part of) an item did not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotCounted {
    RepeatToday,
    Overlap,
    DailyLimit,
    Late,
    /// On a day of a break in learning (counted by the OTJ service, not here).
    InBreak,
}

impl NotCounted {
    /// What Progress says, after "Not counted: " (`daily_hours`: the standard's ceiling).
    pub fn explain(self, daily_hours: f64) -> String {
        match self {
            Self::RepeatToday => {
                "the same lesson watched, or its check answered, again on the same day (each counts once a day)".to_owned()
            }
            Self::Overlap => {
                "time that overlaps something already counted (one thing at a time)".to_owned()
            }
            Self::DailyLimit => format!(
                "lessons and checks past {} hours in one day",
                hours_text(daily_hours)
            ),
            Self::InBreak => {
                "time on days of a break in learning (it counts again from the day of return)"
                    .to_owned()
            }
            Self::Late => format!(
                "items that reached Flowline more than {OFFLINE_WINDOW_DAYS} days after they happened (your mentor can log that training for you)"
            ),
        }
    }
}

/// Time credited to one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Credit {
    /// The item's index in the claims.
    pub index: usize,
    pub day: NaiveDate,
    pub seconds: f64,
}

/// What did not count for one reason: how many items, and the time they claimed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Refused {
    pub items: u32,
    pub seconds: f64,
}

/// "4", "2.5".
fn hours_text(h: f64) -> String {
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

/// Credits `claims` (oldest first by `occurred_at`) in the learner's time zone, at most
/// `daily_hours` of them a day.
pub fn credit(
    claims: &[Claim<'_>],
    tz: Zone,
    daily_hours: f64,
) -> (Vec<Credit>, BTreeMap<NotCounted, Refused>) {
    let mut credits = Vec::new();
    let mut refused: BTreeMap<NotCounted, Refused> = BTreeMap::new();
    let mut refuse = |why: NotCounted, seconds: f64, whole: bool| {
        let r = refused.entry(why).or_default();
        r.seconds += seconds;
        if whole {
            r.items += 1;
        }
    };
    let mut seen: HashSet<(NaiveDate, &str, Kind)> = HashSet::new();
    let mut day_total: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut busy_until = i64::MIN;
    let limit = daily_hours * 3600.0;
    for (index, c) in claims.iter().enumerate() {
        let claimed = c.claimed_s();
        if claimed <= 0.0 {
            continue;
        }
        if c.received_at - c.occurred_at > OFFLINE_WINDOW_DAYS * 86_400_000 {
            refuse(NotCounted::Late, claimed, true);
            continue;
        }
        let day = local_day(c.occurred_at, tz);
        if seen.contains(&(day, c.lesson, c.kind)) {
            refuse(NotCounted::RepeatToday, claimed, true);
            continue;
        }
        let start = (c.occurred_at - (claimed * 1000.0) as i64).max(busy_until);
        let free = ((c.occurred_at - start) as f64 / 1000.0).clamp(0.0, claimed);
        if free <= 0.0 {
            refuse(NotCounted::Overlap, claimed, true);
            continue;
        }
        if free < claimed {
            refuse(NotCounted::Overlap, claimed - free, false);
        }
        let total = day_total.entry(day).or_default();
        let room = (limit - *total).max(0.0);
        if room <= 0.0 {
            refuse(NotCounted::DailyLimit, free, true);
            continue;
        }
        let counted = free.min(room);
        if counted < free {
            refuse(NotCounted::DailyLimit, free - counted, false);
        }
        *total += counted;
        busy_until = busy_until.max(c.occurred_at);
        seen.insert((day, c.lesson, c.kind));
        credits.push(Credit {
            index,
            day,
            seconds: counted,
        });
    }
    (credits, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    const T0: i64 = 1_796_000_000_000;

    fn watch(lesson: &str, at: i64, spent: f64) -> Claim<'_> {
        Claim {
            lesson,
            kind: Kind::Watch,
            occurred_at: at,
            received_at: at,
            spent_s: spent,
            video_s: 75,
        }
    }

    fn utc() -> Zone {
        Zone::parse("UTC").expect("UTC")
    }

    fn total(credits: &[Credit]) -> f64 {
        credits.iter().map(|c| c.seconds).sum()
    }

    #[test]
    fn two_hundred_watches_of_one_lesson_count_its_length_once_a_day() {
        let claims: Vec<Claim> = (0..200)
            .map(|i| watch("cable-types", T0 + (i % 2) * DAY + i * 60_000, 300.0))
            .collect();
        let (credits, refused) = credit(&claims, utc(), DAILY_LIMIT_HOURS);
        assert_eq!(credits.len(), 2);
        assert_eq!(total(&credits), 150.0);
        assert_eq!(refused[&NotCounted::RepeatToday].items, 198);
    }

    #[test]
    fn items_stamped_with_one_moment_are_one_moment() {
        let lessons: Vec<String> = (0..50).map(|i| format!("lesson-{i}")).collect();
        let claims: Vec<Claim> = lessons.iter().map(|l| watch(l, T0, 75.0)).collect();
        let (credits, refused) = credit(&claims, utc(), DAILY_LIMIT_HOURS);
        assert_eq!(total(&credits), 75.0);
        assert_eq!(refused[&NotCounted::Overlap].items, 49);
    }

    #[test]
    fn back_to_back_lessons_count_in_full_and_a_check_after_its_lesson_too() {
        let mut claims = vec![
            watch("a", T0, 75.0),
            watch("b", T0 + 75_000, 75.0),
            watch("c", T0 + 120_000, 75.0),
        ];
        claims.push(Claim {
            kind: Kind::Check,
            ..watch("c", T0 + 150_000, 30.0)
        });
        let (credits, refused) = credit(&claims, utc(), DAILY_LIMIT_HOURS);
        // c overlaps b by 30 s; the check follows c.
        assert_eq!(total(&credits), 75.0 + 75.0 + 45.0 + 30.0);
        assert_eq!(refused[&NotCounted::Overlap].seconds, 30.0);
        assert_eq!(refused[&NotCounted::Overlap].items, 0, "partly counted");
    }

    #[test]
    fn a_day_counts_up_to_its_ceiling() {
        let lessons: Vec<String> = (0..400).map(|i| format!("lesson-{i}")).collect();
        let claims: Vec<Claim> = lessons
            .iter()
            .enumerate()
            .map(|(i, l)| watch(l, T0 + i as i64 * 75_000, 75.0))
            .collect();
        let (credits, refused) = credit(&claims, utc(), DAILY_LIMIT_HOURS);
        let days: std::collections::BTreeSet<_> = credits.iter().map(|c| c.day).collect();
        for d in days {
            let day: f64 = credits
                .iter()
                .filter(|c| c.day == d)
                .map(|c| c.seconds)
                .sum();
            assert!(day <= DAILY_LIMIT_HOURS * 3600.0 + 1e-9, "{d}: {day}");
        }
        assert!(refused.contains_key(&NotCounted::DailyLimit));
        // A standard that sets 2.5 hours: each day stops there, and says so.
        let (credits, _) = credit(&claims, utc(), 2.5);
        let first = credits[0].day;
        let day: f64 = credits
            .iter()
            .filter(|c| c.day == first)
            .map(|c| c.seconds)
            .sum();
        assert!((day - 2.5 * 3600.0).abs() < 1e-6, "{day}");
        assert_eq!(
            NotCounted::DailyLimit.explain(2.5),
            "lessons and checks past 2.5 hours in one day"
        );
    }

    #[test]
    fn items_that_waited_past_the_offline_window_are_flagged_not_counted() {
        let mut late = watch("a", T0, 75.0);
        late.received_at = T0 + (OFFLINE_WINDOW_DAYS + 1) * DAY;
        let mut fine = watch("b", T0 + 100_000, 75.0);
        fine.received_at = T0 + (OFFLINE_WINDOW_DAYS - 1) * DAY;
        let (credits, refused) = credit(&[late, fine], utc(), DAILY_LIMIT_HOURS);
        assert_eq!(total(&credits), 75.0);
        assert_eq!(refused[&NotCounted::Late].items, 1);
        assert!(NotCounted::Late
            .explain(DAILY_LIMIT_HOURS)
            .contains("14 days"));
    }
}
