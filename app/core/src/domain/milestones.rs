//! Milestones from the engine's state: tiers per KSB group (Novice, Adept, Master), streaks of
//! 7, 30 and 100 days, and the first KSB mastered. Pure: the caller passes each KSB's state as
//! the engine sees it now, and the milestones already awarded. An award is made once, with the
//! evidence that earned it, and kept: a learner who forgets later keeps it, and the current
//! state says what is due instead.

use crate::domain::standard_doc::KsbKind;
use std::collections::BTreeSet;

/// Mastery a KSB needs to count as started well enough for Novice.
pub const NOVICE_MASTERY: f64 = 40.0;
/// Mastery every KSB of a group needs for Adept (the engine's "mastered" band).
pub const ADEPT_MASTERY: f64 = 80.0;
/// Spaced reviews passed after reaching Adept, with no lapse, that make a Master.
pub const MASTER_REVIEWS: u32 = 2;
/// Streak lengths that are milestones.
pub const STREAKS: [u32; 3] = [7, 30, 100];

/// One KSB as the engine sees it now.
#[derive(Debug, Clone, PartialEq)]
pub struct KsbNow {
    pub code: String,
    pub kind: KsbKind,
    pub mastery: f64,
    /// Answered or observed at least once.
    pub started: bool,
    /// A mentor signed off observed live work.
    pub observed: bool,
    /// Spaced reviews passed since it was mastered, with no lapse since (the engine's
    /// [`crate::domain::competency::KsbState::held_reviews`]; a lapse starts it again).
    pub reviews_since_mastered: u32,
}

impl KsbNow {
    fn adept(&self) -> bool {
        self.mastery >= ADEPT_MASTERY && (self.kind == KsbKind::Knowledge || self.observed)
    }

    fn master(&self) -> bool {
        self.adept() && self.reviews_since_mastered >= MASTER_REVIEWS
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Novice,
    Adept,
    Master,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Novice, Tier::Adept, Tier::Master];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Novice => "novice",
            Tier::Adept => "adept",
            Tier::Master => "master",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::Novice => "Novice",
            Tier::Adept => "Adept",
            Tier::Master => "Master",
        }
    }
}

/// The highest tier a group of KSBs holds now (`None`: not even Novice, or an empty group).
pub fn tier(group: &[KsbNow]) -> Option<Tier> {
    if group.is_empty() {
        return None;
    }
    let all = |f: fn(&KsbNow) -> bool| group.iter().all(f);
    if all(KsbNow::master) {
        Some(Tier::Master)
    } else if all(KsbNow::adept) {
        Some(Tier::Adept)
    } else if all(|k| k.started && k.mastery >= NOVICE_MASTERY) {
        Some(Tier::Novice)
    } else {
        None
    }
}

/// What stands between a group and `target`, in words ("2 more KSBs at 80 %").
pub fn missing(group: &[KsbNow], target: Tier) -> Vec<String> {
    let plural = |n: usize| if n == 1 { "KSB" } else { "KSBs" };
    let mut out = Vec::new();
    let not_started = group.iter().filter(|k| !k.started).count();
    if not_started > 0 {
        out.push(format!("{not_started} {} to start", plural(not_started)));
    }
    let need = match target {
        Tier::Novice => NOVICE_MASTERY,
        _ => ADEPT_MASTERY,
    };
    let below = group
        .iter()
        .filter(|k| k.started && k.mastery < need)
        .count();
    if below > 0 {
        out.push(format!("{below} more {} at {need:.0} %", plural(below)));
    }
    if target >= Tier::Adept {
        let unobserved: Vec<&str> = group
            .iter()
            .filter(|k| k.kind != KsbKind::Knowledge && !k.observed)
            .map(|k| k.code.as_str())
            .collect();
        if !unobserved.is_empty() {
            out.push(format!("observed practice of {}", unobserved.join(", ")));
        }
    }
    if target == Tier::Master {
        let reviews = group
            .iter()
            .filter(|k| k.adept() && k.reviews_since_mastered < MASTER_REVIEWS)
            .count();
        if reviews > 0 {
            out.push(format!(
                "{reviews} {} to hold through {MASTER_REVIEWS} spaced reviews",
                plural(reviews)
            ));
        }
    }
    out
}

/// A milestone, named so an award of it is made once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Milestone {
    /// A tier of a KSB group (the group's key: "knowledge", "skills", "behaviours" or a theme).
    Group(String, Tier),
    Streak(u32),
    FirstMastered,
}

impl Milestone {
    /// A stable key, e.g. `group:skills:adept`, `streak:30`, `first-mastered`.
    pub fn key(&self) -> String {
        match self {
            Milestone::Group(g, t) => format!("group:{g}:{}", t.as_str()),
            Milestone::Streak(n) => format!("streak:{n}"),
            Milestone::FirstMastered => "first-mastered".to_owned(),
        }
    }
}

/// A milestone reached now, with what earned it.
#[derive(Debug, Clone, PartialEq)]
pub struct Award {
    pub milestone: Milestone,
    /// The KSBs (code and mastery) or the streak that earned it.
    pub evidence: Vec<String>,
}

/// A named group of KSBs.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    pub key: &'a str,
    pub ksbs: Vec<KsbNow>,
}

