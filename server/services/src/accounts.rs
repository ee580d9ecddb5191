//! Accounts and sessions: register, sign in and out, who is signed in.

use crate::db::Db;
use crate::state::AuthConfig;
pub use crate::store::users::User;
use crate::store::{cohorts, sessions, users};
use crate::{new_id, password, session_token, throttle};
use flowline_core::domain::{DisplayName, Email, Password, Role, Timezone};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{Device, LoginRequest, Me, RegisterRequest};
use flowline_core::view::projection::rfc3339;
use std::net::IpAddr;

/// The one message for a wrong password and an unknown e-mail alike.
pub const BAD_CREDENTIALS: &str = "That e-mail and password do not match an account.";

/// A new session: the token goes into the cookie, `max_age_s` is its lifetime.
#[derive(Debug)]
pub struct NewSession {
    pub user: User,
    pub token: String,
    pub max_age_s: i64,
}

/// Values of a new account, parsed.
pub struct AccountInput {
    pub email: Email,
    pub display_name: DisplayName,
    pub password: Password,
    pub timezone: Timezone,
}

impl AccountInput {
    /// Parses a registration form; the first bad field is named in the error.
    pub fn parse(req: &RegisterRequest) -> Result<Self, AppError> {
        let timezone = match req.timezone.as_deref().map(str::trim) {
            None | Some("") => Timezone::default(),
            Some(tz) => Timezone::parse(tz)?,
        };
        let email = Email::parse(&req.email)?;
        let display_name = DisplayName::parse(&req.display_name)?;
        let password = password::choose(&req.password, &[email.as_str(), display_name.as_str()])?;
        Ok(Self {
            email,
            display_name,
            password,
            timezone,
        })
    }
}

/// Creates an account with the given role.
pub async fn create_account(
    db: &Db,
    input: AccountInput,
    role: Role,
    now: i64,
) -> Result<User, AppError> {
    let hash = password::hash(input.password.expose().to_owned()).await?;
    let id = new_id();
    let mut conn = db.pool.acquire().await?;
    users::insert(
        &mut conn,
        &users::NewUser {
            id: &id,
            email: input.email.as_str(),
            display_name: input.display_name.as_str(),
            password_hash: &hash,
            role,
            timezone: input.timezone.name(),
            now,
        },
    )
    .await?;
    tracing::info!(user = %id, role = %role, "account created");
    Ok(User {
        id,
        email: input.email.as_str().to_owned(),
        display_name: input.display_name.as_str().to_owned(),
        role,
        timezone: input.timezone.name().to_owned(),
        created_at: now,
    })
}

/// Signs in: the attempt is admitted by the throttle (and counted) first, then the password
/// is verified with no database connection held (in constant-ish time whether or not the
/// account exists), and a fresh session starts, ending `previous_token`'s if given.
pub async fn login(
    db: &Db,
    cfg: &AuthConfig,
    req: &LoginRequest,
    client_ip: Option<IpAddr>,
    previous_token: Option<&str>,
    now: i64,
) -> Result<NewSession, AppError> {
    let email = Email::parse(&req.email).ok();
    let client = client_ip.map(|ip| ip.to_string());
    let keys = throttle::Keys::new(email.as_ref().map(Email::as_str), client.as_deref());
    throttle::admit(db, &throttle::Rules::from_config(cfg), &keys, now).await?;
    if let Some(e) = &email {
        crate::sso::refuse_password(db, cfg, e).await?;
    }

    let found = match &email {
        Some(e) => {
            let mut conn = db.pool.acquire().await?;
            users::find_credentials(&mut conn, e.as_str()).await?
        }
        None => None,
    };
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    // Verify even without an account, so timing does not reveal which e-mails exist.
    let ok = password::verify(req.password.clone(), hash).await?;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            tracing::info!(ip = ?client_ip, "failed sign-in");
            return Err(AppError::new(ErrorCode::Unauthenticated, BAD_CREDENTIALS));
        }
    };
    throttle::forgive(db, &keys).await?;
    start_session(db, cfg, user, previous_token, now).await
}

