//! The derived state of one learner × KSB and how evidence moves it.

use super::knowledge;
use super::memory::{Grade, Memory};
use crate::domain::standard_doc::KsbKind;
use serde::{Deserialize, Serialize};

/// Skills and Behaviours cannot pass this from quiz answers alone; a mentor's sign-off lifts it.
pub const QUIZ_ONLY_CAP: f64 = 60.0;

/// Per cohort: how likely a learner should still recall a KSB when its review falls due.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub desired_retention: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            desired_retention: 0.90,
        }
    }
}

/// One piece of evidence about one KSB.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// A graded quick-check answer and the seconds it took (0 = not measured).
    Answer { correct: bool, seconds: f64 },
    /// A mentor signed off live work.
    Observed,
}

/// Everything known about a learner × KSB. `knowledge` is the estimate right after the last
/// evidence; between pieces of evidence it fades with memory (see [`KsbState::mastery`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KsbState {
    pub knowledge: f64,
    pub memory: Option<Memory>,
    pub right_in_a_row: u32,
    pub answers: u32,
    pub right: u32,
    pub observations: u32,
    pub last_evidence_ms: Option<i64>,
}

impl KsbState {
    /// How much of the stored knowledge still holds at `now_ms`: 1 until the review falls
    /// due, then the ratio of recall probability to the desired retention.
    pub fn hold(&self, now_ms: i64, params: Params) -> f64 {
        match &self.memory {
            None => 1.0,
            Some(m) => (m.recall(now_ms) / params.desired_retention).clamp(0.0, 1.0),
        }
    }

    /// The knowledge estimate at `now_ms`, forgetting included (0–1).
    pub fn knowledge_at(&self, now_ms: i64, params: Params) -> f64 {
        (self.knowledge * self.hold(now_ms, params)).clamp(0.0, 1.0)
    }

    /// Mastery % (0–100) at `now_ms`: knowledge faded by overdue memory, capped for Skills and
    /// Behaviours that no mentor has observed yet.
    pub fn mastery(&self, kind: KsbKind, now_ms: i64, params: Params) -> f64 {
        let m = 100.0 * self.knowledge_at(now_ms, params);
        let capped = match kind {
            KsbKind::Knowledge => m,
            KsbKind::Skill | KsbKind::Behaviour if self.observations > 0 => m,
            KsbKind::Skill | KsbKind::Behaviour => m.min(QUIZ_ONLY_CAP),
        };
        capped.clamp(0.0, 100.0)
    }

    /// Probability of recall now (None before the first review).
    pub fn recall(&self, now_ms: i64) -> Option<f64> {
        self.memory.as_ref().map(|m| m.recall(now_ms))
    }

    pub fn next_review_ms(&self) -> Option<i64> {
        self.memory.as_ref().map(|m| m.due_ms)
    }

    /// The state after one piece of evidence at `at_ms`. The Bayesian update starts from the
    /// *faded* estimate, so a right answer never lowers mastery and a wrong one never raises it.
    pub fn apply(&self, evidence: &Evidence, at_ms: i64, params: Params) -> KsbState {
        let prior = self.knowledge_at(at_ms, params);
        let mut next = self.clone();
        let grade = match *evidence {
            Evidence::Answer { correct, seconds } => {
                next.knowledge = knowledge::after_answer(prior, correct);
                next.answers += 1;
                if correct {
                    next.right += 1;
                }
                let grade = Grade::of_answer(correct, seconds, self.right_in_a_row);
                next.right_in_a_row = if correct { self.right_in_a_row + 1 } else { 0 };
                grade
            }
            Evidence::Observed => {
                next.knowledge = knowledge::after_observation(prior);
                next.observations += 1;
                Grade::Good
            }
        };
        let retention = params.desired_retention;
        next.memory = Some(match &self.memory {
            None => Memory::first(grade, at_ms, retention),
            Some(m) => m.review(grade, at_ms, retention),
        });
        next.last_evidence_ms = Some(self.last_evidence_ms.map_or(at_ms, |t| t.max(at_ms)));
        next
    }
}

/// The mastery bands shown to learners and mentors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    NotStarted,
    Weak,
    InProgress,
    Mastered,
}

impl Band {
    /// < 40 not started (no evidence) or weak, 40–80 in progress, ≥ 80 mastered.
    pub fn of(mastery: f64, has_evidence: bool) -> Band {
        if mastery >= 80.0 {
            Band::Mastered
        } else if mastery >= 40.0 {
            Band::InProgress
        } else if has_evidence {
            Band::Weak
        } else {
            Band::NotStarted
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::NotStarted => "Not started",
            Band::Weak => "Weak",
            Band::InProgress => "In progress",
            Band::Mastered => "Mastered",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::NotStarted => "not_started",
            Band::Weak => "weak",
            Band::InProgress => "in_progress",
            Band::Mastered => "mastered",
        }
    }
}
