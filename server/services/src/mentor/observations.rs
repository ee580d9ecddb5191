//! Observation sign-off: a mentor records live work they watched. It is evidence: replayed with
//! the learner's answers, it lifts the quiz-only cap of a Skill or Behaviour.

use crate::db::Db;
use crate::learning::accepted::{follow, Accepted};
use crate::learning::interactions::CLOCK_SKEW_MS;
use crate::learning::load;
use crate::learning::Learner;
use crate::store::ksbs;
use crate::store::observations::{self, NewObservation};
use crate::store::uploads::{self, UploadRow};
use crate::store::users::{self, User};
use flowline_core::domain::upload::MAX_FILES;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{
    KsbChoice, MentoredLearner, ObservationIn, ObservationOut, SignOffForm,
};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// Longest note kept.
pub const MAX_NOTE: usize = 2000;
/// The longest observed practice one sign-off records (a long day).
pub const MAX_MINUTES: i64 = flowline_core::domain::otj::MAX_LOG_MINUTES;

/// Records a sign-off by `mentor` and folds it into the learner's competency in the same
/// transaction. Mentors reach only learners of cohorts they mentor (404 otherwise, so that
/// other learners' existence does not leak); nobody else may sign off.
#[tracing::instrument(skip_all, fields(caller = %mentor.id))]
pub async fn sign_off(
    db: &Db,
    mentor: &User,
    input: ObservationIn,
    now: i64,
) -> Result<ObservationOut, AppError> {
    if mentor.role != Role::Mentor {
        return Err(AppError::forbidden());
    }
    let occurred_at = chrono::DateTime::parse_from_rfc3339(input.occurred_at.trim())
        .map_err(|_| {
            AppError::invalid(
                "occurred_at",
                "Give the date and time as RFC 3339, e.g. 2026-11-22T10:15:00Z.",
            )
        })?
        .timestamp_millis();
    if occurred_at > now + CLOCK_SKEW_MS {
        return Err(AppError::invalid(
            "occurred_at",
            "The observation cannot be in the future.",
        ));
    }
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(
            "note",
            format!("Keep the note under {MAX_NOTE} characters."),
        ));
    }
    let duration_min = match input.duration_minutes {
        None => 0,
        Some(m) if (1..=MAX_MINUTES).contains(&m) => m,
        Some(_) => {
            return Err(AppError::invalid(
                "duration_minutes",
                format!("Give how long the practice took, 1 to {MAX_MINUTES} minutes."),
            ))
        }
    };
    let codes = codes_of(&input.ksb_codes);
    if codes.is_empty() {
        return Err(AppError::invalid(
            "ksb_codes",
            "Pick at least one KSB that you observed.",
        ));
    }

    let upload_ids = distinct_uploads(&input.uploads)?;

    let mut tx = db.begin_write().await?;
    let learner_user = users::find_by_id(&mut tx, &input.learner_id).await?;
    let Some(learner_user) = learner_user.filter(|u| u.role == Role::Learner) else {
        return Err(AppError::not_found("learner"));
    };
    if !observations::mentors(&mut tx, &mentor.id, &learner_user.learner_id()).await? {
        return Err(AppError::not_found("learner"));
    }
    // One writer per learner at a time (as for interactions): the replay sees every row.
    users::lock(&mut tx, &learner_user.id).await?;
    let learner = load(&mut tx, &learner_user)
        .await?
        .ok_or_else(|| AppError::not_found("learner"))?;
    if occurred_at < learner.user.created_at - CLOCK_SKEW_MS {
        return Err(AppError::invalid(
            "occurred_at",
            "The observation cannot be before the learner joined.",
        ));
    }
    let mut ksb_ids = Vec::with_capacity(codes.len());
    for code in &codes {
        match learner.ksbs.iter().find(|k| &k.info.code == code) {
            Some(k) => ksb_ids.push(k.info.id.clone()),
            None => {
                return Err(AppError::invalid(
                    "ksb_codes",
                    format!("{code} is not a KSB of {}.", learner.enrolment.reference),
                ))
            }
        }
    }
    let files = crate::uploads::complete_of(&mut tx, mentor, &upload_ids).await?;
    let id = record(
        &mut tx,
        &learner,
        Record {
            mentor_id: &mentor.id,
            note,
            occurred_at,
            duration_min,
            ksb_ids: &ksb_ids,
            files: &files,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ObservationOut {
        id,
        learner_id: learner.id.clone(),
        mentor_id: mentor.id.clone(),
        ksb_codes: codes,
        note: note.to_owned(),
        occurred_at: rfc3339(occurred_at).unwrap_or_default(),
    })
}

