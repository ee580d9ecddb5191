//! Erasure ("delete my account"): the person's identity and their own words go; the
//! apprenticeship evidence the provider must keep for audit stays, pseudonymous (ids only).
//! The hash chain covers ids and facts only, so it still verifies afterwards.

use super::subject;
use crate::db::Db;
use crate::store::{erasure, users::User};
use flowline_core::domain::Role;
use flowline_core::error::AppError;

pub use crate::store::erasure::{ERASED, ERASED_NAME};

/// Erases `user_id` once `confirm` repeats the account's e-mail address. The person is
/// signed out everywhere and can never sign in again.
#[tracing::instrument(skip(db, caller, confirm), fields(caller = %caller.id))]
pub async fn erase(
    db: &Db,
    caller: &User,
    user_id: &str,
    confirm: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let person = subject(&mut tx, caller, user_id).await?;
    if !confirm.trim().eq_ignore_ascii_case(&person.email) {
        return Err(AppError::invalid(
            "confirm",
            "Type the account's e-mail address exactly as it is, to confirm.",
        ));
    }
    if person.role == Role::Admin && erasure::other_admins(&mut tx, &person.id).await? == 0 {
        return Err(AppError::conflict(
            "confirm",
            "This is the only admin account: make another admin first, so someone can still run Flowline.",
        ));
    }
    erasure::erase(&mut tx, &person, now).await?;
    tx.commit().await?;
    tracing::info!(person = %person.id, by = %caller.id, "account erased");
    Ok(())
}
