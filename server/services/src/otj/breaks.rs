//! Breaks in learning: the apprentice's mentor (or an admin) records when an apprentice left
//! the programme for a while and the day they came back. Days away count as no off-the-job
//! hours, and the ILR export ends a learning delivery at the break and restarts one at the
//! return (see `flowline_core::domain::ilr`).

use crate::db::Db;
use crate::store::breaks::{self as store, BreakRow};
use crate::store::observations;
use crate::store::users::{self, User};
use chrono::NaiveDate;
use flowline_core::domain::streak::local_day;
use flowline_core::domain::{LearnerId, Role, Zone};
use flowline_core::error::AppError;
use flowline_core::model::{BreakIn, LearningBreak, ReturnIn};
use sqlx::AnyConnection;

/// Longest reason kept.
pub const MAX_REASON: usize = 200;

/// The learner, when `caller` is their mentor or an admin (404 otherwise, as elsewhere).
async fn managed(
    conn: &mut AnyConnection,
    caller: &User,
    learner_id: &LearnerId,
) -> Result<User, AppError> {
    if !matches!(caller.role, Role::Mentor | Role::Admin) {
        return Err(AppError::forbidden());
    }
    let learner = users::find_by_id(&mut *conn, learner_id.as_str())
        .await?
        .filter(|u| u.role == Role::Learner)
        .ok_or_else(|| AppError::not_found("Learner"))?;
    if caller.role == Role::Mentor && !observations::mentors(conn, &caller.id, learner_id).await? {
        return Err(AppError::not_found("Learner"));
    }
    Ok(learner)
}

fn day(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "Give the date as YYYY-MM-DD."))
}

/// Records that the apprentice is away from `starts_on`.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn start(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    input: &BreakIn,
    now: i64,
) -> Result<LearningBreak, AppError> {
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(AppError::invalid(
            "reason",
            format!("Say why in a few words (up to {MAX_REASON} characters)."),
        ));
    }
    let starts_on = day("starts_on", &input.starts_on)?;
    let mut tx = db.begin_write().await?;
    let learner = managed(&mut tx, caller, learner_id).await?;
    let tz = Zone::parse_or_default(&learner.timezone);
    if starts_on > local_day(now, tz) {
        return Err(AppError::invalid(
            "starts_on",
            "Record a break once it has started.",
        ));
    }
    // A break ends a period of learning, so it starts after one began: after the day they
    // joined their cohort, and after the day they came back from the last break.
    let Some(enrolment) = crate::store::cohorts::enrolment(&mut tx, learner_id).await? else {
        return Err(AppError::conflict(
            "learner",
            "The apprentice is not in a cohort, so they have no programme to break.",
        ));
    };
    let joined = local_day(enrolment.joined_at, tz);
    if starts_on <= joined {
        return Err(AppError::invalid(
            "starts_on",
            format!("The apprentice joined on {joined}: a break starts after that day."),
        ));
    }
    let existing = store::of_learner(&mut tx, learner_id).await?;
    if let Some(last) = existing.last().and_then(|b| b.ends_on.clone()) {
        if starts_on.format("%Y-%m-%d").to_string() <= last {
            return Err(AppError::invalid(
                "starts_on",
                format!("The last break ended on {last}: a new one starts after it."),
            ));
        }
    }
    let row = BreakRow {
        id: crate::new_id(),
        learner_id: learner_id.clone(),
        starts_on: starts_on.format("%Y-%m-%d").to_string(),
        ends_on: None,
        reason: reason.to_owned(),
        recorded_by: caller.id.clone(),
        recorded_at: now,
    };
    store::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(view(row))
}

/// Records the day the apprentice came back.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn end(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    input: &ReturnIn,
    now: i64,
) -> Result<LearningBreak, AppError> {
    let back = day("returned_on", &input.returned_on)?;
    let mut tx = db.begin_write().await?;
    let learner = managed(&mut tx, caller, learner_id).await?;
    let tz = Zone::parse_or_default(&learner.timezone);
    if back > local_day(now, tz) {
        return Err(AppError::invalid(
            "returned_on",
            "Record the return once the apprentice is back.",
        ));
    }
    let Some(open) = store::of_learner(&mut tx, learner_id)
        .await?
        .into_iter()
        .find(|b| b.ends_on.is_none())
    else {
        return Err(AppError::conflict(
            "returned_on",
            "The apprentice is not on a break.",
        ));
    };
    let back_text = back.format("%Y-%m-%d").to_string();
    if back_text <= open.starts_on {
        return Err(AppError::invalid(
            "returned_on",
            format!(
                "The break started on {}: the return is after it.",
                open.starts_on
            ),
        ));
    }
    store::close(&mut tx, learner_id, &back_text).await?;
    tx.commit().await?;
    Ok(view(BreakRow {
        ends_on: Some(back_text),
        ..open
    }))
}

fn view(b: BreakRow) -> LearningBreak {
    LearningBreak {
        id: b.id,
        starts_on: b.starts_on,
        ends_on: b.ends_on,
        reason: b.reason,
    }
}
