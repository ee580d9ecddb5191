//! One-time sign-in links for people an admin brought in without a password. The link holds
//! a random token; only its SHA-256 is stored. Opening it shows whom it is for; choosing a
//! password uses it up, sets the password and signs the person in.

use crate::accounts::NewSession;
use crate::db::Db;
use crate::mail::{self, compose};
use crate::store::invitations as store;
use crate::store::users::User;
use crate::store::{sessions, users};
use crate::{password, session_token};
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::Notice;
use flowline_core::model::{InvitationOut, InvitationView};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// How long a link works.
pub const VALID_DAYS: i64 = 14;
/// The password an invited account has until the link is used: no hash matches it.
pub const NO_PASSWORD_YET: &str = "!invited";

fn gone() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "This sign-in link was used already or has expired. Ask your training provider for a \
         new one.",
    )
}

/// Makes a link for `user` (older unused links of theirs stop working) and queues the e-mail
/// that carries it, in the caller's transaction.
pub async fn issue(
    conn: &mut AnyConnection,
    site: &str,
    user: (&str, &str, &str),
    admin_id: &str,
    now: i64,
) -> Result<InvitationOut, AppError> {
    let (user_id, email, display_name) = user;
    let token = session_token::generate();
    let expires_at = now + VALID_DAYS * 86_400_000;
    store::replace(
        &mut *conn,
        &session_token::hash(&token),
        user_id,
        admin_id,
        now,
        expires_at,
    )
    .await?;
    let link = format!("{site}/invite/{token}");
    let letter = compose::invitation(email, display_name, &link, VALID_DAYS);
    mail::queue(
        &mut *conn,
        &letter,
        &format!("invite:{}", session_token::hash(&token)),
        now,
    )
    .await?;
    Ok(InvitationOut {
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        link,
        expires_at: rfc3339(expires_at).unwrap_or_default(),
    })
}

/// An admin sends someone a new sign-in link by e-mail: a person who never used theirs (or
/// whose link expired), or anyone who cannot get in. Using it sets their password and ends
/// their other sessions. The link itself is not shown to the admin.
pub async fn send(
    db: &Db,
    site: &str,
    admin: &User,
    user_id: &str,
    now: i64,
) -> Result<Notice, AppError> {
    crate::accounts::require_role(admin, &[Role::Admin])?;
    let mut tx = db.begin_write().await?;
    let person = users::find_by_id(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("person"))?;
    issue(
        &mut tx,
        site,
        (&person.id, &person.email, &person.display_name),
        &admin.id,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, user = %person.id, "sign-in link sent");
    Ok(Notice {
        message: format!(
            "We have e-mailed {} a link to sign in. It works once, for {VALID_DAYS} days.",
            person.display_name
        ),
    })
}

/// The unused, unexpired invitation behind a token: (user id, expires).
async fn live(conn: &mut AnyConnection, token: &str, now: i64) -> Result<(String, i64), AppError> {
    store::live(conn, &session_token::hash(token), now)
        .await?
        .ok_or_else(gone)
}

/// Whom a link is for (404 once used or expired).
pub async fn view(db: &Db, token: &str, now: i64) -> Result<InvitationView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (user_id, expires_at) = live(&mut conn, token, now).await?;
    let user = users::find_by_id(&mut conn, &user_id)
        .await?
        .ok_or_else(gone)?;
    Ok(InvitationView {
        email: user.email,
        display_name: user.display_name,
        expires_at: rfc3339(expires_at).unwrap_or_default(),
    })
}

/// Uses a link up: sets the chosen password and starts a session.
pub async fn accept(
    db: &Db,
    token: &str,
    new_password: &str,
    cfg: &crate::state::AuthConfig,
    now: i64,
) -> Result<NewSession, AppError> {
    // The link first: a made-up token must not cost a password hash (a queue slot).
    let invited = {
        let mut conn = db.pool.acquire().await?;
        let (user_id, _) = live(&mut conn, token, now).await?;
        users::find_by_id(&mut conn, &user_id)
            .await?
            .ok_or_else(gone)?
    };
    let chosen = password::choose(
        new_password,
        &[invited.email.as_str(), invited.display_name.as_str()],
    )?;
    let hash = password::hash(chosen.expose().to_owned()).await?;
    let mut tx = db.begin_write().await?;
    let (user_id, _) = live(&mut tx, token, now).await?;
    if !store::use_once(&mut tx, &session_token::hash(token), now).await? {
        return Err(gone());
    }
    users::set_password(&mut tx, &user_id, &hash).await?;
    // A new password ends whatever sessions the account had (a sign-in link sent to someone
    // who could not get in is a reset).
    sessions::delete_for_user(&mut tx, &user_id).await?;
    let user: User = users::find_by_id(&mut tx, &user_id)
        .await?
        .ok_or_else(gone)?;
    let session = session_token::generate();
    let max_age_s = cfg.session_max_s;
    sessions::insert(
        &mut tx,
        &session_token::hash(&session),
        &user.id,
        now,
        now + cfg.session_ttl_s * 1000,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "invitation used: password chosen, signed in");
    Ok(NewSession {
        user,
        token: session,
        max_age_s,
    })
}
