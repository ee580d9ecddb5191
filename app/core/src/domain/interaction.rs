//! The vocabulary of what a learner does with a lesson: watch it, answer its check, skip it,
//! rate its pace. The engine, the streak and the offline projection speak it; the data shapes
//! on the wire (`model`) carry it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Watched,
    Answered,
    /// Swiped past: the learner moved on without finishing the video or answering its check.
    Skipped,
    /// The learner's one-tap verdict on a lesson after its check (carries a [`Rating`]).
    Rated,
}

impl InteractionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Watched => "watched",
            InteractionKind::Answered => "answered",
            InteractionKind::Skipped => "skipped",
            InteractionKind::Rated => "rated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Watched, Self::Answered, Self::Skipped, Self::Rated]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A learner's one-tap verdict on a lesson's pace, given after its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    TooEasy,
    GoodPace,
    TooHard,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::TooEasy, Rating::GoodPace, Rating::TooHard];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::TooEasy => "too_easy",
            Rating::GoodPace => "good_pace",
            Rating::TooHard => "too_hard",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What the learner taps.
    pub fn label(self) -> &'static str {
        match self {
            Rating::TooEasy => "Too easy",
            Rating::GoodPace => "Good pace",
            Rating::TooHard => "Too hard",
        }
    }
}
