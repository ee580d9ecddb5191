use super::*;
use crate::domain::competency::pace;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Ksb {
    kind: KsbKind,
    mastery: f64,
    due: bool,
    observations: u32,
}

impl Standing for Ksb {
    fn code(&self) -> &str {
        "X1"
    }
    fn kind(&self) -> KsbKind {
        self.kind
    }
    fn mastery(&self) -> f64 {
        self.mastery
    }
    fn due(&self) -> bool {
        self.due
    }
    fn answers(&self) -> u32 {
        u32::from(self.mastery > 0.0)
    }
    fn observations(&self) -> u32 {
        self.observations
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Overall mastery rising by `per_day` a day for `days` days, ending `today`.
fn rising(today: NaiveDate, days: u64, from: f64, per_day: f64) -> Vec<Day> {
    (0..days)
        .map(|i| Day {
            date: today - Days::new(days - 1 - i),
            mastery: from + per_day * i as f64,
            active: true,
        })
        .collect()
}

fn standard(knowledge: &[f64], skills: &[(f64, u32)], behaviours: &[(f64, u32)]) -> Vec<Ksb> {
    let k = knowledge.iter().map(|&m| Ksb {
        kind: KsbKind::Knowledge,
        mastery: m,
        due: false,
        observations: 0,
    });
    let s = skills.iter().map(|&(m, o)| Ksb {
        kind: KsbKind::Skill,
        mastery: m,
        due: false,
        observations: o,
    });
    let b = behaviours.iter().map(|&(m, o)| Ksb {
        kind: KsbKind::Behaviour,
        mastery: m,
        due: false,
        observations: o,
    });
    k.chain(s).chain(b).collect()
}

#[test]
fn a_quick_learner_with_hardly_any_hours_gets_no_date_where_mastery_alone_gave_one_next_week() {
    // The apprentice the assessor saw: mastery climbing fast, 4 of 30 KSBs ready,
    // 1.5 of 696 off-the-job hours after five weeks.
    let today = day("2026-12-07");
    let started = day("2026-11-02");
    let mut masteries = vec![85.0; 4];
    masteries.extend([70.0; 16]);
    let ksbs = standard(&masteries, &[(60.0, 0); 6], &[(40.0, 0); 4]);
    let history = rising(today, 35, 20.0, 1.6);
    let old = pace(&history).predicted_ready;
    assert!(
        old.is_some_and(|d| (d - today).num_days() < 14),
        "mastery alone: {old:?}"
    );

    let f = forecast(
        &ksbs,
        &Facts {
            today,
            started,
            history: &history,
            hours: (1.5, Some(696.0)),
            behaviours_confirmed: 0,
        },
    );
    assert_eq!(f.date, None, "{f:?}");
    assert_eq!(f.confidence, Confidence::Low);
    let hours = f.parts.iter().find(|p| p.kind == PartKind::Hours);
    assert_eq!(hours.and_then(|p| p.date), None);
    assert_eq!(
        hours.map(|p| p.left.as_str()),
        Some("694.5 of 696 hours to go")
    );
    assert!(
        f.describe().starts_with("No date yet: "),
        "{}",
        f.describe()
    );
}

#[test]
fn the_date_is_the_slowest_part_and_names_it() {
    let today = day("2026-12-07");
    let started = today - Days::new(140);
    let ksbs = standard(&[70.0, 90.0], &[(90.0, 1), (90.0, 0)], &[(90.0, 1)]);
    let history = rising(today, 35, 50.0, 1.0);
    let f = forecast(
        &ksbs,
        &Facts {
            today,
            started,
            history: &history,
            // 140 of 560 hours in 140 days: 420 more at an hour a day.
            hours: (140.0, Some(560.0)),
            behaviours_confirmed: 1,
        },
    );
    let mastery = &f.parts[0];
    // 10 points short on one of 5 KSBs is 2 overall points, at 1 a day: 2 days.
    assert_eq!(mastery.date, Some(today + Days::new(2)));
    // 2 of 3 skills and behaviours observed in 140 days: the third in 70 days.
    assert_eq!(f.parts[1].date, Some(today + Days::new(70)));
    assert_eq!(f.parts[2].date, Some(today + Days::new(420)));
    assert!(f.parts[3].done, "the one behaviour is confirmed");
    assert_eq!(f.date, Some(today + Days::new(420)));
    assert_eq!(f.slowest, Some(PartKind::Hours));
    assert_eq!(f.confidence, Confidence::High, "{f:?}");
    assert_eq!(
        f.describe(),
        "31 January 2028 (high confidence), set by off-the-job hours"
    );
}

#[test]
fn everything_done_is_ready_today() {
    let today = day("2026-12-07");
    let ksbs = standard(&[85.0], &[(82.0, 2)], &[(90.0, 1)]);
    let f = forecast(
        &ksbs,
        &Facts {
            today,
            started: today - Days::new(400),
            history: &rising(today, 35, 80.0, 0.0),
            hours: (700.0, Some(696.0)),
            behaviours_confirmed: 1,
        },
    );
    assert!(f.ready());
    assert_eq!(f.date, Some(today));
    assert_eq!(f.describe(), "Ready now");
}

#[test]
fn an_uneven_pace_is_less_sure_than_a_steady_one() {
    let today = day("2026-12-07");
    let steady = rising(today, 35, 10.0, 1.0);
    let mut uneven = steady.clone();
    // The same gain over the month, but all of it in the last week.
    for (i, d) in uneven.iter_mut().enumerate() {
        d.mastery = if i < 28 {
            10.0
        } else {
            10.0 + 34.0 * (i - 27) as f64 / 7.0
        };
    }
    let ksbs = standard(&[40.0, 40.0], &[], &[]);
    let confidence = |history: &[Day]| {
        let facts = Facts {
            today,
            started: today - Days::new(200),
            history,
            hours: (0.0, None),
            behaviours_confirmed: 0,
        };
        forecast(&ksbs, &facts).confidence
    };
    assert_eq!(confidence(&steady), Confidence::High);
    assert_eq!(confidence(&uneven), Confidence::Low);
}

#[test]
fn a_ksb_climbing_past_eighty_does_not_bring_a_stuck_one_closer() {
    // K1 stuck at 0, K2 climbing from 80 to 100: overall rises, but counted up to 80 each the
    // mean stays at 40 — nothing closes K1's gap, so there is no date.
    let today = day("2026-12-07");
    let ksbs = standard(&[0.0, 100.0], &[], &[]);
    let capped: Vec<Day> = rising(today, 35, 40.0, 0.0);
    let f = forecast(
        &ksbs,
        &Facts {
            today,
            started: today - Days::new(100),
            history: &capped,
            hours: (0.0, None),
            behaviours_confirmed: 0,
        },
    );
    assert_eq!(f.date, None, "{f:?}");
    assert_eq!(
        f.describe(),
        "No date yet: mastery of every KSB, not moving"
    );
}

#[test]
fn a_standard_without_ksbs_has_no_date() {
    let today = day("2026-12-07");
    let none: Vec<Ksb> = Vec::new();
    let f = forecast(
        &none,
        &Facts {
            today,
            started: today - Days::new(100),
            history: &rising(today, 35, 0.0, 1.0),
            hours: (0.0, None),
            behaviours_confirmed: 0,
        },
    );
    assert_eq!(f.date, None);
    assert!(!f.ready());
}

fn arb_ksb() -> impl Strategy<Value = Ksb> {
    (0u8..3, 0.0f64..100.0, any::<bool>(), 0u32..3).prop_map(|(k, mastery, due, observations)| {
        Ksb {
            kind: match k {
                0 => KsbKind::Knowledge,
                1 => KsbKind::Skill,
                _ => KsbKind::Behaviour,
            },
            mastery,
            due,
            observations,
        }
    })
}

proptest! {
    /// No forecast is earlier than a part allows; a part that is not moving leaves no date;
    /// nothing open is forecast for today; and the forecast is never earlier than mastery
    /// alone would put the overall 80 %.
    #[test]
    fn the_forecast_is_never_earlier_than_any_part_allows(
        ksbs in prop::collection::vec(arb_ksb(), 1..40),
        steps in prop::collection::vec(-1.0f64..4.0, 35),
        start in 0.0f64..60.0,
        on_programme in 0u64..900,
        hours in 0.0f64..800.0,
        min_hours in prop::option::of(1.0f64..800.0),
        confirmed in 0usize..12,
    ) {
        let today = day("2026-12-07");
        let mut m = start;
        let history: Vec<Day> = steps.iter().enumerate().map(|(i, s)| {
            m = (m + s).clamp(0.0, 100.0);
            Day { date: today - Days::new(34 - i as u64), mastery: m, active: true }
        }).collect();
        let facts = Facts {
            today,
            started: today - Days::new(on_programme),
            history: &history,
            hours: (hours, min_hours),
            behaviours_confirmed: confirmed,
        };
        let f = forecast(&ksbs, &facts);
        let open: Vec<&Part> = f.parts.iter().filter(|p| !p.done).collect();
        match f.date {
            Some(d) => {
                for p in &open {
                    prop_assert!(p.date.is_some_and(|pd| pd <= d), "{p:?} after {d}");
                    prop_assert!(d > today, "open {p:?} forecast for today");
                    prop_assert!(p.confidence >= f.confidence);
                }
                let overall = ksbs.iter().map(|k| k.mastery).sum::<f64>() / ksbs.len() as f64;
                let gains = weekly_gains(&history, facts.started);
                let per_day = gains.iter().sum::<f64>() / gains.len().max(1) as f64 / 7.0;
                if overall < READY_MASTERY && per_day > 0.0 {
                    let days = ((READY_MASTERY - overall) / per_day).ceil() as u64;
                    prop_assert!(d >= today + Days::new(days.max(1)), "{d} before the overall 80 %");
                }
            }
            None => {
                prop_assert!(open.iter().any(|p| p.date.is_none()));
                prop_assert_eq!(f.confidence, Confidence::Low);
            }
        }
        prop_assert_eq!(f.ready(), open.is_empty());
    }
}
