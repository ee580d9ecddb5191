//! Getting back in: "Forgot your password?" mails a one-hour, single-use link (the same answer
//! whether or not the address has an account); using it sets a new password and ends every
//! session. A signed-in person changes their password on Me with their current one, which
//! signs out every other device. Either way the owner is told by e-mail.

use crate::accounts::NewSession;
use crate::db::Db;
use crate::mail::{self, compose};
use crate::state::AppState;
use crate::state::AuthConfig;
use crate::store::users::User;
use crate::store::{password_resets as resets, sessions, users};
use crate::{password, session_token, throttle};
use flowline_core::domain::Email;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::PasswordChange;
pub use flowline_core::model::ResetView;

/// How long a reset link works.
pub const VALID_MINUTES: i64 = 60;
/// At most one reset e-mail per account in this time (a stranger cannot flood a mailbox).
const ONE_MAIL_PER_MS: i64 = 2 * 60_000;

/// What "Forgot your password?" answers, whatever the address.
pub const SENT: &str = "If an account uses that address, we have sent it a link to choose a \
    new password. It works for an hour. Check your spam folder if it does not arrive.";

fn gone() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "This link to reset your password was used already or has expired. Ask for a new one \
         with \u{201c}Forgot your password?\u{201d} on the sign-in page.",
    )
}

/// "Forgot your password?": mails a reset link when `email` has an account that can sign in.
/// Says nothing about whether it has.
pub async fn forgot(db: &Db, site: &str, email: &str, now: i64) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    let mut tx = db.begin_write().await?;
    let Some((user, hash)) = users::find_credentials(&mut tx, email.as_str()).await? else {
        return Ok(());
    };
    // Erased, or a demo account while demo mode is off: nobody to let back in.
    let closed = ["!erased", "!demo-off"].contains(&hash.as_str());
    let recent = resets::latest(&mut tx, &user.id)
        .await?
        .is_some_and(|at| now - at < ONE_MAIL_PER_MS);
    if closed || recent {
        return Ok(());
    }
    let token = session_token::generate();
    let token_hash = session_token::hash(&token);
    resets::insert(
        &mut tx,
        &token_hash,
        &user.id,
        now,
        now + VALID_MINUTES * 60_000,
    )
    .await?;
    let letter = compose::password_reset(
        &user.email,
        &user.display_name,
        &format!("{site}/reset/{token}"),
        VALID_MINUTES,
    );
    mail::queue(&mut tx, &letter, &format!("reset:{token_hash}"), now).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "password reset link queued");
    Ok(())
}

/// Whom a reset link is for (404 once used or expired).
pub async fn view(db: &Db, token: &str, now: i64) -> Result<ResetView, AppError> {
    let user = live_user(db, token, now).await?;
    Ok(ResetView {
        email: user.email,
        display_name: user.display_name,
    })
}

async fn live_user(db: &Db, token: &str, now: i64) -> Result<User, AppError> {
    let mut conn = db.pool.acquire().await?;
    let user_id = resets::live(&mut conn, &session_token::hash(token), now)
        .await?
        .ok_or_else(gone)?;
    users::find_by_id(&mut conn, &user_id)
        .await?
        .ok_or_else(gone)
}

/// Uses a reset link: the new password replaces the old, every session and every other link
/// of the account ends, and this browser is signed in afresh.
pub async fn reset(
    db: &Db,
    cfg: &AuthConfig,
    site: &str,
    token: &str,
    new_password: &str,
    now: i64,
) -> Result<NewSession, AppError> {
    // The link first: a made-up token costs no password hash.
    let user = live_user(db, token, now).await?;
    let chosen = password::choose(new_password, &[&user.email, &user.display_name])?;
    let hash = password::hash(chosen.expose().to_owned()).await?;
    let session = session_token::generate();
    let mut tx = db.begin_write().await?;
    if !resets::use_once(&mut tx, &session_token::hash(token), now).await? {
        return Err(gone());
    }
    users::set_password(&mut tx, &user.id, &hash).await?;
    resets::end_all(&mut tx, &user.id, now).await?;
    sessions::delete_for_user(&mut tx, &user.id).await?;
    sessions::insert(
        &mut tx,
        &session_token::hash(&session),
        &user.id,
        now,
        now + cfg.session_ttl_s * 1000,
    )
    .await?;
    tell_changed(&mut tx, site, &user, now).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "password reset: every other session ended");
    Ok(NewSession {
        user,
        token: session,
        max_age_s: cfg.session_max_s,
    })
}

/// Changes a signed-in person's password; `current_session` (this device) stays signed in,
/// every other session ends.
pub async fn change(
    state: &AppState,
    user: &User,
    change: &PasswordChange,
    current_session: &str,
    now: i64,
) -> Result<(), AppError> {
    let (db, cfg, site) = (&state.db, &state.auth, state.public_url.as_str());
    let (current, new_password) = (&change.current_password, &change.new_password);
    // The current password is a password check like signing in: throttled the same way.
    let keys = throttle::Keys::new(Some(&user.email), None);
    throttle::admit(db, &throttle::Rules::from_config(cfg), &keys, now).await?;
    let stored = {
        let mut conn = db.pool.acquire().await?;
        users::find_credentials(&mut conn, &user.email)
            .await?
            .map(|(_, h)| h)
    };
    if !password::verify(current.clone(), stored).await? {
        return Err(AppError::invalid(
            "current_password",
            "That is not your current password.",
        ));
    }
    throttle::forgive(db, &keys).await?;
    if current == new_password {
        return Err(AppError::invalid(
            "new_password",
            "Choose a password different from the one you have now.",
        ));
    }
    let chosen =
        password::choose(new_password, &[&user.email, &user.display_name]).map_err(|mut e| {
            e.field = Some("new_password".to_owned());
            e
        })?;
    let hash = password::hash(chosen.expose().to_owned()).await?;
    let mut tx = db.begin_write().await?;
    users::set_password(&mut tx, &user.id, &hash).await?;
    resets::end_all(&mut tx, &user.id, now).await?;
    sessions::delete_others(&mut tx, &user.id, &session_token::hash(current_session)).await?;
    tell_changed(&mut tx, site, user, now).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "password changed: other sessions ended");
    Ok(())
}

async fn tell_changed(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    user: &User,
    now: i64,
) -> Result<(), AppError> {
    let letter =
        compose::password_changed(&user.email, &user.display_name, &format!("{site}/forgot"));
    mail::queue(conn, &letter, &format!("changed:{}:{now}", user.id), now).await?;
    Ok(())
}
