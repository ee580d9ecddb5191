//! SQL, one module per table group. Functions take a connection (or a transaction, which
//! derefs to one); callers decide where transactions begin and end.

pub mod analytics;
pub mod breaks;
pub mod coach;
pub mod coach_index;
pub mod cohorts;
pub mod competency;
pub mod content;
pub mod credentials;
pub mod employers;
pub mod engine;
pub mod erasure;
pub mod evidence;
pub mod exports;
pub mod gateway_decisions;
pub mod interactions;
pub mod invitations;
pub mod job_evidence;
pub mod jobs;
pub mod knowledge_models;
pub mod ksbs;
pub mod leases;
pub mod lrs;
pub mod mastery_days;
pub mod memory_models;
pub mod milestones;
pub mod nudges;
pub mod observations;
pub mod otj;
pub mod password_resets;
pub mod person_data;
pub mod portfolios;
pub mod push;
pub mod questions;
pub mod registrations;
pub mod reviews;
pub mod sessions;
pub mod shares;
pub mod sso;
pub mod standards;
pub mod studio;
pub mod throttle;
pub mod totals;
pub mod uploads;
pub mod users;
pub mod whatsapp;

use flowline_core::error::AppError;

/// `$from, $from+1, …` for `n` values bound in a row (an `IN (…)` list).
pub fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns a unique-constraint violation (on either backend) into a conflict on `field` that a
/// person can act on; any other database error stays opaque. The constraint, not a prior
/// look-up, decides: two identical concurrent creates give one success and one conflict.
pub fn on_unique(field: &'static str, message: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::conflict(field, message),
        _ => AppError::from(e),
    }
}
