//! Line managers and their apprentices (`employer_links`), and what a line manager confirmed
//! (`employer_confirmations`: a Behaviour's code, or `gateway`).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// The subject of a confirmation of readiness for the Gateway.
pub const GATEWAY: &str = "gateway";

/// Whether `employer_id` is `learner_id`'s line manager.
pub async fn manages(
    conn: &mut AnyConnection,
    employer_id: &str,
    learner_id: &LearnerId,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM employer_links WHERE employer_id = $1 AND learner_id = $2",
    )
    .bind(employer_id)
    .bind(learner_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Links a line manager to an apprentice; false when they were linked already.
pub async fn link(
    conn: &mut AnyConnection,
    employer_id: &str,
    learner_id: &LearnerId,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO employer_links (employer_id, learner_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (employer_id, learner_id) DO NOTHING",
    )
    .bind(employer_id)
    .bind(learner_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends a link; false when there was none.
pub async fn unlink(
    conn: &mut AnyConnection,
    employer_id: &str,
    learner_id: &LearnerId,
) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM employer_links WHERE employer_id = $1 AND learner_id = $2")
        .bind(employer_id)
        .bind(learner_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A link with both people's names.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LinkRow {
    pub employer_id: String,
    pub employer_name: String,
    pub employer_email: String,
    pub learner_id: LearnerId,
    pub learner_name: String,
}

/// Every link of active people, by line manager then apprentice.
pub async fn links(conn: &mut AnyConnection) -> Result<Vec<LinkRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.employer_id, e.display_name AS employer_name, e.email AS employer_email, \
         l.learner_id, a.display_name AS learner_name FROM employer_links l \
         JOIN users e ON e.id = l.employer_id JOIN users a ON a.id = l.learner_id \
         WHERE e.deleted_at IS NULL AND a.deleted_at IS NULL \
         ORDER BY e.display_name, a.display_name, l.learner_id",
    )
    .fetch_all(conn)
    .await?)
}

/// The active apprentices a line manager is linked to, by name.
pub async fn apprentices_of(
    conn: &mut AnyConnection,
    employer_id: &str,
) -> Result<Vec<LearnerId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT l.learner_id FROM employer_links l JOIN users a ON a.id = l.learner_id \
         WHERE l.employer_id = $1 AND a.deleted_at IS NULL AND a.deactivated_at IS NULL \
         ORDER BY a.display_name, l.learner_id",
    )
    .bind(employer_id)
    .fetch_all(conn)
    .await?)
}

/// The e-mail and name of each active line manager of an apprentice.
pub async fn managers_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT e.email, e.display_name FROM employer_links l JOIN users e ON e.id = l.employer_id \
         WHERE l.learner_id = $1 AND e.deleted_at IS NULL AND e.deactivated_at IS NULL \
         ORDER BY e.display_name",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// A confirmation as stored, with the line manager's name now.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Confirmed {
    pub id: String,
    pub learner_id: LearnerId,
    pub employer_id: String,
    pub employer_name: String,
    pub subject: String,
    pub note: String,
    pub confirmed_at: i64,
}

/// A confirmation to store.
pub struct NewConfirmation<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub employer_id: &'a str,
    pub subject: &'a str,
    pub note: &'a str,
    pub now: i64,
}

/// Stores a confirmation; false when the subject was confirmed for the learner already.
pub async fn confirm(conn: &mut AnyConnection, c: &NewConfirmation<'_>) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO employer_confirmations (id, learner_id, employer_id, subject, note, \
         confirmed_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (learner_id, subject) DO NOTHING",
    )
    .bind(c.id)
    .bind(c.learner_id)
    .bind(c.employer_id)
    .bind(c.subject)
    .bind(c.note)
    .bind(c.now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A learner's confirmations, oldest first.
pub async fn confirmations_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Confirmed>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.learner_id, c.employer_id, e.display_name AS employer_name, c.subject, \
         c.note, c.confirmed_at FROM employer_confirmations c \
         JOIN users e ON e.id = c.employer_id WHERE c.learner_id = $1 \
         ORDER BY c.confirmed_at, c.id",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}
