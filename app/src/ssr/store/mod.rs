//! SQL, one module per table group. Functions take a connection (or a transaction, which
//! derefs to one); callers decide where transactions begin and end.

pub mod cohorts;
pub mod competency;
pub mod content;
pub mod interactions;
pub mod jobs;
pub mod ksbs;
pub mod observations;
pub mod questions;
pub mod sessions;
pub mod standards;
pub mod studio;
pub mod throttle;
pub mod users;

use crate::error::AppError;

/// Logs the real database error and returns an opaque one: no DB text reaches a client.
pub fn db_error(e: sqlx::Error) -> AppError {
    tracing::error!(error = %e, "database error");
    AppError::internal()
}

/// True when `e` is a unique-constraint violation (on either backend).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
