//! Totals of the whole training provider.

use crate::error::AppError;
use crate::model::AdminTotals;
use crate::ssr::db::Db;
use crate::ssr::store::db_error;

pub async fn overview(db: &Db) -> Result<AdminTotals, AppError> {
    let count = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .map_err(db_error)
        }
    };
    let live = "deleted_at IS NULL AND deactivated_at IS NULL";
    Ok(AdminTotals {
        learners: count_role(db, "learner", live).await?,
        mentors: count_role(db, "mentor", live).await?,
        admins: count_role(db, "admin", live).await?,
        cohorts: count("SELECT COUNT(*) FROM cohorts").await?,
        standards: count("SELECT COUNT(*) FROM standards").await?,
        published_lessons: count("SELECT COUNT(*) FROM content WHERE status = 'published'").await?,
    })
}

async fn count_role(db: &Db, role: &str, live: &str) -> Result<i64, AppError> {
    sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM users WHERE role = $1 AND {live}"
    ))
    .bind(role)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)
}
