//! Data shapes shared by server fns, the REST API and the offline store.

pub mod account;
pub mod content;
pub mod standards;

pub use account::{AdminTotals, CohortSummary, LoginRequest, Me, RegisterRequest};
pub use content::{LessonList, LessonSummary};
pub use standards::{ImportReport, KsbDto, StandardDetail, StandardSummary};
