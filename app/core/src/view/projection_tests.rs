use super::*;
use crate::domain::competency::replay;
use crate::model::{EngineSnapshot, InteractionIn, KsbEngineState, Streak};

const DAY: i64 = 86_400_000;
/// 2026-11-20T09:00:00Z
const T0: i64 = 1_763_629_200_000;

fn ksbs() -> Vec<(&'static str, KsbKind)> {
    vec![
        ("K1", KsbKind::Knowledge),
        ("K2", KsbKind::Knowledge),
        ("S1", KsbKind::Skill),
    ]
}

fn entry(id: &str, at: i64, seconds: f64, answers: &[(&str, bool)]) -> OutboxEntry {
    OutboxEntry {
        id: id.into(),
        item: InteractionIn {
            id: id.into(),
            content_id: "lesson".into(),
            kind: InteractionKind::Answered,
            occurred_at: rfc3339(at).unwrap_or_default(),
            time_spent_s: seconds,
            answers: Vec::new(),
            rating: None,
            device: None,
        },
        graded: answers
            .iter()
            .enumerate()
            .map(|(n, (ksb, correct))| GradedAnswer {
                question_id: format!("{id}-q{n}"),
                ksb: (*ksb).into(),
                correct: *correct,
            })
            .collect(),
        title: "Lesson".into(),
        queued_at_ms: at,
        rejected: None,
    }
}

/// What the server would report after replaying every entry from nothing.
fn server_view(all: &[OutboxEntry], now: i64) -> Progress {
    let params = Params::default();
    let competency = replay::replay(&events(all), params);
    let tz = crate::domain::Zone::parse_or_default("Europe/London");
    let days: BTreeSet<NaiveDate> = all
        .iter()
        .filter_map(occurred_ms)
        .map(|t| local_day(t, tz))
        .collect();
    let mut masteries = Vec::new();
    let rows = ksbs()
        .into_iter()
        .map(|(code, kind)| {
            let s = competency.get(code).cloned().unwrap_or_default();
            let m = s.mastery(kind, now, params);
            masteries.push(m);
            ksb_progress(code, kind, "text", &s, m, 0.0, now, params)
        })
        .collect();
    Progress {
        standard: "ST1332".into(),
        standard_title: "Cable jointer".into(),
        illustrative: false,
        streak: streak(&days, local_day(now, tz)),
        overall: round1(overall(&masteries)),
        ksbs: rows,
        velocity: 0.0,
        acceleration: 0.0,
        predicted_ready_date: None,
        confidence: crate::domain::competency::Confidence::Low,
        churn_risk: crate::domain::competency::ChurnRisk::Low,
        archetype: None,
        history: Vec::new(),
        engine: EngineSnapshot {
            format: crate::model::offline::ENGINE_FORMAT,
            as_of_ms: now,
            timezone: "Europe/London".into(),
            desired_retention: params.desired_retention,
            weights: Vec::new(),
            knowledge: None,
            ksbs: ksbs()
                .into_iter()
                .map(|(code, kind)| KsbEngineState {
                    code: code.into(),
                    kind,
                    state: competency.get(code).map(Into::into).unwrap_or_default(),
                })
                .collect(),
            active_days: days.iter().map(ToString::to_string).collect(),
            run: None,
        },
        badges: Default::default(),
    }
}

fn masteries(p: &Progress) -> Vec<(String, f64, Band)> {
    p.ksbs
        .iter()
        .map(|k| (k.code.clone(), k.mastery, k.band))
        .collect()
}

#[test]
fn answers_made_offline_show_what_the_server_will_compute_after_sync() {
    let synced = vec![entry("a", T0, 20.0, &[("K1", true), ("S1", false)])];
    let offline = vec![
        entry("b", T0 + DAY, 12.0, &[("K1", true), ("K2", true)]),
        entry(
            "c",
            T0 + DAY + 60_000,
            40.0,
            &[("S1", true), ("K2", false), ("K1", true)],
        ),
    ];
    let now = T0 + DAY + 120_000;
    let snapshot = server_view(&synced, T0 + 60_000);
    let seen_offline = project(&snapshot, &offline, now);

    let everything: Vec<OutboxEntry> = synced.iter().chain(&offline).cloned().collect();
    let after_sync = server_view(&everything, now);
    assert_eq!(masteries(&seen_offline), masteries(&after_sync));
    assert_eq!(seen_offline.overall, after_sync.overall);
    assert_eq!(seen_offline.streak, after_sync.streak);
    assert_eq!(seen_offline.streak.current, 2);
    assert!(seen_offline.overall > snapshot.overall);
    let k1 = &seen_offline.ksbs[0];
    assert_eq!((k1.answers, k1.right), (3, 3));
    // What comes next is said on the phone as the server will say it.
    let server_next = crate::view::badges::badges(
        &crate::view::badges::groups(&after_sync.engine.ksbs, now, Params::default()),
        &after_sync.streak,
        &[],
    );
    assert_eq!(seen_offline.badges, server_next);
}

#[test]
fn a_refused_interaction_moves_nothing() {
    let snapshot = server_view(&[], T0);
    let mut refused = entry("x", T0 + 1_000, 5.0, &[("K1", true)]);
    refused.rejected = Some("That lesson is not in your standard.".into());
    let seen = project(&snapshot, &[refused], T0 + 2_000);
    assert_eq!(masteries(&seen), masteries(&snapshot));
    assert_eq!(seen.streak, Streak::default());
}

#[test]
fn a_skip_answers_nothing_and_keeps_no_streak() {
    let snapshot = server_view(&[], T0);
    let mut skip = entry("s", T0 + 1_000, 0.0, &[]);
    skip.item.kind = InteractionKind::Skipped;
    let seen = project(&snapshot, &[skip], T0 + 2_000);
    assert_eq!(seen.streak.current, 0);
    assert_eq!(seen.overall, 0.0);
}

#[test]
fn grading_uses_the_key_shipped_with_the_feed() {
    let q = |id: &str, ksb: &str, answer: usize| QuestionDto {
        id: id.into(),
        ksb: ksb.into(),
        prompt: "?".into(),
        options: vec!["a".into(), "b".into(), "c".into()],
        answer,
        explanation: String::new(),
    };
    let graded = grade(&[q("q1", "K1", 2), q("q2", "S1", 0)], &[2, 1]);
    assert_eq!(
        graded
            .iter()
            .map(|g| (g.ksb.as_str(), g.correct))
            .collect::<Vec<_>>(),
        vec![("K1", true), ("S1", false)]
    );
}
