use super::users::{user_from_row, User, USER_COLUMNS};
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
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await
    ?;
    Ok(())
}

/// The active account behind a live session, if any.
pub async fn find_user(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<User>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 \
         AND u.deleted_at IS NULL AND u.deactivated_at IS NULL"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes sessions past their expiry; returns how many.
pub async fn delete_expired(conn: &mut AnyConnection, now: i64) -> Result<u64, AppError> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
        .map_err(AppError::from)
}

/// Ends every session of a person (deactivation).
pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a person but the one with `keep` (the device they are using).
pub async fn delete_others(
    conn: &mut AnyConnection,
    user_id: &str,
    keep: &str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(())
}
