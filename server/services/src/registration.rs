//! Self-service registration: anyone may ask for a learner account while the provider allows
//! it. Outside demo mode the account is made only when the address's owner follows the link
//! e-mailed to them, and the answer is the same whether or not the address already has an
//! account (its owner is told by e-mail instead), so registering reveals nothing to a stranger.
//! In demo mode the account is made at once and joins the demo cohort, so there are lessons to
//! learn straight away.

use crate::accounts::{self, create_account, AccountInput, NewSession};
use crate::db::Db;
use crate::demo;
use crate::mail::{self, compose};
use crate::state::AuthConfig;
use crate::store::registrations::{self as store, Pending};
use crate::store::users::{self, User};
use crate::{new_id, password, session_token};
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{RegisterRequest, ResetView};

/// How long the link in the e-mail works.
pub const VALID_HOURS: i64 = 24;
/// At most this many registration e-mails to one address an hour.
const MAILS_PER_HOUR: i64 = 3;

/// What "Create account" answers outside demo mode, whatever the address.
pub const SENT: &str = "Check your e-mail: we have sent a link to finish creating your \
    account. It works for 24 hours. Check your spam folder if it does not arrive.";

/// What came of a registration.
#[derive(Debug)]
pub enum Registered {
    /// Demo mode: the account exists and may sign in.
    Now(User),
    /// The link is on its way (or, for an address with an account, a note to its owner).
    Mailed,
}

fn closed() -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        "Registration is closed. Ask your training provider for an account.",
    )
}

fn gone() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "This link to finish creating your account was used already or has expired. Create \
         your account again, or sign in if you already did.",
    )
}

/// Self-service registration: always a learner account. `site` is the public URL the
/// e-mailed link starts with.
pub async fn register(
    db: &Db,
    cfg: &AuthConfig,
    site: &str,
    req: &RegisterRequest,
    now: i64,
) -> Result<Registered, AppError> {
    if !cfg.allow_registration {
        return Err(closed());
    }
    if cfg.join_demo_cohort {
        return create_now(db, cfg, req, now).await.map(Registered::Now);
    }
    let input = AccountInput::parse(req)?;
    // Hashed whether or not the address has an account: both answers take as long.
    let hash = password::hash(input.password.expose().to_owned()).await?;
    let email = input.email.as_str();
    let mut tx = db.begin_write().await?;
    if let Some(user) = users::find_by_email(&mut tx, email).await? {
        let letter = compose::already_registered(
            &user.email,
            &user.display_name,
            &format!("{site}/login"),
            &format!("{site}/forgot"),
        );
        // One such note per ten minutes, however often someone tries.
        let key = format!("registered-again:{}:{}", user.id, now / 600_000);
        mail::queue(&mut tx, &letter, &key, now).await?;
        tx.commit().await?;
        tracing::info!(user = %user.id, "registration for an existing account: owner told");
        return Ok(Registered::Mailed);
    }
    if store::sent_since(&mut tx, email, now - 3_600_000).await? >= MAILS_PER_HOUR {
        return Ok(Registered::Mailed);
    }
    store::forget_expired(&mut tx, now).await?;
    let token = session_token::generate();
    let token_hash = session_token::hash(&token);
    store::insert(
        &mut tx,
        &token_hash,
        &Pending {
            email: email.to_owned(),
            display_name: input.display_name.as_str().to_owned(),
            password_hash: hash.as_str().to_owned(),
            timezone: input.timezone.name().to_owned(),
        },
        now,
        now + VALID_HOURS * 3_600_000,
    )
    .await?;
    let letter = compose::confirm_registration(
        email,
        input.display_name.as_str(),
        &format!("{site}/welcome/{token}"),
        VALID_HOURS,
    );
    mail::queue(&mut tx, &letter, &format!("register:{token_hash}"), now).await?;
    tx.commit().await?;
    tracing::info!("registration link queued");
    Ok(Registered::Mailed)
}

/// Makes the account at once (demo mode; and stories that need an apprentice with an account).
pub async fn create_now(
    db: &Db,
    cfg: &AuthConfig,
    req: &RegisterRequest,
    now: i64,
) -> Result<User, AppError> {
    let input = AccountInput::parse(req)?;
    let user = create_account(db, input, Role::Learner, now).await?;
    if cfg.join_demo_cohort {
        demo::join_demo_cohort(db, &user.id, now).await?;
    }
    Ok(user)
}

/// Whose account a registration link makes (404 once used or expired).
pub async fn view(db: &Db, token: &str, now: i64) -> Result<ResetView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let p = store::live(&mut conn, &session_token::hash(token), now)
        .await?
        .ok_or_else(gone)?;
    Ok(ResetView {
        email: p.email,
        display_name: p.display_name,
    })
}

/// Follows the link: makes the account with what was asked for, and signs it in.
pub async fn confirm(
    db: &Db,
    cfg: &AuthConfig,
    token: &str,
    now: i64,
) -> Result<NewSession, AppError> {
    let mut tx = db.begin_write().await?;
    let p = store::take(&mut tx, &session_token::hash(token), now)
        .await?
        .ok_or_else(gone)?;
    let id = new_id();
    let hash = password::PasswordHashString::from_stored(p.password_hash);
    users::insert(
        &mut tx,
        &users::NewUser {
            id: &id,
            email: &p.email,
            display_name: &p.display_name,
            password_hash: &hash,
            role: Role::Learner,
            timezone: &p.timezone,
            now,
        },
    )
    .await
    .map_err(|e| {
        if e.code == ErrorCode::Conflict {
            AppError::new(
                ErrorCode::Conflict,
                "This address has an account already (made since you asked). Sign in, or \
                 choose a new password with \u{201c}Forgot your password?\u{201d}.",
            )
        } else {
            e
        }
    })?;
    tx.commit().await?;
    tracing::info!(user = %id, "account created from its e-mail link");
    let mut conn = db.pool.acquire().await?;
    let user = users::find_by_id(&mut conn, &id)
        .await?
        .ok_or_else(|| AppError::internal("the new account is not there"))?;
    drop(conn);
    accounts::start_session(db, cfg, user, None, now).await
}
