//! Web Push: the server's key and the browsers' subscriptions.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// The stored VAPID key: (secret hex, public key).
pub async fn key(conn: &mut AnyConnection) -> Result<Option<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("SELECT secret, public_key FROM push_keys WHERE id = 'vapid'")
            .fetch_optional(conn)
            .await?,
    )
}

/// Stores the key unless another instance stored one first.
pub async fn insert_key(
    conn: &mut AnyConnection,
    secret: &str,
    public_key: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO push_keys (id, secret, public_key, created_at) VALUES ('vapid', $1, $2, $3) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(secret)
    .bind(public_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

pub struct NewSubscription<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub device: &'a str,
    pub now: i64,
}

/// Saves a subscription; the same endpoint again (a new key, or the phone changed hands)
/// replaces the old row.
pub async fn upsert(conn: &mut AnyConnection, s: &NewSubscription<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, device, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (endpoint) DO UPDATE SET user_id = $2, p256dh = $4, auth = $5, device = $6",
    )
    .bind(s.id)
    .bind(s.user_id)
    .bind(s.endpoint)
    .bind(s.p256dh)
    .bind(s.auth)
    .bind(s.device)
    .bind(s.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a person's subscription by its endpoint; false when there was none.
pub async fn delete_for(
    conn: &mut AnyConnection,
    user_id: &str,
    endpoint: &str,
) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2")
        .bind(user_id)
        .bind(endpoint)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes a subscription the push service has dropped.
pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM push_subscriptions WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<SubscriptionRow>, AppError> {
    Ok(
        sqlx::query_as("SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The ids of a person's subscriptions (one per browser).
pub async fn ids_of(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(conn)
            .await?,
    )
}

pub async fn mark_sent(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE push_subscriptions SET last_sent_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
