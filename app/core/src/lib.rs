//! Flowline's core: the domain (the competency engine, streaks, readiness, the standard's
//! shape), the data shapes that cross the wire, and the one error type. Compiled into the
//! server and the browser bundle alike; it knows nothing of storage, HTTP or the page.
//!
//! Features: `openapi` derives the OpenAPI schemas of the data shapes (server only); `sqlx`
//! lets a database error become an [`error::AppError`] (server only).

pub mod domain;
pub mod error;
pub mod model;
