//! WhatsApp as stored: a learner's choice and consent (in `coach_prefs`) and the messages to
//! and from them (`whatsapp_messages`).

use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use sqlx::AnyConnection;

flowline_core::text_enum! {
    /// Where a WhatsApp message is: ours go from queued to sent, delivered and read (or failed,
    /// or skipped when the learner opted out first); a learner's are received.
    pub enum MessageStatus {
        Queued = "queued",
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
        Received = "received",
        Skipped = "skipped",
    }
}

impl MessageStatus {
    /// How far one of ours got; Meta's news only ever moves a message forward.
    pub fn rank(self) -> u8 {
        match self {
            MessageStatus::Queued => 0,
            MessageStatus::Sent => 1,
            MessageStatus::Delivered => 2,
            MessageStatus::Read => 3,
            _ => 4,
        }
    }
}

/// A learner's WhatsApp choice as stored.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Choice {
    pub phone: Option<String>,
    pub whatsapp: Flag,
    pub consent_at: Option<i64>,
    pub last_inbound_at: Option<i64>,
}

pub async fn choice(conn: &mut AnyConnection, user_id: &str) -> Result<Option<Choice>, AppError> {
    sqlx::query_as(
        "SELECT phone, whatsapp, consent_at, last_inbound_at FROM coach_prefs WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Whether another account holds this number.
pub async fn phone_taken(
    conn: &mut AnyConnection,
    phone: &str,
    user_id: &str,
) -> Result<bool, AppError> {
    let taken: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM coach_prefs WHERE phone = $1 AND user_id <> $2")
            .bind(phone)
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(taken.is_some())
}

/// The learner consents to WhatsApp on `phone` (nudge kinds default to `kinds`).
pub async fn opt_in(
    conn: &mut AnyConnection,
    user_id: &str,
    kinds: &str,
    phone: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO coach_prefs (user_id, kinds, whatsapp, phone, consent_at, updated_at) \
         VALUES ($1, $2, 1, $3, $4, $4) ON CONFLICT (user_id) DO UPDATE SET whatsapp = 1, \
         phone = $3, consent_at = $4, opted_out_at = NULL, updated_at = $4",
    )
    .bind(user_id)
    .bind(kinds)
    .bind(phone)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The learner's number and window are forgotten, and what is still queued for them is
/// skipped.
pub async fn opt_out(conn: &mut AnyConnection, user_id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE coach_prefs SET whatsapp = 0, phone = NULL, opted_out_at = $1, \
         last_inbound_at = NULL, updated_at = $1 WHERE user_id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE whatsapp_messages SET status = 'skipped', error = 'opted out', updated_at = $1 \
         WHERE user_id = $2 AND direction = 'out' AND status = 'queued'",
    )
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A message to a learner, queued: text, or a template and its parameters (JSON).
pub struct Outbound<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub body: &'a str,
    pub template: Option<&'a str>,
    pub params: Option<&'a str>,
    pub now: i64,
}

pub async fn queue(conn: &mut AnyConnection, m: &Outbound<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO whatsapp_messages (id, user_id, direction, kind, body, template, params, \
         status, created_at, updated_at) VALUES ($1, $2, 'out', 'text', $3, $4, $5, 'queued', $6, $6)",
    )
    .bind(m.id)
    .bind(m.user_id)
    .bind(m.body)
    .bind(m.template)
    .bind(m.params)
    .bind(m.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A message as the sender reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct Message {
    pub id: String,
    pub user_id: Option<String>,
    pub body: String,
    pub template: Option<String>,
    pub params: Option<String>,
    pub status: MessageStatus,
}

pub async fn message(conn: &mut AnyConnection, id: &str) -> Result<Option<Message>, AppError> {
    sqlx::query_as(
        "SELECT id, user_id, body, template, params, status FROM whatsapp_messages WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Records what became of a message: its status, the kind it went as, Meta's id, the error.
pub async fn mark(
    conn: &mut AnyConnection,
    id: &str,
    status: MessageStatus,
    kind: Option<&str>,
    wa_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE whatsapp_messages SET status = $1, kind = COALESCE($2, kind), wa_id = $3, \
         error = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(status)
    .bind(kind)
    .bind(wa_id)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Meta says the learner's 24-hour window is shut.
pub async fn window_shut(conn: &mut AnyConnection, user_id: Option<&str>) -> Result<(), AppError> {
    sqlx::query("UPDATE coach_prefs SET last_inbound_at = NULL WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// (status, learner) of the message Meta knows as `wa_id`.
pub async fn status_of_sent(
    conn: &mut AnyConnection,
    wa_id: &str,
) -> Result<Option<(MessageStatus, Option<String>)>, AppError> {
    sqlx::query_as("SELECT status, user_id FROM whatsapp_messages WHERE wa_id = $1")
        .bind(wa_id)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// Meta's news of a sent message: its new status, and the error if there is one.
pub async fn delivery(
    conn: &mut AnyConnection,
    wa_id: &str,
    status: MessageStatus,
    error: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE whatsapp_messages SET status = $1, error = COALESCE($2, error), updated_at = $3 \
         WHERE wa_id = $4",
    )
    .bind(status)
    .bind(error)
    .bind(now)
    .bind(wa_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The learner who opted in with this number, if any.
pub async fn opted_in_owner(
    conn: &mut AnyConnection,
    phone: &str,
) -> Result<Option<String>, AppError> {
    sqlx::query_scalar(
        "SELECT user_id FROM coach_prefs WHERE phone = $1 AND whatsapp = 1 AND consent_at IS NOT NULL",
    )
    .bind(phone)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Keeps a message from a learner; false when Meta delivered it before (its id is known).
pub async fn received(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    wa_id: &str,
    text: &str,
    now: i64,
) -> Result<bool, AppError> {
    let taken = sqlx::query(
        "INSERT INTO whatsapp_messages (id, user_id, direction, wa_id, kind, body, status, \
         created_at, updated_at) VALUES ($1, $2, 'in', $3, 'text', $4, 'received', $5, $5) \
         ON CONFLICT (wa_id) DO NOTHING",
    )
    .bind(id)
    .bind(user_id)
    .bind(wa_id)
    .bind(text)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// The learner wrote at `at`: their 24-hour window is open from then.
pub async fn window_opened(
    conn: &mut AnyConnection,
    user_id: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE coach_prefs SET last_inbound_at = $1 WHERE user_id = $2")
        .bind(at)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
