//! The kept state must say exactly what a replay of the whole log says, read any way.

use super::*;
use crate::domain::competency::{apply_all_before, timeline, Evidence};
use crate::domain::streak::{day_start_ms, streak};
use proptest::prelude::*;

const DAY: i64 = 86_400_000;
const START: i64 = 1_780_000_000_000; // late May 2026

fn ksbs() -> Vec<KsbRef> {
    ["k1", "k2", "s1", "b1"]
        .iter()
        .zip([
            KsbKind::Knowledge,
            KsbKind::Knowledge,
            KsbKind::Skill,
            KsbKind::Behaviour,
        ])
        .map(|(id, kind)| KsbRef {
            id: (*id).into(),
            kind,
        })
        .collect()
}

fn ctx(ksbs: &[KsbRef]) -> Context<'_> {
    Context {
        tz: crate::domain::Zone::parse_or_default("Europe/London"),
        params: Params::default(),
        ksbs,
    }
}

/// A learner's log: (minutes after START, KSB index, right?, observed?, skip?) per step.
fn log(steps: &[(u32, usize, bool, bool, bool)]) -> (Vec<Event>, Vec<Activity>) {
    let ids = ["k1", "k2", "s1", "b1"];
    let mut at = START;
    let mut events = Vec::new();
    let mut activities = Vec::new();
    for (n, &(minutes, k, right, observed, skip)) in steps.iter().enumerate() {
        at += i64::from(minutes) * 60_000;
        let evidence = if observed {
            Evidence::Observed
        } else {
            Evidence::Answer {
                correct: right,
                seconds: 8.0,
            }
        };
        if !skip {
            events.push(Event {
                at_ms: at,
                tie: format!("i{n:05}:000"),
                ksb: ids[k % ids.len()].into(),
                evidence,
            });
        }
        activities.push(Activity {
            occurred_ms: at,
            received_ms: at + 1_000,
            content_id: format!("lesson-{}", n % 7).into(),
            counts_for_streak: !skip,
            rating: None,
        });
    }
    (events, activities)
}

fn steps() -> impl Strategy<Value = Vec<(u32, usize, bool, bool, bool)>> {
    // Gaps from a minute to about three weeks: same-day runs, missed days, long breaks.
    let gap = prop_oneof![1u32..90, 600u32..3_000, 20_000u32..30_000];
    prop::collection::vec(
        (
            gap,
            0usize..4,
            any::<bool>(),
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.1),
        ),
        0..120,
    )
}

proptest! {
    #[test]
    fn batches_folded_in_order_equal_the_replay(steps in steps(), cut in prop::collection::vec(0usize..120, 0..6)) {
        let refs = ksbs();
        let c = ctx(&refs);
        let (events, activities) = log(&steps);
        let whole = EngineState::replay(events.clone(), activities.clone(), &c);
        // The same log in batches, as phones send it.
        let mut cuts: Vec<usize> = cut.into_iter().map(|n| n.min(activities.len())).collect();
        cuts.push(activities.len());
        cuts.sort_unstable();
        let mut kept = EngineState::new(c.key());
        let mut from = 0;
        for to in cuts {
            let batch: Vec<Activity> = activities[from..to].to_vec();
            let times: BTreeSet<i64> = batch.iter().map(|a| a.occurred_ms).collect();
            let evidence: Vec<Event> = events.iter().filter(|e| times.contains(&e.at_ms)).cloned().collect();
            prop_assert!(kept.apply(evidence, batch, &c).is_ok());
            from = to;
        }
        prop_assert_eq!(&kept, &whole);
    }

    #[test]
    fn reading_the_kept_state_says_what_the_old_full_replay_said(steps in steps(), later in 0i64..40) {
        let refs = ksbs();
        let c = ctx(&refs);
        let (events, activities) = log(&steps);
        let state = EngineState::replay(events.clone(), activities.clone(), &c);
        let last = activities.last().map_or(START, |a| a.occurred_ms);
        let now = last + later * DAY / 3;
        let today = state.today(now, c.tz);
        prop_assert_eq!(today, local_day(now, c.tz));

        // The chart: each of 35 days at its end, today at now.
        let days: Vec<NaiveDate> = (0..35u64).rev().filter_map(|b| today.checked_sub_days(Days::new(b))).collect();
        let instants: Vec<i64> = days.iter().map(|d| if *d == today { now } else { day_end_ms(*d, c.tz) }).collect();
        let oracle = timeline(&events, &refs, c.params, &instants);
        let series = state.series(&days, today, now, &c);
        prop_assert_eq!(series.len(), oracle.len());
        for (got, want) in series.iter().zip(&oracle) {
            for (g, w) in got.iter().zip(want) {
                prop_assert!((g - w).abs() < 1e-9, "{g} vs {w}");
            }
        }

        // The day's focus is chosen from the map as the day began.
        let morning = apply_all_before(&ordered(events.clone()), day_start_ms(today, c.tz), c.params);
        prop_assert_eq!(state.morning_of(today, c.tz), &morning);

        // The streak, from every learning day.
        let days_done: BTreeSet<NaiveDate> = activities.iter().filter(|a| a.counts_for_streak)
            .map(|a| local_day(a.occurred_ms, c.tz)).collect();
        prop_assert_eq!(state.streak(today), streak(&days_done, today));
        prop_assert_eq!(state.interactions, activities.len() as u64);
    }
}

#[test]
fn evidence_from_before_what_was_applied_is_refused_and_changes_nothing() {
    let refs = ksbs();
    let c = ctx(&refs);
    let (events, activities) = log(&[(5, 0, true, false, false), (600, 1, true, false, false)]);
    let mut state = EngineState::new(c.key());
    state
        .apply(vec![events[1].clone()], vec![activities[1].clone()], &c)
        .expect("in order");
    let before = state.clone();
    assert_eq!(
        state.apply(vec![events[0].clone()], vec![activities[0].clone()], &c),
        Err(OutOfOrder)
    );
    assert_eq!(state, before);
}

#[test]
fn a_state_made_for_another_time_zone_retention_or_memory_model_does_not_fit() {
    let refs = ksbs();
    let c = ctx(&refs);
    let state = EngineState::new(c.key());
    assert!(state.fits(&c));
    let elsewhere = Context {
        tz: crate::domain::Zone::parse_or_default("Pacific/Auckland"),
        ..ctx(&refs)
    };
    assert!(!state.fits(&elsewhere));
    let stricter = Context {
        params: Params {
            desired_retention: 0.97,
            ..Params::default()
        },
        ..ctx(&refs)
    };
    assert!(!state.fits(&stricter));
    let mut weights = crate::domain::competency::fsrs6::Weights::default();
    weights.0[20] = 0.3;
    let fitted = Context {
        params: Params {
            weights,
            ..Params::default()
        },
        ..ctx(&refs)
    };
    assert!(!state.fits(&fitted), "a new fit replays every schedule");
}
