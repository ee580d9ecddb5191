//! The coach as its callers see it: a learner's thread (nudges, questions, answers with the
//! lesson that answers them, mentors' replies), a mentor's inbox of questions passed to a
//! human, and a learner's choice of nudges and channels.

use crate::domain::LessonId;
use serde::{Deserialize, Serialize};

/// A lesson offered in the thread, playable where it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonCard {
    pub content_id: LessonId,
    pub title: String,
    /// KSBs it teaches, code and short title ("S3 Cable preparation").
    pub ksbs: Vec<String>,
    /// None while the lesson's video is still being made.
    pub video_url: Option<String>,
    pub poster_url: Option<String>,
    pub captions_url: Option<String>,
    pub duration_s: i64,
}

crate::text_enum! {
    /// What a message of the coach thread is.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum MessageKind {
        /// The learner asked.
        Question = "question",
        /// The coach answered from a lesson or an earlier mentor answer.
        Answer = "answer",
        /// The coach found nothing to answer with.
        NoMatch = "no_match",
        /// The question went to the learner's mentor.
        Escalated = "escalated",
        MentorAnswer = "mentor_answer",
        Nudge = "nudge",
    }
}

crate::text_enum! {
    /// Whether a question passed to a mentor waits for them.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum EscalationStatus {
        Open = "open",
        Answered = "answered",
    }
}

/// One message of a learner's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoachMessage {
    pub id: String,
    /// "learner", "coach" or "mentor".
    pub author: String,
    pub kind: MessageKind,
    pub body: String,
    /// The passage of the lesson (or the mentor's earlier answer) the answer rests on.
    pub passage: Option<String>,
    pub lesson: Option<LessonCard>,
    /// Who answered, by role ("Your mentor", "A mentor").
    pub from: Option<String>,
    /// "app" or "whatsapp".
    pub channel: String,
    pub created_at_ms: i64,
}

/// `GET /api/v1/coach`: the thread, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoachThread {
    pub messages: Vec<CoachMessage>,
    /// Whether the learner's cohort has a mentor to pass questions to.
    pub has_mentor: bool,
    /// Questions with a mentor, not yet answered.
    pub open_questions: i64,
}

/// `POST /api/v1/coach/questions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskIn {
    /// The question, up to 1,000 characters.
    pub text: String,
    /// Pass it straight to the mentor ("Ask my mentor").
    #[serde(default)]
    pub to_mentor: bool,
    /// The lesson the learner was on, if any.
    #[serde(default)]
    pub content_id: Option<LessonId>,
}

/// What asking added to the thread: the question, then the coach's reply (or replies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskOut {
    pub messages: Vec<CoachMessage>,
    /// Whether the question went to a mentor.
    pub escalated: bool,
}

/// A question in a mentor's inbox, with what the mentor needs to answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub id: String,
    pub learner_id: crate::domain::LearnerId,
    pub learner_name: String,
    pub question: String,
    /// "asked" (the learner asked for a mentor), "low_confidence" (no lesson answers it) or
    /// "safety" (words about injury or danger).
    pub reason: String,
    /// The learner's focus KSB when they asked ("S3 Cable preparation").
    pub focus: Option<String>,
    /// KSBs the question is about that the learner recently got wrong.
    pub recent_misses: Vec<String>,
    /// The lesson they were on, or the closest one to the question.
    pub lesson_title: Option<String>,
    pub status: EscalationStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub created_at_ms: i64,
    /// When it was asked, in the viewer's time zone ("Mon 7 Dec, 14:05").
    #[serde(default)]
    pub asked_at_local: String,
    /// Who said they are on it, and when (an answer counts).
    pub acknowledged_by: Option<String>,
    pub acknowledged_at_ms: Option<i64>,
    /// That time of day in the viewer's time zone ("14:05").
    pub acknowledged_at_local: Option<String>,
    /// A safety question nobody acknowledged in time was sent to the admins.
    pub admins_alerted: bool,
}

/// `GET /api/v1/mentor/inbox`: open questions first, then the latest answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentorInbox {
    pub items: Vec<InboxItem>,
    pub open: i64,
}

/// `POST /api/v1/mentor/inbox/{id}/answer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentorAnswerIn {
    /// The answer, 2 to 2,000 characters.
    pub answer: String,
}

/// `GET`/`PUT /api/v1/coach/settings`: which nudges a learner gets, and when not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoachSettings {
    /// Of "lapse", "struggle", "milestone", "review", "streak", "focus".
    pub kinds: Vec<String>,
    /// Quiet hours, local "HH:MM" (overnight when from is later than to).
    pub quiet_from: String,
    pub quiet_to: String,
}

/// What a learner agrees to when they turn WhatsApp on (shown next to the box they tick).
pub const WHATSAPP_CONSENT: &str = "I agree that Flowline may send me coaching messages \
     (nudges, answers and my mentor's replies) on WhatsApp at this number. I can stop them at \
     any time by replying STOP, or here.";

/// `GET /api/v1/coach/whatsapp`: whether the coach is on WhatsApp for this learner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatsAppStatus {
    /// The training provider switched the WhatsApp channel on.
    pub available: bool,
    /// This learner opted in.
    pub on: bool,
    /// Their number, partly hidden (`+44 ••• ••• 123`), while on.
    pub phone: Option<String>,
}

/// `PUT /api/v1/coach/whatsapp`: opt in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatsAppIn {
    /// Mobile number in E.164, e.g. "+447700900123" (spaces allowed).
    pub phone: String,
    /// The learner ticked the consent text ([`WHATSAPP_CONSENT`]).
    pub consent: bool,
}
