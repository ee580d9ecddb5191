//! What the offline client keeps so it can grade, score and keep the streak on its own with
//! the server's engine: the engine state behind a progress snapshot. The outbox entries are in
//! `outbox`.

use crate::domain::competency::fsrs6::Weights;
use crate::domain::competency::knowledge::Bkt;
use crate::domain::competency::{KsbState, Memory, Params};
use crate::domain::standard_doc::KsbKind;
use serde::{Deserialize, Serialize};

/// The engine state behind a progress snapshot (per KSB by code), so the client can apply new
/// evidence exactly as the server's replay will.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EngineSnapshot {
    /// The format of this snapshot ([`ENGINE_FORMAT`]); devices keep it in IndexedDB.
    #[serde(default = "format_v1")]
    pub format: u32,
    /// When the server computed it (Unix ms).
    pub as_of_ms: i64,
    /// The learner's IANA timezone (streak days).
    pub timezone: String,
    pub desired_retention: f64,
    /// The FSRS-6 weights the learner's memory is scheduled with (the cohort's fitted ones, or
    /// empty for the defaults), so the device schedules exactly as the server does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<f64>,
    /// BKT's parameters the learner's knowledge is traced with (the cohort's fitted ones, or
    /// absent for the defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge: Option<Bkt>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub ksbs: Vec<KsbEngineState>,
    /// Recent local dates (YYYY-MM-DD) with something watched or answered (the last
    /// [`crate::domain::engine::WINDOW_DAYS`]; before `run` was sent: all of them).
    pub active_days: Vec<String>,
    /// The streak's fold over every learning day, so the device adds its own days to it
    /// (absent in snapshots kept before it was sent: then `active_days` holds every day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub run: Option<crate::domain::streak::StreakRun>,
}

/// The engine snapshot format this build writes and reads. Bump it (and add a step to the
/// device store's migration chain) whenever [`KsbStateWire`] changes shape.
pub const ENGINE_FORMAT: u32 = 1;

fn format_v1() -> u32 {
    1
}

impl EngineSnapshot {
    /// The engine parameters the snapshot was computed with (the defaults for weights or BKT
    /// parameters that were not sent or are out of range).
    pub fn params(&self) -> Params {
        Params {
            desired_retention: self.desired_retention,
            weights: Weights::new(&self.weights).unwrap_or_default(),
            knowledge: self
                .knowledge
                .and_then(|k| Bkt::new(k.guess, k.slip, k.learn).ok())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KsbEngineState {
    pub code: String,
    pub kind: KsbKind,
    pub state: KsbStateWire,
}

/// One KSB's engine state as it travels and as devices keep it: its own type, so a change
/// to the domain's [`KsbState`] cannot change the stored format unnoticed (a test pins the
/// JSON, see `offline_format_tests`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KsbStateWire {
    pub knowledge: f64,
    pub memory: Option<MemoryWire>,
    pub right_in_a_row: u32,
    pub answers: u32,
    pub right: u32,
    pub observations: u32,
    pub last_evidence_ms: Option<i64>,
    /// Spaced reviews held since mastered (absent before; additive, so format 1 still reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_reviews: Option<u32>,
}

/// FSRS memory as it travels (times in Unix ms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryWire {
    pub stability: f64,
    pub difficulty: f64,
    pub last_review_ms: i64,
    pub due_ms: i64,
    pub reps: u32,
    pub lapses: u32,
}

impl From<&KsbState> for KsbStateWire {
    fn from(s: &KsbState) -> Self {
        Self {
            knowledge: s.knowledge,
            memory: s.memory.as_ref().map(|m| MemoryWire {
                stability: m.stability,
                difficulty: m.difficulty,
                last_review_ms: m.last_review_ms,
                due_ms: m.due_ms,
                reps: m.reps,
                lapses: m.lapses,
            }),
            right_in_a_row: s.right_in_a_row,
            answers: s.answers,
            right: s.right,
            observations: s.observations,
            last_evidence_ms: s.last_evidence_ms,
            held_reviews: s.held_reviews,
        }
    }
}

impl From<&KsbStateWire> for KsbState {
    fn from(w: &KsbStateWire) -> Self {
        Self {
            knowledge: w.knowledge,
            memory: w.memory.as_ref().map(|m| Memory {
                stability: m.stability,
                difficulty: m.difficulty,
                last_review_ms: m.last_review_ms,
                due_ms: m.due_ms,
                reps: m.reps,
                lapses: m.lapses,
            }),
            right_in_a_row: w.right_in_a_row,
            answers: w.answers,
            right: w.right,
            observations: w.observations,
            last_evidence_ms: w.last_evidence_ms,
            held_reviews: w.held_reviews,
        }
    }
}

#[cfg(test)]
#[path = "offline_format_tests.rs"]
mod offline_format_tests;
