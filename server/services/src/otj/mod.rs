//! Off-the-job training hours, automatic: read by whoever may read the learner's evidence,
//! logged by the learner, approved by their mentor, the minimum set by an admin.

pub mod breaks;
pub mod hours;

use crate::db::Db;
use crate::evidence::access::{self, Look};
use crate::learning::{self, Learner};
use crate::store::observations;
use crate::store::otj::{self as store, NewLog};
use crate::store::users::User;
use chrono::NaiveDate;
use flowline_core::domain::otj::{Activity, MAX_LOG_MINUTES};
use flowline_core::domain::streak::local_day;
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{LogStatus, OtjLog, OtjLogIn, OtjSummary};
use sqlx::AnyConnection;

/// Longest description of logged training.
pub const MAX_DESCRIPTION: usize = 500;

async fn enrolled(conn: &mut AnyConnection, learner: &User) -> Result<Learner, AppError> {
    learning::load(conn, learner).await?.ok_or_else(|| {
        AppError::conflict(
            "learner",
            "The learner is not in a cohort yet, so they have no standard to count hours for.",
        )
    })
}

/// The hours of `learner_id`, for a caller who may read their evidence (the look is recorded).
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn summary(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<OtjSummary, AppError> {
    let mut conn = db.pool.acquire().await?;
    let user = access::open(&mut conn, caller, learner_id, Look::Hours, now).await?;
    let learner = enrolled(&mut conn, &user).await?;
    Ok(hours::load(&mut conn, &learner).await?.summary(&learner))
}

/// The hours of a learner who is known to be readable (the readiness summary).
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner: &Learner,
) -> Result<OtjSummary, AppError> {
    Ok(hours::load(conn, learner).await?.summary(learner))
}

/// The CSV export, with a file name.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn export(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(String, String), AppError> {
    let mut conn = db.pool.acquire().await?;
    let user = access::open(&mut conn, caller, learner_id, Look::Hours, now).await?;
    let learner = enrolled(&mut conn, &user).await?;
    let csv = hours::load(&mut conn, &learner).await?.csv()?;
    let name = format!(
        "otj-hours-{}-{}.csv",
        learner.enrolment.reference,
        local_day(now, learner.tz)
    );
    Ok((name, csv))
}

/// The ILR's view of the hours, with a file name: a learning delivery per period between
/// breaks in learning, with `PHours` and `OTJActHours`.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn ilr_export(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(String, String), AppError> {
    let mut conn = db.pool.acquire().await?;
    let user = access::open(&mut conn, caller, learner_id, Look::Hours, now).await?;
    let learner = enrolled(&mut conn, &user).await?;
    let months = crate::store::standards::duration_months(&mut conn, &learner.enrolment.standard_id)
        .await?
        .unwrap_or(DEFAULT_MONTHS)
        .clamp(1, 120) as u32;
    let start = local_day(learner.enrolment.joined_at, learner.tz);
    let learn_ref = learn_ref(&learner.id);
    let csv = hours::load(&mut conn, &learner).await?.ilr_csv(
        &learn_ref,
        &learner.enrolment.reference,
        start,
        months,
    )?;
    let name = format!(
        "otj-ilr-{}-{}.csv",
        learner.enrolment.reference,
        local_day(now, learner.tz)
    );
    Ok((name, csv))
}

/// The apprentice's programme: its first day, its planned end (moved on by the days of any
/// break in learning so far) and where their own plan stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Programme {
    pub start: NaiveDate,
    pub planned_end: NaiveDate,
    pub plan: flowline_core::domain::cohort_status::Plan,
}

/// The apprentice's [`Programme`] on `today`.
pub async fn programme(
    conn: &mut AnyConnection,
    learner: &Learner,
    today: NaiveDate,
) -> Result<Programme, AppError> {
    let months = crate::store::standards::duration_months(conn, &learner.enrolment.standard_id)
        .await?
        .unwrap_or(DEFAULT_MONTHS)
        .clamp(1, 120) as u32;
    let start = local_day(learner.enrolment.joined_at, learner.tz);
    let end = start
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(start);
    let breaks: Vec<flowline_core::domain::ilr::Break> =
        crate::store::breaks::of_learner(conn, &learner.id)
            .await?
            .iter()
            .filter_map(hours::as_break)
            .collect();
    let away = flowline_core::domain::ilr::days_away(&breaks, today);
    Ok(Programme {
        start,
        planned_end: end + chrono::Days::new(away.max(0) as u64),
        plan: flowline_core::domain::cohort_status::Plan {
            days_in: (today - start).num_days() - away,
            days_planned: (end - start).num_days(),
            on_break: breaks.iter().any(|b| b.holds(today)),
            back_days: breaks
                .iter()
                .filter_map(|b| b.ends_on)
                .filter(|end| *end <= today)
                .max()
                .map(|end| (today - end).num_days()),
        },
    })
}

