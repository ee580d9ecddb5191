//! Counts for the admin home.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// What can be counted.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Cohorts,
    Standards,
    PublishedLessons,
}

pub async fn count(conn: &mut AnyConnection, table: Table) -> Result<i64, AppError> {
    let sql = match table {
        Table::Cohorts => "SELECT COUNT(*) FROM cohorts",
        Table::Standards => "SELECT COUNT(*) FROM standards",
        Table::PublishedLessons => "SELECT COUNT(*) FROM content WHERE status = 'published'",
    };
    Ok(sqlx::query_scalar::<_, i64>(sql).fetch_one(conn).await?)
}

/// Accounts in `role` that are neither deleted nor deactivated.
pub async fn live_people(conn: &mut AnyConnection, role: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE role = $1 AND deleted_at IS NULL AND deactivated_at IS NULL",
    )
    .bind(role)
    .fetch_one(conn)
    .await?)
}
