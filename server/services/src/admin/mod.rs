//! What admins do: see the whole provider, keep accounts and cohorts.

pub mod cohorts;
pub mod overview;
pub mod users;

pub use overview::overview;

use crate::store::users::User;
use flowline_core::domain::Role;
use flowline_core::error::AppError;

/// Admins only.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    crate::accounts::require_role(user, &[Role::Admin])
}
