//! The employer's side: a line manager sees their own apprentices (nobody else's exist for
//! them), confirms each Behaviour once with a note of what they saw at work, and, once every
//! Behaviour is confirmed, confirms the apprentice is ready for the Gateway. Each confirmation
//! is evidence: chained on the apprentice's chain and sent to the LRS.

pub mod links;

use crate::db::Db;
use crate::evidence::access::{self, Look};
use crate::evidence::readiness;
use crate::learning;
use crate::store::employers::{self, NewConfirmation, GATEWAY};
use crate::store::users::{self, User};
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{ConfirmationIn, EmployerApprentice, Readiness};
use flowline_core::view::projection::rfc3339;

/// Longest note with a confirmation.
pub const MAX_NOTE: usize = 1000;

/// The signed-in line manager's apprentices, by name, each with their readiness at a glance.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn apprentices(
    db: &Db,
    caller: &User,
    now: i64,
) -> Result<Vec<EmployerApprentice>, AppError> {
    crate::accounts::require_role(caller, &[Role::Employer])?;
    let ids = {
        let mut conn = db.pool.acquire().await?;
        employers::apprentices_of(&mut conn, &caller.id).await?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        // Each apprentice's figures are a look at their evidence, recorded for them to see.
        let learner = {
            let mut conn = db.pool.acquire().await?;
            access::open(&mut conn, caller, &id, Look::Readiness, now).await
        };
        let learner = match learner {
            Ok(l) => l,
            // Unlinked or gone since the list was read.
            Err(e) if e.code == ErrorCode::NotFound => continue,
            Err(e) => return Err(e),
        };
        let r = match readiness::summary(db, &learner, now).await {
            Ok(r) => r,
            // Not in a cohort yet: nothing to read but their name.
            Err(e) if e.code == ErrorCode::NotFound => {
                out.push(EmployerApprentice {
                    learner_id: learner.learner_id(),
                    learner_name: learner.display_name,
                    standard: String::new(),
                    overall: 0.0,
                    otj_hours: 0.0,
                    otj_min_hours: None,
                    behaviours_confirmed: 0,
                    behaviours: 0,
                    gateway_confirmed: false,
                    summary: "Not started: the training provider has not put them in a cohort yet"
                        .to_owned(),
                    ready: false,
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        let behaviours = r.ksbs.iter().filter(|k| k.kind == KsbKind::Behaviour);
        out.push(EmployerApprentice {
            behaviours: u32::try_from(behaviours.clone().count()).unwrap_or(u32::MAX),
            behaviours_confirmed: u32::try_from(
                behaviours.filter(|k| k.confirmed.is_some()).count(),
            )
            .unwrap_or(u32::MAX),
            learner_id: r.learner_id,
            learner_name: r.learner_name,
            standard: r.standard,
            overall: r.overall,
            otj_hours: r.otj.hours,
            otj_min_hours: r.otj.min_hours,
            gateway_confirmed: r.gateway_confirmed.is_some(),
            summary: r.summary,
            ready: r.ready,
        });
    }
    Ok(out)
}

/// The line manager confirms one of the apprentice's Behaviours, once, with a note of what
/// they saw. Answers the apprentice's readiness as it now stands.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn confirm_behaviour(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    code: &str,
    input: &ConfirmationIn,
    now: i64,
) -> Result<Readiness, AppError> {
    crate::accounts::require_role(caller, &[Role::Employer])?;
    let note = note(&input.note, true)?;
    let code = code.trim().to_ascii_uppercase();
    let learner = confirm(
        db,
        caller,
        learner_id,
        now,
        |l| {
            let Some(ksb) = l.ksbs.iter().find(|k| k.info.code == code) else {
                return Err(AppError::not_found("KSB"));
            };
            if ksb.info.kind != KsbKind::Behaviour {
                return Err(AppError::invalid(
                    "code",
                    format!(
                        "{code} is a {}: line managers confirm Behaviours (B codes).",
                        kind_name(ksb.info.kind)
                    ),
                ));
            }
            Ok(code.clone())
        },
        &note,
    )
    .await?;
    readiness::summary(db, &learner, now).await
}

/// The line manager confirms the apprentice is ready for the Gateway: only once every
/// Behaviour of theirs is confirmed. The note is optional.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn confirm_gateway(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    input: &ConfirmationIn,
    now: i64,
) -> Result<Readiness, AppError> {
    crate::accounts::require_role(caller, &[Role::Employer])?;
    let note = note(&input.note, false)?;
    let confirmed: Vec<String> = {
        let mut conn = db.pool.acquire().await?;
        employers::confirmations_of(&mut conn, learner_id)
            .await?
            .into_iter()
            .map(|c| c.subject)
            .collect()
    };
    let learner = confirm(
        db,
        caller,
        learner_id,
        now,
        |l| {
            let missing: Vec<&str> = l
                .ksbs
                .iter()
                .filter(|k| k.info.kind == KsbKind::Behaviour)
                .map(|k| k.info.code.as_str())
                .filter(|c| !confirmed.iter().any(|d| d == c))
                .collect();
            if missing.is_empty() {
                Ok(GATEWAY.to_owned())
            } else {
                Err(AppError::invalid(
                    "gateway",
                    format!(
                        "Confirm every Behaviour first: {} not confirmed yet.",
                        missing.join(", ")
                    ),
                ))
            }
        },
        &note,
    )
    .await?;
    readiness::summary(db, &learner, now).await
}

/// The note, trimmed: required for a Behaviour, at most [`MAX_NOTE`] characters.
fn note(raw: &str, required: bool) -> Result<String, AppError> {
    let note = raw.trim();
    if required && note.is_empty() {
        return Err(AppError::invalid(
            "note",
            "Say in a sentence what you saw the apprentice do at work.",
        ));
    }
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(
            "note",
            format!("Keep the note to {MAX_NOTE} characters."),
        ));
    }
    Ok(note.to_owned())
}

