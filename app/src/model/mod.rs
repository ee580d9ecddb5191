//! Data shapes shared by server fns, the REST API and the offline store.

pub mod account;

pub use account::{AdminTotals, CohortSummary, LoginRequest, Me, RegisterRequest};
