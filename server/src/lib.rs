//! The Flowline server: settings, REST routes, start-up and the command line.

pub mod cli;
pub mod config;
pub mod routes;
pub mod startup;
pub mod telemetry;
