//! Password reset links (`password_resets`): kept by the hash of their token, used once.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account of an unused, unexpired link, if the account is active.
pub async fn live(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, AppError> {
    sqlx::query_scalar(
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
         AND u.deleted_at IS NULL AND u.deactivated_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Marks the link used; false when it already was (two tabs, one wins).
pub async fn use_once(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<bool, AppError> {
    let used = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// When the person's latest link was made.
pub async fn latest(conn: &mut AnyConnection, user_id: &str) -> Result<Option<i64>, AppError> {
    sqlx::query_scalar("SELECT MAX(created_at) FROM password_resets WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
        .map_err(AppError::from)
}

/// Ends every unused link of a person (their password changed, or they were erased).
pub async fn end_all(conn: &mut AnyConnection, user_id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
