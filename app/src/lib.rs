//! Flowline's pages: components, layouts, the offline store and the server fns the pages
//! call, compiled into both the server (`ssr`, which switches on the `services` crate behind
//! the server fns) and the browser bundle (`hydrate`). Domain logic and data shapes are in
//! `flowline-core`.
// Deeply nested views (the feed) exceed the default type-layout depth in release builds.
#![recursion_limit = "256"]

pub mod components;
mod hydration;
pub mod layouts;
pub mod offline;
pub mod pages;
mod root;
pub mod rpc;

pub use root::{shell, App};
