//! Self-registrations waiting for their e-mail link (`registrations`): kept by the hash of
//! their token, taken out when used.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A registration as it was asked for (the password already hashed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pending {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub timezone: String,
}

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    p: &Pending,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO registrations (token_hash, email, display_name, password_hash, timezone, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash)
    .bind(&p.email)
    .bind(&p.display_name)
    .bind(&p.password_hash)
    .bind(&p.timezone)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unused, unexpired registration with `token_hash`.
pub async fn live(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<Pending>, AppError> {
    Ok(sqlx::query_as(
        "SELECT email, display_name, password_hash, timezone FROM registrations \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// Takes the live registration with `token_hash` out (used once; its password hash goes with
/// it).
pub async fn take(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<Pending>, AppError> {
    let found = live(&mut *conn, token_hash, now).await?;
    let gone = sqlx::query("DELETE FROM registrations WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(found.filter(|_| gone.rows_affected() == 1))
}

/// Forgets registrations for `email` (erasure) and any that expired.
pub async fn forget(conn: &mut AnyConnection, email: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM registrations WHERE email = $1")
        .bind(email)
        .execute(&mut *conn)
        .await?;
    forget_expired(conn, now).await
}

/// Forgets registrations whose link expired.
pub async fn forget_expired(conn: &mut AnyConnection, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM registrations WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many registration e-mails went to `email` since `since` (a stranger cannot flood a
/// mailbox).
pub async fn sent_since(
    conn: &mut AnyConnection,
    email: &str,
    since: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE email = $1 AND created_at > $2",
    )
    .bind(email)
    .bind(since)
    .fetch_one(conn)
    .await?)
}
