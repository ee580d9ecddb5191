//! The Flowline server: settings, REST routes, start-up and the command line.
// The app's nested views are instantiated here too: the same type-depth allowance as `app`.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod router;
pub mod routes;
pub mod startup;
pub mod telemetry;
pub mod workers;
