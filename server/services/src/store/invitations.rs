//! One-time sign-in links (`invitations`): kept by the hash of their token, one live link per
//! person, used once.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// Makes the person's live link the one with `token_hash` (an unused earlier one is dropped).
pub async fn replace(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &str,
    created_by: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM invitations WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO invitations (token_hash, user_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unused, unexpired link's (user id, expires) for an active account.
pub async fn live(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<(String, i64)>, AppError> {
    sqlx::query_as(
        "SELECT i.user_id, i.expires_at FROM invitations i JOIN users u ON u.id = i.user_id \
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 \
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
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(used.rows_affected() == 1)
}
