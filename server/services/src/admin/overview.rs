//! Totals of the whole training provider.

use super::require_admin;
use crate::db::Db;
use crate::store::totals;
use crate::store::users::User;
use flowline_core::error::AppError;
use flowline_core::model::AdminTotals;

/// The admin home's counts. Admins only.
#[tracing::instrument(skip_all, fields(caller = %viewer.id))]
pub async fn overview(db: &Db, viewer: &User) -> Result<AdminTotals, AppError> {
    require_admin(viewer)?;
    let mut conn = db.pool.acquire().await?;
    Ok(AdminTotals {
        learners: totals::live_people(&mut conn, "learner").await?,
        mentors: totals::live_people(&mut conn, "mentor").await?,
        admins: totals::live_people(&mut conn, "admin").await?,
        cohorts: totals::count(&mut conn, totals::Table::Cohorts).await?,
        standards: totals::count(&mut conn, totals::Table::Standards).await?,
        published_lessons: totals::count(&mut conn, totals::Table::PublishedLessons).await?,
    })
}
