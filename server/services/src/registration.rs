//! Self-service registration: anyone may create a learner account while the provider allows
//! it, and in demo mode they join the demo cohort at once, so they have lessons to learn.

use crate::accounts::{create_account, AccountInput};
use crate::db::Db;
use crate::demo;
use crate::state::AuthConfig;
use crate::store::users::User;
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::RegisterRequest;

/// Self-service registration: always a learner account.
pub async fn register(
    db: &Db,
    cfg: &AuthConfig,
    req: &RegisterRequest,
    now: i64,
) -> Result<User, AppError> {
    if !cfg.allow_registration {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Registration is closed. Ask your training provider for an account.",
        ));
    }
    let input = AccountInput::parse(req)?;
    let user = create_account(db, input, Role::Learner, now).await?;
    if cfg.join_demo_cohort {
        demo::join_demo_cohort(db, &user.id, now).await?;
    }
    Ok(user)
}
