//! The vocabulary of what a learner does with a lesson: watch it, answer its check, skip it,
//! rate its pace. The engine, the streak and the offline projection speak it; the data shapes
//! on the wire (`model`) carry it.

crate::text_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum InteractionKind {
        Watched = "watched",
        Answered = "answered",
        /// Swiped past: the learner moved on without finishing the video or answering its check.
        Skipped = "skipped",
        /// The learner's one-tap verdict on a lesson after its check (carries a [`Rating`]).
        Rated = "rated",
    }
}

crate::text_enum! {
    /// A learner's one-tap verdict on a lesson's pace, given after its check.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Rating {
        TooEasy = "too_easy",
        GoodPace = "good_pace",
        TooHard = "too_hard",
    }
}

impl Rating {
    /// What the learner taps.
    pub fn label(self) -> &'static str {
        match self {
            Rating::TooEasy => "Too easy",
            Rating::GoodPace => "Good pace",
            Rating::TooHard => "Too hard",
        }
    }
}
