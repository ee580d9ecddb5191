//! `data_exports`: people's copies of their data, from request to download to expiry.

use flowline_core::error::AppError;
use flowline_core::model::privacy::ExportStatus;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub id: String,
    pub user_id: String,
    pub status: ExportStatus,
    pub progress: f64,
    pub error: Option<String>,
    pub bytes: Option<i64>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, status, progress, error, bytes, created_at, expires_at";

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    requested_by: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO data_exports (id, user_id, requested_by, status, progress, created_at) \
         VALUES ($1, $2, $3, 'queued', 0, $4)",
    )
    .bind(id)
    .bind(user_id)
    .bind(requested_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The person's newest export.
pub async fn latest_of(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Option<ExportRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM data_exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn get(conn: &mut AnyConnection, id: &str) -> Result<Option<ExportRow>, AppError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM data_exports WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Marks the export as being made, at `progress` (0 to 1).
pub async fn set_progress(
    conn: &mut AnyConnection,
    id: &str,
    progress: f64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE data_exports SET status = 'running', progress = $1 WHERE id = $2 \
         AND status IN ('queued', 'running')",
    )
    .bind(progress.clamp(0.0, 1.0))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps the finished ZIP until `expires_at`. False when the export is gone meanwhile (its
/// person was erased).
pub async fn finish(
    conn: &mut AnyConnection,
    id: &str,
    archive: Vec<u8>,
    now: i64,
    expires_at: i64,
) -> Result<bool, AppError> {
    let bytes = i64::try_from(archive.len()).unwrap_or(i64::MAX);
    let done = sqlx::query(
        "UPDATE data_exports SET status = 'ready', progress = 1, archive = $1, bytes = $2, \
         finished_at = $3, expires_at = $4, error = NULL WHERE id = $5 AND status IN ('queued', 'running')",
    )
    .bind(archive)
    .bind(bytes)
    .bind(now)
    .bind(expires_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn fail(conn: &mut AnyConnection, id: &str, why: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE data_exports SET status = 'failed', error = $1, finished_at = $2 WHERE id = $3",
    )
    .bind(why)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The ZIP of a ready export that has not expired at `now`.
pub async fn archive(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<Option<Vec<u8>>, AppError> {
    let row: Option<(Option<Vec<u8>>,)> = sqlx::query_as(
        "SELECT archive FROM data_exports WHERE id = $1 AND status = 'ready' AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(a,)| a))
}

/// Drops the ZIPs whose links have run out; how many.
pub async fn expire(conn: &mut AnyConnection, now: i64) -> Result<u64, AppError> {
    let done = sqlx::query(
        "UPDATE data_exports SET status = 'expired', archive = NULL \
         WHERE status = 'ready' AND expires_at <= $1",
    )
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Removes every export of a person (erasure).
pub async fn delete_of(conn: &mut AnyConnection, user_id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM data_exports WHERE user_id = $1 OR requested_by = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
