//! Ids of the things Flowline is about. Each is text (a UUIDv7, or a slug for demo data) that
//! cannot be passed where another kind of id is meant: a lesson's id is not a learner's.
//!
//! KSBs have no id type yet: the engine's competency map is keyed by KSB id on the server
//! and by KSB code in the phone's projection (its snapshot carries codes), so one type would
//! have to choose; the projection should speak ids first.

crate::text_id! {
    /// A person learning a standard (the id of their account).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct LearnerId;
}

crate::text_id! {
    /// A lesson: one micro-video with its quick check (stored in the `content` table).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct LessonId;
}

crate::text_id! {
    /// A group of apprentices who start together, with their mentors.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct CohortId;
}