/// A sign-off about to be stored.
pub(crate) struct Record<'a> {
    pub mentor_id: &'a str,
    pub note: &'a str,
    pub occurred_at: i64,
    pub duration_min: i64,
    pub ksb_ids: &'a [String],
    /// Complete uploads, in the order to show them.
    pub files: &'a [UploadRow],
}

/// Stores a sign-off of `learner` with its files and folds it into their competency (inside
/// the caller's transaction, which holds the learner's writer lock). Returns its id.
pub(crate) async fn record(
    tx: &mut AnyConnection,
    learner: &Learner,
    r: Record<'_>,
    now: i64,
) -> Result<String, AppError> {
    let id = crate::new_id();
    observations::insert(
        &mut *tx,
        &NewObservation {
            id: &id,
            learner_id: &learner.id,
            mentor_id: r.mentor_id,
            notes: r.note,
            occurred_at: r.occurred_at,
            created_at: now,
            duration_min: r.duration_min,
            ksb_ids: r.ksb_ids,
        },
    )
    .await?;
    let upload_ids: Vec<String> = r.files.iter().map(|f| f.id.clone()).collect();
    uploads::attach_to_observation(&mut *tx, &id, &upload_ids).await?;
    let stored = observations::Stored {
        id: id.clone(),
        learner_id: learner.id.clone(),
        mentor_id: r.mentor_id.to_owned(),
        notes: r.note.to_owned(),
        occurred_at: r.occurred_at,
        created_at: now,
        duration_min: r.duration_min,
        ksb_ids: {
            let mut ids = r.ksb_ids.to_vec();
            ids.sort();
            ids
        },
        files: r.files.iter().map(observations::StoredFile::from).collect(),
    };
    follow(&mut *tx, learner, Accepted::Observation(&stored), now).await?;
    Ok(id)
}

/// KSB codes as typed, upper-cased, each once, sorted.
pub(crate) fn codes_of(typed: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = typed
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The uploads a request names, each once, at most [`MAX_FILES`].
pub(crate) fn distinct_uploads(ids: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_owned());
        }
    }
    if out.len() > MAX_FILES {
        return Err(AppError::invalid(
            "uploads",
            format!("Attach {MAX_FILES} files at most."),
        ));
    }
    Ok(out)
}

/// The sign-off form for `mentor`: their learners and the KSBs of each standard involved.
#[tracing::instrument(skip_all, fields(caller = %mentor.id))]
pub async fn form(db: &Db, mentor: &User) -> Result<SignOffForm, AppError> {
    if mentor.role != Role::Mentor {
        return Err(AppError::forbidden());
    }
    let mut conn = db.pool.acquire().await?;
    let rows = observations::learners_of(&mut conn, &mentor.id).await?;
    let mut standards: Vec<(String, Vec<KsbChoice>)> = Vec::new();
    let mut learners = Vec::with_capacity(rows.len());
    for (id, name, cohort, standard_id, reference) in rows {
        if !standards.iter().any(|(r, _)| r == &reference) {
            let ksbs = ksbs::live_for_engine(&mut conn, &standard_id)
                .await?
                .into_iter()
                .map(|k| KsbChoice {
                    code: k.info.code,
                    kind: k.info.kind,
                    text: k.text,
                })
                .collect();
            standards.push((reference.clone(), ksbs));
        }
        learners.push(MentoredLearner {
            id,
            name,
            cohort,
            standard: reference,
        });
    }
    Ok(SignOffForm {
        learners,
        standards,
    })
}
