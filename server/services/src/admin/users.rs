//! Accounts made and kept by admins: create with a role, change the role, deactivate.

use super::require_admin;
use crate::accounts::{create_account, AccountInput};
use crate::db::Db;
use crate::store::sessions;
use crate::store::users::{self, AccountRow, User};
use flowline_core::domain::{DisplayName, Email, Role, Timezone};
use flowline_core::error::AppError;
use flowline_core::model::{NewUserIn, UserOut, UserUpdate};
use flowline_core::view::projection::rfc3339;

fn out(r: AccountRow) -> Result<UserOut, AppError> {
    Ok(UserOut {
        role: Role::parse(&r.role).ok_or_else(|| {
            AppError::internal(format!("unknown role {} of user {}", r.role, r.id))
        })?,
        deactivated: r.deactivated_at.is_some(),
        created_at: rfc3339(r.created_at).unwrap_or_default(),
        id: r.id,
        email: r.email,
        display_name: r.display_name,
    })
}

pub async fn list(db: &Db, admin: &User) -> Result<Vec<UserOut>, AppError> {
    require_admin(admin)?;
    let mut conn = db.pool.acquire().await?;
    users::all(&mut conn).await?.into_iter().map(out).collect()
}

/// Creates an account in any role; the first bad field is named.
pub async fn create(
    db: &Db,
    admin: &User,
    input: NewUserIn,
    now: i64,
) -> Result<UserOut, AppError> {
    require_admin(admin)?;
    let timezone = match input.timezone.as_deref().map(str::trim) {
        None | Some("") => Timezone::default(),
        Some(tz) => Timezone::parse(tz)?,
    };
    let email = Email::parse(&input.email)?;
    let display_name = DisplayName::parse(&input.display_name)?;
    let password =
        crate::password::choose(&input.password, &[email.as_str(), display_name.as_str()])?;
    let account = AccountInput {
        email,
        display_name,
        password,
        timezone,
    };
    let user = create_account(db, account, input.role, now).await?;
    tracing::info!(admin = %admin.id, user = %user.id, role = %user.role, "account created by an admin");
    Ok(UserOut {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
        deactivated: false,
        created_at: rfc3339(now).unwrap_or_default(),
    })
}

/// Changes a role and/or (de)activates. An admin cannot lock themselves out; deactivating
/// ends the person's sessions at once. A role change leaves cohorts as they are, except that
/// memberships that no longer fit the role are dropped.
pub async fn update(
    db: &Db,
    admin: &User,
    id: &str,
    change: UserUpdate,
    now: i64,
) -> Result<UserOut, AppError> {
    require_admin(admin)?;
    if id == admin.id
        && (change.deactivated == Some(true) || change.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(AppError::invalid(
            "role",
            "You cannot demote or deactivate your own account; ask another admin.",
        ));
    }
    let mut tx = db.begin_write().await?;
    let user = users::find_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    if let Some(role) = change.role.filter(|r| *r != user.role) {
        users::set_role(&mut tx, id, role).await?;
        crate::store::cohorts::drop_memberships_not_in_role(&mut tx, id, role).await?;
    }
    if let Some(off) = change.deactivated {
        users::set_deactivated(&mut tx, id, off.then_some(now)).await?;
        if off {
            sessions::delete_for_user(&mut tx, id).await?;
        }
    }
    let row = users::account(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, user = %id, "account changed by an admin");
    out(row)
}
