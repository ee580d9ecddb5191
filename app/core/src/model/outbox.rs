//! The device's outbox: each interaction waiting to be sent (or refused by the server, with
//! why), with the answers graded on the device for instant feedback.

use super::learning::{InteractionIn, InteractionKind};
use serde::{Deserialize, Serialize};

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

    /// A skip or a rating: sent like the rest, but not the learner's work, so the sync line
    /// does not count it and a refusal is not shown to them.
    pub fn quiet(&self) -> bool {
        matches!(
            self.item.kind,
            InteractionKind::Skipped | InteractionKind::Rated
        )
    }
}
