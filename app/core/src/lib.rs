//! Flowline's core: the domain (the competency engine, streaks, readiness, the standard's
//! shape), the data shapes that cross the wire (`model`), what people see built from the one
//! in the shapes of the other (`view`), and the one error type. Layers inside: `domain` uses
//! nothing else here; `model` uses `domain`; `view` uses both. Compiled into the
//! server and the browser bundle alike; it knows nothing of storage, HTTP or the page.
//!
//! Features: `openapi` derives the OpenAPI schemas of the data shapes (server only); `sqlx`
//! lets a database error become an [`error::AppError`] and the [`spelling`] types column types
//! (server only).

// The `text_enum!`/`text_id!` expansions name this crate by its name, also inside it.
extern crate self as flowline_core;

pub mod domain;
pub mod error;
pub mod model;
pub mod spelling;
pub mod view;

/// What the exported macros reach (not an API).
#[doc(hidden)]
pub mod __private {
    pub use serde;
    #[cfg(feature = "sqlx")]
    pub use sqlx;
}
