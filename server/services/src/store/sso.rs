//! Single sign-on: sign-ins in flight (`sso_attempts`) and SSO-only e-mail domains
//! (`sso_domains`).

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A sign-in in flight, as the identity provider's answer needs it back.
pub struct Attempt {
    pub verifier: String,
    pub nonce: String,
}

pub async fn insert_attempt(
    conn: &mut AnyConnection,
    state_hash: &str,
    attempt: &Attempt,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sso_attempts WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sso_attempts (state_hash, verifier, nonce, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(state_hash)
    .bind(&attempt.verifier)
    .bind(&attempt.nonce)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the live attempt with `state_hash` out (it can be used once): `None` when there is
/// none, it was used, or it expired.
pub async fn take_attempt(
    conn: &mut AnyConnection,
    state_hash: &str,
    now: i64,
) -> Result<Option<Attempt>, AppError> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "DELETE FROM sso_attempts WHERE state_hash = $1 RETURNING verifier, nonce, expires_at",
    )
    .bind(state_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row
        .filter(|(_, _, expires_at)| *expires_at > now)
        .map(|(verifier, nonce, _)| Attempt { verifier, nonce }))
}

/// Every SSO-only domain, with who set it and when, alphabetically.
pub async fn domains(conn: &mut AnyConnection) -> Result<Vec<(String, String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.domain, COALESCE(u.display_name, ''), d.created_at FROM sso_domains d \
         LEFT JOIN users u ON u.id = d.created_by ORDER BY d.domain",
    )
    .fetch_all(conn)
    .await?)
}

pub async fn is_sso_only(conn: &mut AnyConnection, domain: &str) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sso_domains WHERE domain = $1")
        .bind(domain)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Marks a domain SSO-only; marking it twice is not an error.
pub async fn add_domain(
    conn: &mut AnyConnection,
    domain: &str,
    by: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sso_domains (domain, created_by, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (domain) DO NOTHING",
    )
    .bind(domain)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_domain(conn: &mut AnyConnection, domain: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sso_domains WHERE domain = $1")
        .bind(domain)
        .execute(conn)
        .await?;
    Ok(())
}
