//! Server fns: the UI's door to the services. Each one authenticates, authorises, calls a
//! service and returns a DTO. Stable endpoint names under `/rpc/`.

pub mod admin;
pub mod assessor;
pub mod auth;
pub mod badges;
pub mod coach;
#[cfg(feature = "ssr")]
pub mod context;
pub mod credentials;
pub mod employer;
pub mod job_evidence;
pub mod learning;
pub mod library;
pub mod mentor;
pub mod otj;
pub mod privacy;
pub mod reviews;
pub mod studio;

pub use admin::AdminOverview;
pub use auth::{GetMe, Login, Logout, Register};
pub use learning::{GetFeed, GetProgress};
