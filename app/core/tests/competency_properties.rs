//! The promises the competency engine makes, checked over thousands of generated logs.

use chrono::{NaiveDate, NaiveTime, TimeZone};
use flowline_core::domain::competency::{replay, Event, Evidence, KsbState, Params};
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::streak::{local_day, streak};
use proptest::prelude::*;
use std::collections::BTreeSet;

const T0: i64 = 1_790_000_000_000;
const HOUR: i64 = 3_600_000;

fn kind() -> impl Strategy<Value = KsbKind> {
    prop_oneof![
        Just(KsbKind::Knowledge),
        Just(KsbKind::Skill),
        Just(KsbKind::Behaviour)
    ]
}

fn evidence() -> impl Strategy<Value = Evidence> {
    prop_oneof![
        8 => (any::<bool>(), 0.0..90.0f64).prop_map(|(correct, seconds)| Evidence::Answer { correct, seconds }),
        1 => Just(Evidence::Observed),
    ]
}

/// A log for one KSB: pieces of evidence hours to weeks apart.
fn log() -> impl Strategy<Value = Vec<(i64, Evidence)>> {
    prop::collection::vec((0..(24 * 40) as i64, evidence()), 0..40).prop_map(|steps| {
        let mut t = T0;
        steps
            .into_iter()
            .map(|(gap_h, e)| {
                t += gap_h * HOUR;
                (t, e)
            })
            .collect()
    })
}

fn params() -> impl Strategy<Value = Params> {
    (0.75..0.97f64).prop_map(|r| Params {
        desired_retention: r,
        ..Params::default()
    })
}

fn state_after(log: &[(i64, Evidence)], p: Params) -> KsbState {
    log.iter()
        .fold(KsbState::default(), |s, (t, e)| s.apply(e, *t, p))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mastery_stays_between_0_and_100(log in log(), k in kind(), p in params(), later_h in 0..(24 * 400) as i64) {
        let mut s = KsbState::default();
        for (t, e) in &log {
            s = s.apply(e, *t, p);
            let m = s.mastery(k, *t, p);
            prop_assert!((0.0..=100.0).contains(&m), "{m}");
        }
        let end = log.last().map_or(T0, |(t, _)| *t) + later_h * HOUR;
        let m = s.mastery(k, end, p);
        prop_assert!((0.0..=100.0).contains(&m), "{m}");
    }

    #[test]
    fn a_right_answer_never_lowers_mastery_and_a_wrong_one_never_raises_it(
        log in log(), k in kind(), p in params(), gap_h in 0..(24 * 120) as i64, seconds in 0.0..90.0f64, correct in any::<bool>()
    ) {
        let s = state_after(&log, p);
        let at = log.last().map_or(T0, |(t, _)| *t) + gap_h * HOUR;
        let before = s.mastery(k, at, p);
        let after = s.apply(&Evidence::Answer { correct, seconds }, at, p).mastery(k, at, p);
        if correct {
            prop_assert!(after >= before - 1e-9, "right answer lowered {before} → {after}");
        } else {
            prop_assert!(after <= before + 1e-9, "wrong answer raised {before} → {after}");
        }
    }

    #[test]
    fn without_practice_mastery_never_rises(log in log(), k in kind(), p in params(), a_h in 0..(24 * 400) as i64, b_h in 0..(24 * 400) as i64) {
        let s = state_after(&log, p);
        let last = log.last().map_or(T0, |(t, _)| *t);
        let (early, late) = (a_h.min(b_h), a_h.max(b_h));
        prop_assert!(s.mastery(k, last + late * HOUR, p) <= s.mastery(k, last + early * HOUR, p) + 1e-9);
    }

    #[test]
    fn replaying_the_same_log_gives_the_same_state(logs in prop::collection::vec(log(), 1..4), p in params()) {
        let events: Vec<Event> = logs
            .iter()
            .enumerate()
            .flat_map(|(i, log)| {
                log.iter().enumerate().map(move |(j, (t, e))| Event {
                    at_ms: *t,
                    tie: format!("{j:04}"),
                    ksb: format!("k{i}"),
                    evidence: e.clone(),
                })
            })
            .collect();
        let once = replay(&events, p);
        let again = replay(&events, p);
        prop_assert_eq!(&once, &again);
        // Delivered in another order (an offline phone syncing late), the log replays the same.
        let mut shuffled = events.clone();
        shuffled.reverse();
        prop_assert_eq!(&replay(&shuffled, p), &once);
        for (i, log) in logs.iter().enumerate() {
            let one_by_one = state_after(log, p);
            let key = format!("k{i}");
            prop_assert_eq!(once.get(&key).cloned().unwrap_or_default(), one_by_one);
        }
    }

    #[test]
    fn a_lesson_every_local_day_is_a_streak_of_that_many_days_in_any_timezone_across_clock_changes(
        tz_index in 0..TIMEZONES.len(),
        start_offset in 0..730u64,
        days in 1..60u32,
        minutes in prop::collection::vec(0..(24 * 60u32), 60),
    ) {
        let tz = flowline_core::domain::Zone::parse(TIMEZONES[tz_index]).expect("a known zone");
        // Starts anywhere in 2026–2027, so runs cross spring-forward and fall-back days.
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Days::new(start_offset);
        let mut active = BTreeSet::new();
        let mut last = start;
        for i in 0..days {
            let day = start + chrono::Days::new(u64::from(i));
            let m = minutes[i as usize];
            let local = day.and_time(NaiveTime::from_hms_opt(m / 60, m % 60, 0).expect("time"));
            // A local time skipped by a clock change cannot happen; take the hour after.
            let instant = tz
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
                .expect("a real instant");
            let seen = local_day(instant.timestamp_millis(), tz);
            prop_assert_eq!(seen, day);
            active.insert(seen);
            last = day;
        }
        let s = streak(&active, last);
        prop_assert_eq!(s.current, days);
        prop_assert!(s.today_done);
        // The next day, not yet done, still shows the run; the day after a miss breaks it
        // unless a freeze was earned.
        let tomorrow = streak(&active, last + chrono::Days::new(1));
        prop_assert_eq!((tomorrow.current, tomorrow.today_done), (days, false));
        let after_miss = streak(&active, last + chrono::Days::new(2));
        if days >= 7 {
            prop_assert_eq!(after_miss.current, days);
        } else {
            prop_assert_eq!(after_miss.current, 0);
        }
    }
}

const TIMEZONES: [&str; 8] = [
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
];
