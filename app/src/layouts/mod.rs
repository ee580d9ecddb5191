//! Page frames.

pub mod app_layout;
pub mod session;

pub use app_layout::AppLayout;
pub use session::{AuthActions, MeResource, SessionRoot};
