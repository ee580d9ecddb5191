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

/// Renews a live session that is being used: `expires_at` becomes `now + idle_ms`, never past
/// `created_at + max_ms`; records the device the first time. At most once per `every_ms`, so
/// reading a page is not a write each time.
pub async fn touch(
    conn: &mut AnyConnection,
    token_hash: &str,
    device: &str,
    now: i64,
    idle_ms: i64,
    max_ms: i64,
    every_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, \
         device = CASE WHEN device = '' THEN $2 ELSE device END, \
         expires_at = CASE WHEN created_at + $4 < $1 + $3 THEN created_at + $4 ELSE $1 + $3 END \
         WHERE token_hash = $5 AND last_seen_at < $1 - $6",
    )
    .bind(now)
    .bind(device)
    .bind(idle_ms)
    .bind(max_ms)
    .bind(token_hash)
    .bind(every_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// A person's live sessions: (token hash, device, created, last seen), latest first.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: &str,
    now: i64,
) -> Result<Vec<(String, String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT token_hash, device, created_at, last_seen_at FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(conn)
    .await?)
}
