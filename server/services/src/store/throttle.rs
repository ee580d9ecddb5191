//! Failed sign-in counters in a fixed window, kept in the database so that every server
//! instance behind a load balancer sees the same count.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// Failures recorded under `key` in the window that is still open at `now`.
pub async fn failures(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_ms: i64,
) -> Result<i64, AppError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT window_start, failures FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    Ok(match row {
        Some((start, n)) if now - start < window_ms => n,
        _ => 0,
    })
}

/// Counts one more failure under `key`, opening a new window when the old one has closed.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO login_throttle (key, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN $2 - login_throttle.window_start < $3 THEN login_throttle.failures + 1 ELSE 1 END, \
           window_start = CASE WHEN $2 - login_throttle.window_start < $3 THEN login_throttle.window_start ELSE $2 END",
    )
    .bind(key)
    .bind(now)
    .bind(window_ms)
    .execute(conn)
    .await
    ?;
    Ok(())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// The throttle key of an account: its e-mail address hashed, so failed sign-ins leave no
/// address in the table (someone erased, or someone who never had an account).
pub fn account_key(email: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("account:{}", hex::encode(Sha256::digest(email.as_bytes())))
}