/// Starts a session for `user` (who has just proved who they are), ending `previous_token`'s
/// if given.
pub async fn start_session(
    db: &Db,
    cfg: &AuthConfig,
    user: User,
    previous_token: Option<&str>,
    now: i64,
) -> Result<NewSession, AppError> {
    let mut conn = db.pool.acquire().await?;
    let token = session_token::generate();
    let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
    if let Some(old) = previous_token {
        sessions::delete(&mut tx, &session_token::hash(old)).await?;
    }
    sessions::insert(
        &mut tx,
        &session_token::hash(&token),
        &user.id,
        now,
        now + cfg.session_ttl_s * 1000,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "signed in");
    Ok(NewSession {
        user,
        token,
        max_age_s: cfg.session_max_s,
    })
}

/// How often a session in use is renewed (and its "last seen" moved).
const RENEW_EVERY_MS: i64 = 10 * 60_000;

/// The account behind a session token, if the session is live. A session in use is renewed:
/// it ends `session_ttl_s` after its last use, and never later than `session_max_s` after
/// sign-in. `device` is the caller's user agent (named on Me's list of devices).
pub async fn authenticate(
    db: &Db,
    cfg: &AuthConfig,
    token: &str,
    device: &str,
    now: i64,
) -> Result<Option<User>, AppError> {
    let hash = session_token::hash(token);
    let mut conn = db.pool.acquire().await?;
    let user = sessions::find_user(&mut conn, &hash, now).await?;
    if user.is_some() {
        let device: String = device.chars().take(200).collect();
        sessions::touch(
            &mut conn,
            &hash,
            &device,
            now,
            cfg.session_ttl_s * 1000,
            cfg.session_max_s * 1000,
            RENEW_EVERY_MS,
        )
        .await?;
    }
    Ok(user)
}

/// Where the person is signed in, this device first.
pub async fn devices(
    db: &Db,
    user: &User,
    current_token: &str,
    now: i64,
) -> Result<Vec<Device>, AppError> {
    let this = session_token::hash(current_token);
    let mut conn = db.pool.acquire().await?;
    let mut list: Vec<Device> = sessions::of_user(&mut conn, &user.id, now)
        .await?
        .into_iter()
        .map(|(hash, device, created, seen)| Device {
            this_device: hash == this,
            label: device_label(&device),
            signed_in_at: rfc3339(created).unwrap_or_default(),
            last_seen_at: (seen > 0).then(|| rfc3339(seen)).flatten(),
        })
        .collect();
    list.sort_by_key(|d| !d.this_device);
    Ok(list)
}

/// Ends every session of the person but this device's.
pub async fn sign_out_others(db: &Db, user: &User, current_token: &str) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    sessions::delete_others(&mut conn, &user.id, &session_token::hash(current_token)).await?;
    tracing::info!(user = %user.id, "signed out everywhere else");
    Ok(())
}

/// "Chrome on Android" from a user agent (a best guess; "A browser" when it says nothing).
pub fn device_label(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS", "Firefox"),
        ("CriOS", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(k, _)| agent.contains(k))
    .map(|(_, v)| *v);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| agent.contains(k))
    .map(|(_, v)| *v);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => "A browser".to_owned(),
    }
}

/// Ends a session. Ending one that does not exist is not an error.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    sessions::delete(&mut conn, &session_token::hash(token)).await
}

/// The signed-in person's profile and cohorts.
pub async fn me(db: &Db, user: &User) -> Result<Me, AppError> {
    let mut conn = db.pool.acquire().await?;
    let cohorts = cohorts::for_user(&mut conn, &user.id).await?;
    Ok(Me {
        id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        timezone: user.timezone.clone(),
        cohorts,
    })
}

/// Changes the person's time zone. A learner's streak days and review dates follow at once:
/// their engine state is replayed in their new local days in the same transaction.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn set_timezone(db: &Db, user: &User, timezone: &str, now: i64) -> Result<Me, AppError> {
    let tz = Timezone::parse(timezone.trim())?;
    let mut moved = user.clone();
    moved.timezone = tz.name().to_owned();
    let mut tx = db.begin_write().await?;
    users::set_timezone(&mut tx, &user.id, tz.name()).await?;
    if user.role == Role::Learner {
        if let Some(learner) = super::learning::load(&mut tx, &moved).await? {
            super::learning::engine_state::replay(&mut tx, &learner, now).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(timezone = %tz.name(), "time zone changed");
    me(db, &moved).await
}

/// Allows only the listed roles through.
pub fn require_role(user: &User, allowed: &[Role]) -> Result<(), AppError> {
    if allowed.contains(&user.role) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}