/// The ILR's learner reference: 12 letters or digits, from the random end of the account's
/// id (its start is the time it was made, shared by accounts imported together).
pub fn learn_ref(id: &LearnerId) -> String {
    let compact: Vec<char> = id
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    compact[compact.len().saturating_sub(12)..]
        .iter()
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A programme's length when its standard gives none (a typical apprenticeship).
const DEFAULT_MONTHS: i64 = 24;

/// A learner logs training off the platform; it counts once a mentor approves it.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn log(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    input: OtjLogIn,
    now: i64,
) -> Result<OtjLog, AppError> {
    let mut conn = db.pool.acquire().await?;
    if caller.id != learner_id.as_str() {
        // Others who may read the learner's evidence are told why; anyone else, "not found".
        return Err(
            if access::may_read(&mut conn, caller, learner_id, now).await? {
                AppError::forbidden()
            } else {
                AppError::not_found("Learner")
            },
        );
    }
    if caller.role != Role::Learner {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only apprentices log off-the-job training.",
        ));
    }
    let learner = enrolled(&mut conn, caller).await?;
    let activity =
        Activity::parse(&input.activity).map_err(|m| AppError::invalid("activity", m))?;
    let day = NaiveDate::parse_from_str(input.occurred_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("occurred_on", "Give the date as YYYY-MM-DD."))?;
    if day > local_day(now, learner.tz) {
        return Err(AppError::invalid(
            "occurred_on",
            "The training cannot be in the future.",
        ));
    }
    if day < local_day(learner.enrolment.joined_at, learner.tz) {
        return Err(AppError::invalid(
            "occurred_on",
            "The training cannot be before you started on the programme.",
        ));
    }
    if !(1..=MAX_LOG_MINUTES).contains(&input.minutes) {
        return Err(AppError::invalid(
            "minutes",
            format!("Give how long it took, 1 to {MAX_LOG_MINUTES} minutes."),
        ));
    }
    let description = input.description.trim();
    if description.is_empty() || description.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::invalid(
            "description",
            format!("Say what the training was, in 1 to {MAX_DESCRIPTION} characters."),
        ));
    }
    let mut codes: Vec<String> = Vec::new();
    for c in &input.ksb_codes {
        let code = c.trim().to_ascii_uppercase();
        if code.is_empty() || codes.contains(&code) {
            continue;
        }
        if !learner.ksbs.iter().any(|k| k.info.code == code) {
            return Err(AppError::invalid(
                "ksb_codes",
                format!("{code} is not a KSB of {}.", learner.enrolment.reference),
            ));
        }
        codes.push(code);
    }
    let id = uuid::Uuid::now_v7().to_string();
    store::insert(
        &mut conn,
        &NewLog {
            id: &id,
            learner_id: &learner.id,
            activity: activity.as_str(),
            occurred_on: &day.to_string(),
            minutes: input.minutes,
            description,
            ksb_codes: &codes.join(","),
            now,
        },
    )
    .await?;
    let row = store::find(&mut conn, &id)
        .await?
        .ok_or_else(|| AppError::internal("the training log just written is gone"))?;
    Ok(hours::log_dto(row))
}

/// A mentor of the learner (or an admin) approves or declines logged training, once. A
/// decline says why (`reason`), so the apprentice can put it right.
#[tracing::instrument(skip(db, caller, reason), fields(caller = %caller.id))]
pub async fn decide(
    db: &Db,
    caller: &User,
    log_id: &str,
    approve: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<OtjLog, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let mut conn = db.pool.acquire().await?;
    let Some(row) = store::find(&mut conn, log_id).await? else {
        return Err(AppError::not_found("Logged training"));
    };
    let allowed = match caller.role {
        Role::Admin => true,
        Role::Mentor => observations::mentors(&mut conn, &caller.id, &row.learner_id).await?,
        Role::Learner if caller.id == row.learner_id.as_str() => return Err(AppError::forbidden()),
        _ => false,
    };
    if !allowed {
        return Err(AppError::not_found("Logged training"));
    }
    if row.status != LogStatus::Pending {
        return Err(AppError::conflict(
            "approve",
            format!("This training was already {}.", row.status),
        ));
    }
    if !approve && reason.is_none_or(|r| r.chars().count() > MAX_DESCRIPTION) {
        return Err(AppError::invalid(
            "reason",
            format!(
                "Say why you decline it, so the apprentice can put it right (1 to \
                 {MAX_DESCRIPTION} characters)."
            ),
        ));
    }
    let status = if approve { "approved" } else { "declined" };
    let reason = if approve { None } else { reason };
    drop(conn);
    // Approved training is evidence: chained (under the learner's lock) with the decision.
    let mut tx = db.begin_write().await?;
    crate::store::users::lock(&mut tx, &row.learner_id).await?;
    if !store::decide(&mut tx, log_id, status, &caller.id, reason, now).await? {
        return Err(AppError::conflict(
            "approve",
            format!("This training was already {}.", row.status),
        ));
    }
    if approve {
        let approved = store::approved(&mut tx, log_id)
            .await?
            .ok_or_else(|| AppError::internal("the approved training is gone"))?;
        crate::evidence::chain_training(&mut tx, &approved, now).await?;
    }
    tx.commit().await?;
    let mut conn = db.pool.acquire().await?;
    let row = store::find(&mut conn, log_id)
        .await?
        .ok_or_else(|| AppError::internal("the training log just written is gone"))?;
    Ok(hours::log_dto(row))
}
