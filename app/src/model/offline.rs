//! What the offline client keeps so it can grade, score and keep the streak on its own with
//! the server's engine: the engine state behind a progress snapshot, and the outbox entries.

use super::learning::InteractionIn;
use crate::domain::competency::KsbState;
use crate::domain::standard_doc::KsbKind;
use serde::{Deserialize, Serialize};

/// The engine state behind a progress snapshot (per KSB by code), so the client can apply new
/// evidence exactly as the server's replay will.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EngineSnapshot {
    /// When the server computed it (Unix ms).
    pub as_of_ms: i64,
    /// The learner's IANA timezone (streak days).
    pub timezone: String,
    pub desired_retention: f64,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub ksbs: Vec<KsbEngineState>,
    /// Local dates (YYYY-MM-DD) with something watched or answered.
    pub active_days: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KsbEngineState {
    pub code: String,
    pub kind: KsbKind,
    pub state: KsbState,
}

/// An answer graded on the device from the feed's key (for instant feedback and the local
/// projection; the server grades again from its own key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradedAnswer {
    pub question_id: String,
    /// The KSB code the question assesses.
    pub ksb: String,
    pub correct: bool,
}

/// One interaction waiting in the outbox (or refused by the server, with why).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: String,
    pub item: InteractionIn,
    #[serde(default)]
    pub graded: Vec<GradedAnswer>,
    /// The lesson's title, to name it if the server refuses it.
    #[serde(default)]
    pub title: String,
    pub queued_at_ms: i64,
    /// Set when the server refused the item: it is kept, shown, never sent again.
    #[serde(default)]
    pub rejected: Option<String>,
}

impl OutboxEntry {
    pub fn waiting(&self) -> bool {
        self.rejected.is_none()
    }
}
