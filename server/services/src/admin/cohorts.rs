//! Cohorts kept by admins: create on a standard, add learners and mentors, set the desired
//! retention the scheduler aims for.

use super::require_admin;
use crate::db::Db;
use crate::learning::engine_state::replay;
use crate::learning::load;
use crate::store::users::User;
use crate::store::{cohorts, standards, users};
use flowline_core::domain::CohortId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{CohortOut, CohortUpdate, MemberIn, MemberOut, NewCohortIn};

/// The retention a cohort may aim for: below 0.7 reviews come too late to be useful; above
/// 0.97 they come so often that learners drown in them.
pub const RETENTION: std::ops::RangeInclusive<f64> = 0.70..=0.97;

fn check_retention(r: f64) -> Result<f64, AppError> {
    if RETENTION.contains(&r) {
        Ok((r * 100.0).round() / 100.0)
    } else {
        Err(AppError::invalid(
            "desired_retention",
            "Choose a desired retention between 0.70 and 0.97 (0.90 suits most cohorts).",
        ))
    }
}

/// A cohort and its members.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn detail(db: &Db, admin: &User, id: &CohortId) -> Result<CohortOut, AppError> {
    require_admin(admin)?;
    let mut conn = db.pool.acquire().await?;
    let info = cohorts::info(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("cohort"))?;
    let members = users::members_of_cohort(&mut conn, id)
        .await?
        .into_iter()
        .map(|(u, role)| MemberOut {
            user_id: u.id,
            display_name: u.display_name,
            email: u.email,
            role,
        })
        .collect();
    Ok(CohortOut {
        id: info.id,
        name: info.name,
        standard: info.standard,
        standard_title: info.standard_title,
        desired_retention: info.desired_retention,
        review_weeks: cohorts::review_weeks(&mut conn, id).await?,
        members,
    })
}

#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn create(
    db: &Db,
    admin: &User,
    input: NewCohortIn,
    now: i64,
) -> Result<CohortOut, AppError> {
    require_admin(admin)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Give the cohort a name of up to 80 characters.",
        ));
    }
    let retention = check_retention(
        input
            .desired_retention
            .unwrap_or(flowline_core::domain::competency::DEFAULT_RETENTION),
    )?;
    let mut conn = db.pool.acquire().await?;
    let reference = input.standard.trim().to_ascii_uppercase();
    let standard_id = standards::id_by_reference(&mut conn, &reference)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "standard",
                format!("There is no standard {reference} in the library."),
            )
        })?;
    // The unique constraint decides, so two identical creates at once give one 409.
    let id = cohorts::create(&mut conn, name, &standard_id, retention, now).await?;
    drop(conn);
    tracing::info!(admin = %admin.id, cohort = %id, "cohort created");
    detail(db, admin, &id).await
}

/// Adds a learner or a mentor. The membership role must match the account's role (a mentor
/// account mentors, a learner account learns); a learner learns in one cohort at a time.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn add_member(
    db: &Db,
    admin: &User,
    cohort_id: &CohortId,
    input: MemberIn,
    now: i64,
) -> Result<CohortOut, AppError> {
    require_admin(admin)?;
    if !matches!(input.role, Role::Learner | Role::Mentor) {
        return Err(AppError::invalid(
            "role",
            "A cohort has learners and mentors only.",
        ));
    }
    let mut tx = db.begin_write().await?;
    cohorts::info(&mut tx, cohort_id)
        .await?
        .ok_or_else(|| AppError::not_found("cohort"))?;
    let user = users::find_by_id(&mut tx, &input.user_id)
        .await?
        .ok_or_else(|| AppError::invalid("user_id", "There is no such account."))?;
    if user.role != input.role {
        return Err(AppError::invalid(
            "role",
            format!(
                "{} has a {} account; change the account's role first.",
                user.display_name, user.role
            ),
        ));
    }
    if input.role == Role::Learner {
        if let Some(e) = cohorts::enrolment(&mut tx, &user.learner_id()).await? {
            if e.cohort_id != *cohort_id {
                return Err(AppError::conflict(
                    "user_id",
                    format!("{} already learns in another cohort.", user.display_name),
                ));
            }
        }
    }
    cohorts::add_member(&mut tx, cohort_id, &user.id, input.role, now).await?;
    if input.role == Role::Learner {
        // Their derived state now follows this cohort's standard and retention.
        users::lock(&mut tx, &user.id).await?;
        if let Some(learner) = load(&mut tx, &user).await? {
            replay(&mut tx, &learner, now).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(admin = %admin.id, cohort = %cohort_id, user = %user.id, "member added");
    detail(db, admin, cohort_id).await
}

/// Sets the desired retention (every learner's schedule is rebuilt with it) and the weeks
/// between progress reviews.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn update(
    db: &Db,
    admin: &User,
    cohort_id: &CohortId,
    change: CohortUpdate,
    now: i64,
) -> Result<CohortOut, AppError> {
    require_admin(admin)?;
    let retention = change.desired_retention.map(check_retention).transpose()?;
    let weeks = match change.review_weeks {
        Some(w) if !(1..=52).contains(&w) => {
            return Err(AppError::invalid(
                "review_weeks",
                "Hold progress reviews every 1 to 52 weeks.",
            ))
        }
        w => w,
    };
    if retention.is_none() && weeks.is_none() {
        return Err(AppError::invalid(
            "desired_retention",
            "Give the desired retention or the weeks between progress reviews.",
        ));
    }
    let mut tx = db.begin_write().await?;
    cohorts::info(&mut tx, cohort_id)
        .await?
        .ok_or_else(|| AppError::not_found("cohort"))?;
    if let Some(weeks) = weeks {
        cohorts::set_review_weeks(&mut tx, cohort_id, weeks).await?;
    }
    if let Some(retention) = retention {
        cohorts::set_retention(&mut tx, cohort_id, retention).await?;
        for user in users::learners_of_cohort(&mut tx, cohort_id).await? {
            users::lock(&mut tx, &user.id).await?;
            if let Some(learner) = load(&mut tx, &user).await? {
                replay(&mut tx, &learner, now).await?;
            }
        }
    }
    tx.commit().await?;
    detail(db, admin, cohort_id).await
}

/// The Cohorts page: every cohort with its members, and every account to add from.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn page(db: &Db, admin: &User) -> Result<flowline_core::model::CohortsPage, AppError> {
    require_admin(admin)?;
    let mut out = Vec::new();
    for c in crate::mentor::board::cohorts(db, admin).await? {
        out.push(detail(db, admin, &c.id).await?);
    }
    Ok(flowline_core::model::CohortsPage {
        cohorts: out,
        people: super::users::list(db, admin).await?,
    })
}
