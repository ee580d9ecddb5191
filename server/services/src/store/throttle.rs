//! Failed sign-in counters, kept in the database so that every server instance behind a load
//! balancer sees the same count. A counter forgets once it has been quiet for a window.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// One counter as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counter {
    pub failures: i64,
    pub last_failure_at: i64,
}

/// Makes sure `key` has a row, forgetting its failures when it has been quiet for `window_ms`,
/// and returns it. Inside a write transaction this also holds the row until commit (the
/// upsert locks it on PostgreSQL; SQLite has one writer), so two sign-ins cannot both read
/// the same count.
pub async fn hold(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_ms: i64,
) -> Result<Counter, AppError> {
    let (failures, last_failure_at): (i64, i64) = sqlx::query_as(
        "INSERT INTO login_throttle (key, window_start, failures, last_failure_at) \
         VALUES ($1, $2, 0, 0) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN $2 - login_throttle.last_failure_at >= $3 THEN 0 ELSE login_throttle.failures END, \
           window_start = CASE WHEN $2 - login_throttle.last_failure_at >= $3 THEN $2 ELSE login_throttle.window_start END \
         RETURNING failures, last_failure_at",
    )
    .bind(key)
    .bind(now)
    .bind(window_ms)
    .fetch_one(conn)
    .await?;
    Ok(Counter {
        failures,
        last_failure_at,
    })
}

/// Counts one attempt under `key` as failed (until it is forgiven).
pub async fn count(conn: &mut AnyConnection, key: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE login_throttle SET failures = failures + 1, last_failure_at = $2 WHERE key = $1",
    )
    .bind(key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes back one counted attempt (it turned out to be the right password).
pub async fn forgive(conn: &mut AnyConnection, key: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END \
         WHERE key = $1",
    )
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets every counter of one account (its own and those it shares with a client): on
/// erasure, since a client's key holds its address.
pub async fn clear_account(conn: &mut AnyConnection, email: &str) -> Result<(), AppError> {
    let digest = email_digest(email);
    sqlx::query("DELETE FROM login_throttle WHERE key = $1 OR key LIKE $2")
        .bind(format!("account:{digest}"))
        .bind(format!("pair:{digest}:%"))
        .execute(conn)
        .await?;
    Ok(())
}

fn email_digest(email: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(email.as_bytes()))
}

/// The key of an account, whoever tries it: its e-mail address hashed, so failed sign-ins
/// leave no address in the table (someone erased, or someone who never had an account).
pub fn account_key(email: &str) -> String {
    format!("account:{}", email_digest(email))
}

/// The key of one account tried from one client.
pub fn pair_key(email: &str, client: &str) -> String {
    format!("pair:{}:{client}", email_digest(email))
}

/// The key of one client, whichever accounts it tries.
pub fn client_key(client: &str) -> String {
    format!("ip:{client}")
}
