use super::*;
use crate::domain::competency::Evidence;

const DAY: i64 = 86_400_000;

fn ksb(code: &str, kind: KsbKind, right_answers: u32, observed: bool) -> KsbEngineState {
    let params = Params::default();
    let mut s = KsbState::default();
    for n in 0..right_answers {
        let e = Evidence::Answer {
            correct: true,
            seconds: 8.0,
        };
        s = s.apply(&e, i64::from(n) * DAY, params);
    }
    if observed {
        s = s.apply(&Evidence::Observed, i64::from(right_answers) * DAY, params);
    }
    KsbEngineState {
        code: code.into(),
        kind,
        state: (&s).into(),
    }
}

fn streak(current: u32, longest: u32) -> Streak {
    Streak {
        current,
        longest,
        ..Streak::default()
    }
}

fn keys(b: &[EarnedBadge]) -> Vec<&str> {
    b.iter().map(|b| b.key.as_str()).collect()
}

#[test]
fn a_new_apprentice_sees_what_the_first_milestones_need() {
    let ksbs = vec![
        ksb("K1", KsbKind::Knowledge, 0, false),
        ksb("S1", KsbKind::Skill, 0, false),
    ];
    let b = badges(&groups(&ksbs, 0, Params::default()), &streak(0, 0), &[]);
    assert!(b.earned.is_empty());
    let next: Vec<(&str, &str, Vec<&str>)> = b
        .next
        .iter()
        .map(|n| {
            let missing = n.missing.iter().map(String::as_str).collect();
            (n.key.as_str(), n.title.as_str(), missing)
        })
        .collect();
    assert_eq!(
        next,
        [
            (
                "first-mastered",
                "First KSB mastered",
                vec!["one KSB at 80 %"]
            ),
            (
                "group:knowledge:novice",
                "Novice · Knowledge",
                vec!["1 KSB to start"]
            ),
            (
                "group:skills:novice",
                "Novice · Skills",
                vec!["1 KSB to start"]
            ),
            ("streak:7", "7-day streak", vec!["7 more days in a row"]),
        ]
    );
}

#[test]
fn a_milestone_reached_on_the_phone_lands_unconfirmed_and_the_server_confirms_it() {
    let now = 10 * DAY;
    let ksbs = vec![ksb("K1", KsbKind::Knowledge, 6, false)];
    let g = groups(&ksbs, now, Params::default());
    let before = badges(&[], &streak(1, 1), &[]);
    let on_phone = badges(&g, &streak(1, 1), &[]);
    let new: Vec<&str> = landed(&before, &on_phone)
        .iter()
        .map(|b| b.key.as_str())
        .collect();
    assert_eq!(
        new,
        [
            "group:knowledge:adept",
            "group:knowledge:novice",
            "first-mastered"
        ]
    );
    assert!(on_phone.earned.iter().all(|b| b.awarded_at_ms.is_none()));
    // The server's awards arrive: the same badges, now with their dates; nothing lands twice.
    let confirmed: Vec<EarnedBadge> = on_phone
        .earned
        .iter()
        .map(|b| EarnedBadge {
            awarded_at_ms: Some(now),
            ..b.clone()
        })
        .collect();
    let synced = badges(&g, &streak(1, 1), &confirmed);
    assert_eq!(keys(&synced.earned), keys(&on_phone.earned));
    assert!(landed(&on_phone, &synced).is_empty());
    assert_eq!(synced.next[0].key, "group:knowledge:master");
}

#[test]
fn an_award_is_kept_after_forgetting_and_says_which_review_is_due() {
    let ksbs = vec![
        ksb("K1", KsbKind::Knowledge, 6, false),
        ksb("K2", KsbKind::Knowledge, 6, false),
    ];
    let reached = badges(
        &groups(&ksbs, 6 * DAY, Params::default()),
        &streak(0, 0),
        &[],
    );
    assert!(keys(&reached.earned).contains(&"group:knowledge:adept"));
    // A year without reviews: knowledge fades below 80 %, the badge stays, the review is due.
    let later = groups(&ksbs, 400 * DAY, Params::default());
    let kept = badges(&later, &streak(0, 0), &reached.earned);
    let adept = kept
        .earned
        .iter()
        .find(|b| b.key == "group:knowledge:adept")
        .expect("kept");
    assert_eq!(adept.review_due, ["K1", "K2"]);
    assert_eq!(kept.earned.len(), reached.earned.len(), "nothing new");
}

#[test]
fn a_skill_is_adept_only_once_a_mentor_has_observed_it() {
    let quiz_only = vec![ksb("S1", KsbKind::Skill, 8, false)];
    let b = badges(
        &groups(&quiz_only, 8 * DAY, Params::default()),
        &streak(0, 0),
        &[],
    );
    assert_eq!(keys(&b.earned), ["group:skills:novice"]);
    let adept = b.next.iter().find(|n| n.key == "group:skills:adept");
    assert!(adept.is_some_and(|n| n.missing.iter().any(|m| m.contains("80 %"))));
    let observed = vec![ksb("S1", KsbKind::Skill, 8, true)];
    let b = badges(
        &groups(&observed, 9 * DAY, Params::default()),
        &streak(0, 0),
        &[],
    );
    assert!(keys(&b.earned).contains(&"group:skills:adept"));
}
