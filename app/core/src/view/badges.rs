//! The learner's badges from the engine's state, the same on the server and on the device:
//! the KSBs grouped by kind, what was earned (the server's awards, plus what the device has
//! seen reached and the server has not confirmed yet), and the next milestone of each kind
//! with what is missing.

use crate::domain::competency::{KsbState, Params};
use crate::domain::milestones::{
    missing, new_awards, tier, Group, KsbNow, Milestone, Tier, ADEPT_MASTERY, NOVICE_MASTERY,
    STREAKS,
};
use crate::domain::standard_doc::KsbKind;
use crate::domain::streak::Streak;
use crate::model::{Badges, EarnedBadge, KsbEngineState, NextBadge};
use std::collections::BTreeSet;

/// The standard's groups, in order: (key, title, kind).
const GROUPS: [(&str, &str, KsbKind); 3] = [
    ("knowledge", "Knowledge", KsbKind::Knowledge),
    ("skills", "Skills", KsbKind::Skill),
    ("behaviours", "Behaviours", KsbKind::Behaviour),
];

impl KsbNow {
    /// A KSB as the engine sees it at `now`.
    pub fn of(code: &str, kind: KsbKind, s: &KsbState, now: i64, params: Params) -> KsbNow {
        KsbNow {
            code: code.to_owned(),
            kind,
            mastery: s.mastery(kind, now, params),
            started: s.answers + s.observations > 0,
            observed: s.observations > 0,
            reviews_since_mastered: s.held_reviews.unwrap_or(0),
        }
    }
}

/// The learner's KSBs as the standard's groups (a kind with no KSB makes no group).
pub fn groups(ksbs: &[KsbEngineState], now: i64, params: Params) -> Vec<Group<'static>> {
    GROUPS
        .iter()
        .map(|(key, _, kind)| Group {
            key,
            ksbs: ksbs
                .iter()
                .filter(|k| k.kind == *kind)
                .map(|k| KsbNow::of(&k.code, k.kind, &KsbState::from(&k.state), now, params))
                .collect(),
        })
        .filter(|g| !g.ksbs.is_empty())
        .collect()
}

fn group_title(key: &str) -> &str {
    GROUPS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, title, _)| title)
}

/// What a learner reads for a milestone: "Adept · Skills", "30-day streak".
pub fn title(m: &Milestone) -> String {
    match m {
        Milestone::Group(g, t) => format!("{} · {}", t.label(), group_title(g)),
        Milestone::Streak(n) => format!("{n}-day streak"),
        Milestone::FirstMastered => "First KSB mastered".to_owned(),
    }
}

/// The KSBs of a group below what a tier it was awarded needs now.
fn slipped(group: &Group<'_>, t: Tier) -> Vec<String> {
    let need = if t == Tier::Novice {
        NOVICE_MASTERY
    } else {
        ADEPT_MASTERY
    };
    group
        .ksbs
        .iter()
        .filter(|k| k.mastery < need)
        .map(|k| k.code.clone())
        .collect()
}

/// Badges now: `confirmed` are the server's awards (newest first); milestones reached and not
/// among them are added as this device's, unconfirmed.
pub fn badges(groups: &[Group<'_>], streak: &Streak, confirmed: &[EarnedBadge]) -> Badges {
    let held: BTreeSet<String> = confirmed.iter().map(|b| b.key.clone()).collect();
    let mut earned: Vec<EarnedBadge> = new_awards(groups, streak.longest, &held)
        .into_iter()
        .rev()
        .map(|a| EarnedBadge {
            key: a.milestone.key(),
            title: title(&a.milestone),
            evidence: a.evidence,
            awarded_at_ms: None,
            review_due: Vec::new(),
            revoked: None,
        })
        .collect();
    earned.extend(confirmed.iter().cloned());
    for b in &mut earned {
        b.review_due = groups
            .iter()
            .flat_map(|g| Tier::ALL.map(|t| (g, t)))
            .find(|(g, t)| Milestone::Group(g.key.to_owned(), *t).key() == b.key)
            .filter(|(g, t)| tier(&g.ksbs) < Some(*t))
            .map(|(g, t)| slipped(g, t))
            .unwrap_or_default();
    }
    let has: BTreeSet<String> = earned.iter().map(|b| b.key.clone()).collect();
    let mut next = Vec::new();
    if !has.contains(&Milestone::FirstMastered.key()) {
        let closest = groups
            .iter()
            .flat_map(|g| &g.ksbs)
            .max_by(|a, b| a.mastery.total_cmp(&b.mastery));
        let mut missing = vec![format!("one KSB at {ADEPT_MASTERY:.0} %")];
        if let Some(k) = closest.filter(|k| k.started) {
            missing.push(format!("closest: {} at {:.0} %", k.code, k.mastery));
        }
        next.push(goal(Milestone::FirstMastered, missing));
    }
    for g in groups {
        if let Some(t) = Tier::ALL
            .into_iter()
            .find(|t| !has.contains(&Milestone::Group(g.key.to_owned(), *t).key()))
        {
            next.push(goal(
                Milestone::Group(g.key.to_owned(), t),
                missing(&g.ksbs, t),
            ));
        }
    }
    if let Some(n) = STREAKS
        .into_iter()
        .find(|n| !has.contains(&Milestone::Streak(*n).key()))
    {
        let more = n.saturating_sub(streak.current);
        let days = if more == 1 { "day" } else { "days" };
        next.push(goal(
            Milestone::Streak(n),
            vec![format!("{more} more {days} in a row")],
        ));
    }
    Badges { earned, next }
}

fn goal(m: Milestone, missing: Vec<String>) -> NextBadge {
    NextBadge {
        key: m.key(),
        title: title(&m),
        missing,
    }
}

/// The badges of a progress view the device projected (`projection::project`): the server's
/// awards it carries, plus what its engine state reaches now, unconfirmed.
pub fn on_device(p: &crate::model::Progress, now: i64) -> Badges {
    let params = p.engine.params();
    let confirmed: Vec<EarnedBadge> = p
        .badges
        .earned
        .iter()
        .filter(|b| b.awarded_at_ms.is_some())
        .cloned()
        .collect();
    badges(&groups(&p.engine.ksbs, now, params), &p.streak, &confirmed)
}

/// The keys earned in `after` and not in `before`: the milestones to celebrate.
pub fn landed<'a>(before: &Badges, after: &'a Badges) -> Vec<&'a EarnedBadge> {
    let had: BTreeSet<&str> = before.earned.iter().map(|b| b.key.as_str()).collect();
    after
        .earned
        .iter()
        .filter(|b| !had.contains(b.key.as_str()))
        .collect()
}

#[cfg(test)]
#[path = "badges_tests.rs"]
mod tests;
