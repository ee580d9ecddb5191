//! Flowline's core: the domain (the competency engine, streaks, readiness, the standard's
//! shape), the data shapes that cross the wire (`model`), what people see built from the one
//! in the shapes of the other (`view`), and the one error type. Layers inside: `domain` uses
//! nothing else here; `model` uses `domain`; `view` uses both. Compiled into the
//! server and the browser bundle alike; it knows nothing of storage, HTTP or the page.
//!
//! Features: `openapi` derives the OpenAPI schemas of the data shapes (server only); `sqlx`
//! lets a database error become an [`error::AppError`] (server only).

pub mod domain;
pub mod error;
pub mod model;
pub mod view;
