//! What admins do: see the whole provider, keep accounts and cohorts.

pub mod cohorts;
pub mod overview;
pub mod users;

pub use overview::overview;

use crate::domain::Role;
use crate::error::AppError;
use crate::ssr::store::users::User;

/// Admins only.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    crate::ssr::services::accounts::require_role(user, &[Role::Admin])
}
