//! The kinds of nudge the coach sends, shared by the nudge scheduler and the channels that
//! carry nudges (WhatsApp names a template after each).

/// Every kind, in the order they win when several apply on one day.
pub const KINDS: [&str; 6] = [
    "lapse",
    "struggle",
    "milestone",
    "review",
    "streak",
    "focus",
];
