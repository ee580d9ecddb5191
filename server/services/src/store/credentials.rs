//! The issuer's keys and the credentials issued with them.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct KeyRow {
    pub id: String,
    pub public_key: String,
    pub secret_seed: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// The key new credentials are signed with (the newest not retired).
pub async fn active_key(conn: &mut AnyConnection) -> Result<Option<KeyRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, public_key, secret_seed, created_at, retired_at FROM issuer_keys \
         WHERE retired_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await?)
}

/// Every key, newest first (retired ones still verify).
pub async fn keys(conn: &mut AnyConnection) -> Result<Vec<KeyRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, public_key, secret_seed, created_at, retired_at FROM issuer_keys \
         ORDER BY created_at DESC, id DESC",
    )
    .fetch_all(conn)
    .await?)
}

pub async fn key(conn: &mut AnyConnection, id: &str) -> Result<Option<KeyRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, public_key, secret_seed, created_at, retired_at FROM issuer_keys WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert_key(conn: &mut AnyConnection, k: &KeyRow) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO issuer_keys (id, public_key, secret_seed, created_at, retired_at) \
         VALUES ($1, $2, $3, $4, NULL)",
    )
    .bind(&k.id)
    .bind(&k.public_key)
    .bind(&k.secret_seed)
    .bind(k.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Retires every key but `keep`.
pub async fn retire_others(conn: &mut AnyConnection, keep: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE issuer_keys SET retired_at = $1 WHERE id <> $2 AND retired_at IS NULL")
        .bind(now)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CredentialRow {
    pub id: String,
    pub award_id: String,
    pub learner_id: LearnerId,
    pub key_id: String,
    pub status_index: i64,
    pub document: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

const COLUMNS: &str =
    "id, award_id, learner_id, key_id, status_index, document, issued_at, revoked_at, revoked_reason";

/// The award's live (not revoked) credential, if one was issued.
pub async fn by_award(
    conn: &mut AnyConnection,
    award_id: &str,
) -> Result<Option<CredentialRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM credentials WHERE award_id = $1 AND revoked_at IS NULL"
    ))
    .bind(award_id)
    .fetch_optional(conn)
    .await?)
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<CredentialRow>, AppError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM credentials WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The next free bit of the status list.
pub async fn next_status_index(conn: &mut AnyConnection) -> Result<i64, AppError> {
    let max: Option<i64> = sqlx::query_scalar("SELECT MAX(status_index) FROM credentials")
        .fetch_one(conn)
        .await?;
    Ok(max.map_or(0, |m| m + 1))
}

pub async fn insert(conn: &mut AnyConnection, c: &CredentialRow) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO credentials (id, award_id, learner_id, key_id, status_index, document, \
         issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&c.id)
    .bind(&c.award_id)
    .bind(&c.learner_id)
    .bind(&c.key_id)
    .bind(c.status_index)
    .bind(&c.document)
    .bind(c.issued_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a credential revoked; false when it already was.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: &str,
    by: &str,
    reason: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE credentials SET revoked_at = $1, revoked_by = $2, revoked_reason = $3 \
         WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The status-list bits of revoked credentials.
pub async fn revoked_indexes(conn: &mut AnyConnection) -> Result<Vec<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT status_index FROM credentials WHERE revoked_at IS NOT NULL")
            .fetch_all(conn)
            .await?,
    )
}
