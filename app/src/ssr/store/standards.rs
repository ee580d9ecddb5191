use super::db_error;
use crate::error::AppError;
use sqlx::AnyConnection;

/// Where a standard's KSB text came from: the official document or our illustrative demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardSource {
    Official,
    Demo,
}

impl StandardSource {
    pub fn as_str(self) -> &'static str {
        match self {
            StandardSource::Official => "official",
            StandardSource::Demo => "demo",
        }
    }
}

pub struct NewStandard<'a> {
    pub reference: &'a str,
    pub title: &'a str,
    pub level: i64,
    pub version: &'a str,
    pub source: StandardSource,
}

/// The id of the standard with this reference, creating it when missing.
pub async fn ensure(
    conn: &mut AnyConnection,
    s: &NewStandard<'_>,
    now: i64,
) -> Result<String, AppError> {
    if let Some(id) = id_by_reference(conn, s.reference).await? {
        return Ok(id);
    }
    let id = crate::ssr::new_id();
    sqlx::query(
        "INSERT INTO standards (id, reference, title, level, version, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(s.reference)
    .bind(s.title)
    .bind(s.level)
    .bind(s.version)
    .bind(s.source.as_str())
    .bind(now)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(id)
}

pub async fn id_by_reference(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<String>, AppError> {
    sqlx::query_scalar("SELECT id FROM standards WHERE reference = $1")
        .bind(reference)
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}