/// The milestones reached now that were not awarded before (`held` holds their keys). Each
/// tier reached awards the ones under it too, so no tier is skipped.
pub fn new_awards(
    groups: &[Group<'_>],
    longest_streak: u32,
    held: &BTreeSet<String>,
) -> Vec<Award> {
    let mut out = Vec::new();
    let mut give = |m: Milestone, evidence: Vec<String>| {
        if !held.contains(&m.key()) {
            out.push(Award {
                milestone: m,
                evidence,
            });
        }
    };
    let all: Vec<&KsbNow> = groups.iter().flat_map(|g| &g.ksbs).collect();
    if let Some(k) = all.iter().find(|k| k.mastery >= ADEPT_MASTERY) {
        give(
            Milestone::FirstMastered,
            vec![format!("{} {:.0} %", k.code, k.mastery)],
        );
    }
    for g in groups {
        let Some(top) = tier(&g.ksbs) else {
            continue;
        };
        let evidence: Vec<String> = g
            .ksbs
            .iter()
            .map(|k| format!("{} {:.0} %", k.code, k.mastery))
            .collect();
        for t in Tier::ALL.into_iter().filter(|t| *t <= top) {
            give(Milestone::Group(g.key.to_owned(), t), evidence.clone());
        }
    }
    for n in STREAKS.into_iter().filter(|n| *n <= longest_streak) {
        give(Milestone::Streak(n), vec![format!("{n} days in a row")]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ksb(code: &str, kind: KsbKind, mastery: f64) -> KsbNow {
        KsbNow {
            code: code.into(),
            kind,
            mastery,
            started: mastery > 0.0,
            observed: false,
            reviews_since_mastered: 0,
        }
    }

    #[test]
    fn a_skills_group_is_adept_only_with_observed_practice_and_master_after_two_clean_reviews() {
        let mut g = vec![
            ksb("S1", KsbKind::Skill, 85.0),
            ksb("S2", KsbKind::Skill, 90.0),
        ];
        assert_eq!(tier(&g), Some(Tier::Novice));
        assert_eq!(missing(&g, Tier::Adept), ["observed practice of S1, S2"]);
        g.iter_mut().for_each(|k| k.observed = true);
        assert_eq!(tier(&g), Some(Tier::Adept));
        g.iter_mut().for_each(|k| k.reviews_since_mastered = 2);
        assert_eq!(tier(&g), Some(Tier::Master));
        g[0].reviews_since_mastered = 0; // a lapse: the engine starts the count again
        assert_eq!(tier(&g), Some(Tier::Adept));
        assert_eq!(
            missing(&g, Tier::Master),
            ["1 KSB to hold through 2 spaced reviews"]
        );
    }

    #[test]
    fn what_is_missing_is_said_in_words() {
        let g = vec![
            ksb("K1", KsbKind::Knowledge, 0.0),
            ksb("K2", KsbKind::Knowledge, 55.0),
            ksb("K3", KsbKind::Knowledge, 62.0),
        ];
        assert_eq!(tier(&g), None);
        assert_eq!(
            missing(&g, Tier::Adept),
            ["1 KSB to start", "2 more KSBs at 80 %"]
        );
    }

    #[test]
    fn an_award_is_made_once_and_kept_after_forgetting() {
        let mut g = vec![ksb("K1", KsbKind::Knowledge, 82.0)];
        let groups = |g: &Vec<KsbNow>| {
            vec![Group {
                key: "knowledge",
                ksbs: g.clone(),
            }]
        };
        let first = new_awards(&groups(&g), 8, &BTreeSet::new());
        let keys: Vec<String> = first.iter().map(|a| a.milestone.key()).collect();
        assert_eq!(
            keys,
            [
                "first-mastered",
                "group:knowledge:novice",
                "group:knowledge:adept",
                "streak:7"
            ]
        );
        let held: BTreeSet<String> = keys.into_iter().collect();
        assert!(new_awards(&groups(&g), 8, &held).is_empty());
        // Forgotten: nothing is taken back, nothing new is given.
        g[0].mastery = 50.0;
        assert!(new_awards(&groups(&g), 8, &held).is_empty());
    }

    fn kind() -> impl Strategy<Value = KsbKind> {
        prop_oneof![
            Just(KsbKind::Knowledge),
            Just(KsbKind::Skill),
            Just(KsbKind::Behaviour)
        ]
    }

    fn ksb_now() -> impl Strategy<Value = KsbNow> {
        (kind(), 0.0..100.0f64, any::<bool>(), any::<bool>(), 0u32..4).prop_map(
            |(kind, mastery, started, observed, reviews)| KsbNow {
                code: "X".into(),
                kind,
                mastery: if started { mastery } else { 0.0 },
                started,
                observed,
                reviews_since_mastered: reviews,
            },
        )
    }

    proptest! {
        #[test]
        fn more_mastery_never_lowers_a_tier(group in prop::collection::vec(ksb_now(), 1..6), i in 0usize..6, up in 0.0..50.0f64) {
            let before = tier(&group);
            let mut more = group.clone();
            let i = i % more.len();
            more[i].mastery = (more[i].mastery + up).min(100.0);
            prop_assert!(tier(&more) >= before);
        }

        #[test]
        fn a_tier_is_held_exactly_when_nothing_is_missing_for_it(group in prop::collection::vec(ksb_now(), 1..6)) {
            for t in Tier::ALL {
                prop_assert_eq!(tier(&group) >= Some(t), missing(&group, t).is_empty(), "{:?}", t);
            }
        }

        #[test]
        fn awards_never_repeat_and_follow_the_streak(group in prop::collection::vec(ksb_now(), 1..6), streak in 0u32..150) {
            let groups = vec![Group { key: "skills", ksbs: group }];
            let first = new_awards(&groups, streak, &BTreeSet::new());
            let streaks = first.iter().filter(|a| matches!(a.milestone, Milestone::Streak(_))).count();
            prop_assert_eq!(streaks, STREAKS.iter().filter(|n| **n <= streak).count());
            let held: BTreeSet<String> = first.iter().map(|a| a.milestone.key()).collect();
            prop_assert_eq!(held.len(), first.len());
            prop_assert!(new_awards(&groups, streak, &held).is_empty());
        }
    }
}