fn kind_name(kind: KsbKind) -> &'static str {
    match kind {
        KsbKind::Knowledge => "Knowledge",
        KsbKind::Skill => "Skill",
        KsbKind::Behaviour => "Behaviour",
    }
}

/// Stores and chains one confirmation whose subject `subject_of` picks from the apprentice's
/// standard, in one write transaction holding the apprentice's chain; a subject confirmed
/// before is a conflict naming who confirmed it and when.
async fn confirm(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
    subject_of: impl FnOnce(&learning::Learner) -> Result<String, AppError>,
    note: &str,
) -> Result<User, AppError> {
    let mut tx = db.begin_write().await?;
    let user = access::open(&mut tx, caller, learner_id, Look::Readiness, now).await?;
    users::lock(&mut tx, &user.id).await?;
    let learner = learning::load(&mut tx, &user).await?.ok_or_else(|| {
        AppError::conflict(
            "learner",
            "The apprentice is not in a cohort yet, so they have no standard to confirm.",
        )
    })?;
    let subject = subject_of(&learner)?;
    let id = crate::new_id();
    let stored = employers::confirm(
        &mut tx,
        &NewConfirmation {
            id: &id,
            learner_id,
            employer_id: &caller.id,
            subject: &subject,
            note,
            now,
        },
    )
    .await?;
    let all = employers::confirmations_of(&mut tx, learner_id).await?;
    if !stored {
        let earlier = all.iter().find(|c| c.subject == subject);
        let what = if subject == GATEWAY {
            "Readiness for the Gateway".to_owned()
        } else {
            subject.clone()
        };
        let when = earlier
            .and_then(|c| rfc3339(c.confirmed_at))
            .map(|t| t.get(..10).unwrap_or_default().to_owned())
            .unwrap_or_default();
        let by = earlier.map(|c| c.employer_name.clone()).unwrap_or_default();
        return Err(AppError::conflict(
            "subject",
            format!("{what} was confirmed already, by {by} on {when}; a confirmation stands once."),
        ));
    }
    let Some(c) = all.iter().find(|c| c.id == id) else {
        return Err(AppError::internal("a confirmation just stored is missing"));
    };
    crate::evidence::chain_confirmation(&mut tx, c, now).await?;
    tx.commit().await?;
    Ok(user)
}
