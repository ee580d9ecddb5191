//! Which line manager is whose: the admin links an employer account to an apprentice (or ends
//! the link) on the People page.

use crate::db::Db;
use crate::store::employers;
use crate::store::users::{self, User};
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::EmployerLink;

/// Every link, by line manager then apprentice (admins).
pub async fn all(db: &Db, admin: &User) -> Result<Vec<EmployerLink>, AppError> {
    crate::accounts::require_role(admin, &[Role::Admin])?;
    let mut conn = db.pool.acquire().await?;
    Ok(employers::links(&mut conn)
        .await?
        .into_iter()
        .map(|l| EmployerLink {
            employer_id: l.employer_id,
            employer_name: l.employer_name,
            employer_email: l.employer_email,
            learner_id: l.learner_id,
            learner_name: l.learner_name,
        })
        .collect())
}

/// Links `employer_id` to `learner_id`; true when the link is new.
#[tracing::instrument(skip(db, admin), fields(admin = %admin.id))]
pub async fn link(
    db: &Db,
    admin: &User,
    employer_id: &str,
    learner_id: &LearnerId,
    now: i64,
) -> Result<bool, AppError> {
    crate::accounts::require_role(admin, &[Role::Admin])?;
    let mut tx = db.begin_write().await?;
    let employer = users::find_by_id(&mut tx, employer_id)
        .await?
        .ok_or_else(|| AppError::not_found("Employer"))?;
    if employer.role != Role::Employer {
        return Err(AppError::invalid(
            "employer_id",
            format!(
                "{} is an account with the {} role; make them an Employer first.",
                employer.display_name,
                employer.role.label()
            ),
        ));
    }
    let learner = users::find_by_id(&mut tx, learner_id.as_str())
        .await?
        .ok_or_else(|| AppError::not_found("Learner"))?;
    if learner.role != Role::Learner {
        return Err(AppError::invalid(
            "learner_id",
            format!("{} is not an apprentice.", learner.display_name),
        ));
    }
    let new = employers::link(&mut tx, employer_id, learner_id, now).await?;
    tx.commit().await?;
    Ok(new)
}

/// Ends a link; not found when there was none.
#[tracing::instrument(skip(db, admin), fields(admin = %admin.id))]
pub async fn unlink(
    db: &Db,
    admin: &User,
    employer_id: &str,
    learner_id: &LearnerId,
) -> Result<(), AppError> {
    crate::accounts::require_role(admin, &[Role::Admin])?;
    let mut conn = db.pool.acquire().await?;
    if employers::unlink(&mut conn, employer_id, learner_id).await? {
        Ok(())
    } else {
        Err(AppError::not_found("Link"))
    }
}
