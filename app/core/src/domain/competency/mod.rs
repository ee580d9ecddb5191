//! The competency engine: memory (FSRS-6), knowledge (BKT), mastery, bands and pace, all
//! derived from the interaction log. See docs/competency.md for the model with numbers.

pub mod fsrs6;
pub mod knowledge;
pub mod knowledge_fit;
pub mod memory;
pub mod metrics;
pub mod replay;
pub mod reviews;
pub mod state;

pub use memory::{Grade, Memory};
pub use metrics::{archetype, pace, Archetype, ChurnRisk, Confidence, Day, Pace};
pub use replay::{apply_all_before, overall, replay, timeline, Competency, Event, KsbRef};
pub use state::{
    Band, Evidence, KsbState, Params, DEFAULT_RETENTION, HELD_KNOWLEDGE, QUIZ_ONLY_CAP,
};
