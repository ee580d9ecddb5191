//! The kinds of nudge the coach sends, shared by the nudge scheduler and the channels that
//! carry nudges (WhatsApp names a template after each). Stored as the learner's choice, so
//! they are declared with the store.

pub use crate::store::nudges::{NudgeKind, NudgeKinds};
