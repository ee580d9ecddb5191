//! "What's next": the learner's feed, ranked from their KSB map (DESIGN.md's six steps):
//! due reviews first, then gaps, a prerequisite gate, a difficulty fit, ranking by need and
//! freshness, and a little seeded variety. Every pick carries a short human reason.

use super::ids::LessonId;
use crate::domain::competency::{Competency, Params};
use crate::domain::engine::EngineState;
use crate::domain::standard_doc::KsbKind;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Below this a KSB counts as not yet learned (and blocks what builds on it).
pub const STARTED: f64 = 40.0;
pub const MASTERED: f64 = 80.0;
/// A lesson watched this recently is "fresh" and sinks, unless a review is due.
pub const FRESH_MS: i64 = 20 * 3_600_000;

#[derive(Debug, Clone, PartialEq)]
pub struct KsbInfo {
    pub id: String,
    pub code: String,
    /// Its short title ([`crate::domain::ksb_title::short_title`]), shown with the code.
    pub title: String,
    pub kind: KsbKind,
    /// Ids of the KSBs to learn first.
    pub prerequisites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub id: LessonId,
    /// 1 (foundational) to 5 (challenge).
    pub difficulty: u8,
    /// KSB ids with weights (0–1].
    pub ksbs: Vec<(String, f64)>,
}

/// The learner's KSB map now, as the ranking needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnerNow {
    pub mastery: HashMap<String, f64>,
    /// KSBs with any evidence at all.
    pub touched: HashSet<String>,
    /// KSBs whose review has fallen due.
    pub due: HashSet<String>,
    /// KSBs whose last answer was wrong.
    pub struggling: HashSet<String>,
    /// When each lesson was last watched or answered.
    pub last_seen_ms: HashMap<LessonId, i64>,
    /// The lesson done last (never offered first again).
    pub last_lesson: Option<LessonId>,
    /// Where the learner's latest ratings lean: -1 ("too hard") to +1 ("too easy").
    pub pace: f64,
    pub now_ms: i64,
}

/// The learner's KSB map at `now` from a competency state (and what they saw, from `state`):
/// what the server's feed and the simulator rank with.
pub fn learner_now(
    competency: &Competency,
    state: &EngineState,
    kind_of: impl Fn(&str) -> KsbKind,
    params: Params,
    now: i64,
) -> LearnerNow {
    let mut view = LearnerNow {
        now_ms: now,
        ..LearnerNow::default()
    };
    for (id, s) in competency {
        view.mastery
            .insert(id.clone(), s.mastery(kind_of(id), now, params));
        if s.answers + s.observations > 0 {
            view.touched.insert(id.clone());
        }
        if s.memory.as_ref().is_some_and(|m| m.is_due(now)) {
            view.due.insert(id.clone());
        }
        if s.answers > 0 && s.right_in_a_row == 0 {
            view.struggling.insert(id.clone());
        }
    }
    view.last_seen_ms = state
        .last_seen
        .iter()
        .map(|(id, at)| (id.clone(), *at))
        .collect();
    view.last_lesson = state.last_lesson.as_ref().map(|l| l.2.clone());
    view.pace = state.pace();
    view
}

/// Why a KSB wants attention, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Due,
    Struggling,
    Prerequisite,
    New,
    Building,
    Challenge,
    Refresh,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub lesson_id: LessonId,
    /// The KSB that earned the lesson its place.
    pub ksb_id: String,
    pub need: Need,
    pub reason: String,
    pub score: f64,
}

/// A seed for the day's variety: the same learner on the same day gets the same feed.
pub fn seed(learner_id: &str, day: NaiveDate) -> u64 {
    fnv1a(format!("{learner_id}|{day}").as_bytes())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A number in [0, 1) fixed by the seed and the lesson.
fn jitter(seed: u64, lesson_id: &str) -> f64 {
    let h = fnv1a(format!("{seed}|{lesson_id}").as_bytes());
    (h >> 11) as f64 / (1u64 << 53) as f64
}

struct Map<'a> {
    ksbs: HashMap<&'a str, &'a KsbInfo>,
    /// The KSBs in the standard's order (what is said first when several apply).
    order: &'a [KsbInfo],
    learner: &'a LearnerNow,
}

impl Map<'_> {
    fn mastery(&self, id: &str) -> f64 {
        self.learner.mastery.get(id).copied().unwrap_or(0.0)
    }

    /// How a reason names a KSB: its code and short title, "K3 (Safety documents)".
    fn code(&self, id: &str) -> String {
        self.ksbs.get(id).map_or_else(
            || "?".into(),
            |k| crate::domain::ksb_title::label(&k.code, &k.title),
        )
    }

    /// The first prerequisite of `id` still under [`STARTED`], if any.
    fn blocker(&self, id: &str) -> Option<&str> {
        let k = self.ksbs.get(id)?;
        if self.mastery(id) >= STARTED {
            return None;
        }
        k.prerequisites
            .iter()
            .map(String::as_str)
            .find(|p| self.mastery(p) < STARTED)
    }

    /// KSBs that some weak KSB is waiting on (prerequisite id → the dependant's code).
    fn wanted_prerequisites(&self) -> HashMap<&str, String> {
        let mut wanted = HashMap::new();
        // In the standard's order, so the same map always gives the same reason.
        for k in self.order {
            if let Some(p) = self.blocker(&k.id) {
                wanted
                    .entry(p)
                    .or_insert_with(|| crate::domain::ksb_title::label(&k.code, &k.title));
            }
        }
        wanted
    }

    /// How much one KSB wants practice now, and why.
    fn need(&self, id: &str, wanted: &HashMap<&str, String>) -> (f64, Need, String) {
        let m = self.mastery(id);
        let code = self.code(id);
        let gap = (100.0 - m) / 100.0;
        if self.learner.due.contains(id) {
            return (2.2 + gap, Need::Due, format!("Review: {code} is due"));
        }
        if self.learner.struggling.contains(id) {
            return (
                1.6 + gap,
                Need::Struggling,
                format!("Another go: you missed a {code} check"),
            );
        }
        if let Some(dependant) = wanted.get(id) {
            return (
                1.3 + gap,
                Need::Prerequisite,
                format!("Next: {dependant} needs {code} first"),
            );
        }
        if !self.learner.touched.contains(id) {
            return (0.9 + gap, Need::New, format!("New for you: {code}"));
        }
        if m < MASTERED {
            return (
                0.6 + gap,
                Need::Building,
                format!("Keep going: {code} is at {}%", m.round()),
            );
        }
        if m > 85.0 {
            return (
                0.15 + gap,
                Need::Challenge,
                format!("Challenge: you're at {}% on {code}", m.round()),
            );
        }
        (0.1 + gap, Need::Refresh, format!("Refresh: {code}"))
    }
}

