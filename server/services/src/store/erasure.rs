//! Erasure as stored: every statement of the retention rule (docs/retention.md), run in the
//! caller's transaction.

use crate::store::{exports, users::User};
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// What stands where a person's own text was.
pub const ERASED: &str = "[erased]";
/// The name an erased account shows (on a mentor's old sign-offs, for instance).
pub const ERASED_NAME: &str = "Erased account";

/// Active admins other than `id`.
pub async fn other_admins(conn: &mut AnyConnection, id: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> $1 \
         AND deleted_at IS NULL AND deactivated_at IS NULL",
    )
    .bind(id)
    .fetch_one(conn)
    .await?)
}

/// Every statement of the retention rule (docs/retention.md), in one transaction.
pub async fn erase(conn: &mut AnyConnection, person: &User, now: i64) -> Result<(), AppError> {
    let id = person.id.as_str();
    // Identity: a placeholder address nobody can sign in with (the column is unique), no
    // name, no phone, a password hash that matches no password.
    sqlx::query(
        "UPDATE users SET email = $1, display_name = $2, password_hash = '!erased', \
         phone_e164 = NULL, phone_for_mentor = NULL, whatsapp_opt_in = 0, deleted_at = $3, \
         deactivated_at = COALESCE(deactivated_at, $3) WHERE id = $4",
    )
    .bind(format!("erased-{id}@erased.invalid"))
    .bind(ERASED_NAME)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let by_person: [(&str, &str); 15] = [
        ("DELETE FROM sessions WHERE user_id = $1", "sessions"),
        ("DELETE FROM invitations WHERE user_id = $1", "sign-in links"),
        ("DELETE FROM coach_prefs WHERE user_id = $1", "coach settings"),
        ("DELETE FROM whatsapp_messages WHERE user_id = $1", "WhatsApp messages"),
        ("DELETE FROM coach_messages WHERE learner_id = $1", "coach thread"),
        ("DELETE FROM nudges WHERE learner_id = $1", "nudges"),
        // The question and the context sent with it are the learner's; the mentor's answer
        // stays, as the provider's knowledge.
        ("UPDATE coach_escalations SET question = '[erased]', context = '' WHERE learner_id = $1", "questions"),
        ("UPDATE otj_logs SET description = '[erased]' WHERE learner_id = $1", "training descriptions"),
        // The caption is the apprentice's own words; the files and KSBs stay with the
        // evidence (a signed-off file's hash is on the chain).
        ("UPDATE job_evidence SET caption = '[erased]' WHERE learner_id = $1", "evidence captions"),
        // Why someone was away is theirs; the dates stay (they decide what counted).
        ("UPDATE learning_breaks SET reason = '[erased]' WHERE learner_id = $1", "break reasons"),
        ("UPDATE portfolio_issues SET show_name = 0 WHERE learner_id = $1", "portfolio names"),
        ("DELETE FROM password_resets WHERE user_id = $1", "password reset links"),
        // Their devices' push addresses: nothing may reach an erased person's phone.
        ("DELETE FROM push_subscriptions WHERE user_id = $1", "push subscriptions"),
        ("DELETE FROM coach_reads WHERE learner_id = $1", "coach thread read marks"),
        // A line manager erased, or an apprentice: nobody is linked to them any more (what
        // a line manager confirmed stays, as evidence, under "Erased account").
        ("DELETE FROM employer_links WHERE employer_id = $1 OR learner_id = $1", "employer links"),
    ];
    for (sql, what) in by_person {
        sqlx::query(sql)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| AppError::internal(format!("erasure step {what}: {e}")))?;
    }
    crate::store::throttle::clear_account(&mut *conn, &person.email).await?;
    crate::store::registrations::forget(&mut *conn, &person.email, now).await?;
    // Shares end; badges are revoked and their signed documents (which name the person) go.
    sqlx::query(
        "UPDATE evidence_shares SET revoked_at = $1 WHERE learner_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE credentials SET revoked_at = COALESCE(revoked_at, $1), \
         revoked_by = COALESCE(revoked_by, $2), \
         revoked_reason = COALESCE(revoked_reason, 'The holder''s account was erased.'), \
         document = '' WHERE learner_id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    exports::delete_of(&mut *conn, id).await?;
    Ok(())
}
