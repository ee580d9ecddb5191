//! Reusable pieces of UI that take props.

pub mod brand;
pub mod form;
pub mod icons;
pub mod nav;
pub mod panel;

pub use brand::Brand;
pub use form::{Field, FormError};
pub use nav::BottomNav;
pub use panel::{EmptyState, ErrorPanel, Loading};