/// How far the learner's own verdicts move the difficulty that fits them (levels).
pub const PACE_SHIFT: f64 = 1.5;

/// The difficulty that fits the learner now: foundational when struggling, challenge when
/// excelling, the middle otherwise; then moved by what they said of recent lessons.
fn target_difficulty(learner: &LearnerNow) -> f64 {
    let shift = PACE_SHIFT * learner.pace.clamp(-1.0, 1.0);
    (by_mastery(learner) + shift).clamp(1.0, 5.0)
}

fn by_mastery(learner: &LearnerNow) -> f64 {
    let touched: Vec<f64> = learner
        .touched
        .iter()
        .map(|k| learner.mastery.get(k).copied().unwrap_or(0.0))
        .collect();
    if touched.is_empty() {
        return 1.5;
    }
    let mean = touched.iter().sum::<f64>() / touched.len() as f64;
    let struggling = learner.struggling.len() * 2 > touched.len();
    if struggling || mean < STARTED {
        1.5
    } else if mean > 85.0 {
        4.5
    } else {
        3.0
    }
}

/// Up to `n` lessons for the learner, best first, each with the KSB and reason behind it.
pub fn whats_next(
    ksbs: &[KsbInfo],
    lessons: &[Lesson],
    learner: &LearnerNow,
    seed: u64,
    n: usize,
) -> Vec<Pick> {
    let map = Map {
        ksbs: ksbs.iter().map(|k| (k.id.as_str(), k)).collect(),
        order: ksbs,
        learner,
    };
    let wanted = map.wanted_prerequisites();
    let target = target_difficulty(learner);
    let mut picks: Vec<Pick> = lessons
        .iter()
        .filter(|l| !l.ksbs.is_empty())
        .map(|lesson| {
            let mut needs: Vec<(f64, Need, String, &str)> = lesson
                .ksbs
                .iter()
                .filter(|(id, _)| map.ksbs.contains_key(id.as_str()))
                .map(|(id, w)| {
                    let (score, need, reason) = map.need(id, &wanted);
                    let gated = if map.blocker(id).is_some() { 0.4 } else { 1.0 };
                    (score * w * gated, need, reason, id.as_str())
                })
                .collect();
            needs.sort_by(|a, b| b.0.total_cmp(&a.0));
            let (top, need, reason, ksb) = needs
                .first()
                .map(|(s, n, r, k)| (*s, *n, r.clone(), (*k).to_owned()))
                .unwrap_or((0.0, Need::Refresh, "Refresh".into(), String::new()));
            let rest = needs.iter().skip(1).map(|n| n.0).sum::<f64>() * 0.25;
            let fit = 0.12 * (f64::from(lesson.difficulty) - target).abs();
            let seen = learner.last_seen_ms.get(&lesson.id).copied();
            let freshness = match seen {
                None => 0.15,
                Some(t) if learner.now_ms - t < FRESH_MS && need != Need::Due => -0.9,
                Some(_) => 0.0,
            };
            Pick {
                lesson_id: lesson.id.clone(),
                ksb_id: ksb,
                need,
                reason,
                score: top + rest - fit + freshness + 0.12 * jitter(seed, &lesson.id),
            }
        })
        .collect();
    picks.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.lesson_id.cmp(&b.lesson_id))
    });
    // Never the same video twice in a row.
    if let Some(last) = &learner.last_lesson {
        if picks.len() > 1 && picks[0].lesson_id == *last {
            let first = picks.remove(0);
            picks.insert(1, first);
        }
    }
    picks.truncate(n);
    picks
}

/// The day's focus: the KSB that most needs the learner, with why.
pub fn focus(ksbs: &[KsbInfo], learner: &LearnerNow) -> Option<(String, Need, String)> {
    let map = Map {
        ksbs: ksbs.iter().map(|k| (k.id.as_str(), k)).collect(),
        order: ksbs,
        learner,
    };
    let wanted = map.wanted_prerequisites();
    ksbs.iter()
        .filter(|k| map.blocker(&k.id).is_none())
        .map(|k| {
            let (score, need, reason) = map.need(&k.id, &wanted);
            (score, need, reason, k.id.clone())
        })
        // Highest need; ties go to the KSB first in the standard.
        .fold(
            None,
            |best: Option<(f64, Need, String, String)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            },
        )
        .map(|(_, need, reason, id)| (id, need, reason))
}

#[cfg(test)]
#[path = "next_tests.rs"]
mod tests;
