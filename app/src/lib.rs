//! Flowline's shared crate: domain logic, data shapes, pages and server fn declarations,
//! compiled into both the server (`ssr`) and the browser bundle (`hydrate`).
// Deeply nested views (the feed) exceed the default type-layout depth in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
mod hydration;
pub mod layouts;
pub mod model;
pub mod offline;
pub mod pages;
mod root;

#[cfg(feature = "ssr")]
pub mod ssr;

pub use root::{shell, App};
