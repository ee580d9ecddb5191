//! Evidence from the job: an apprentice's photos, short video or voice note of work they did,
//! with a caption and the KSBs it shows. Their phone sends the files as uploads (see
//! [`crate::uploads`]), then the evidence, naming it with an id it chose when the evidence was
//! captured, so sending it twice stores it once. Their mentor signs it off — it becomes an
//! observation carrying the same files, on the evidence chain with each file's SHA-256 — or
//! asks for more, and the apprentice changes it and sends it again.

pub mod files;

use crate::db::Db;
use crate::evidence::access::{self, Look};
use crate::learning::interactions::CLOCK_SKEW_MS;
use crate::mentor::observations::{codes_of, distinct_uploads, record, Record, MAX_NOTE};
use crate::store::job_evidence::{self as store, EvidenceRow, NewEvidence};
use crate::store::users::{self, User};
use crate::store::{cohorts, ksbs, observations, uploads as upload_store};
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::{JobDecision, JobEvidence, JobEvidenceIn, JobReviewIn, JobStatus};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// Longest caption kept.
pub const MAX_CAPTION: usize = 1000;

/// A checked submission.
struct Checked {
    client_id: String,
    caption: String,
    codes: Vec<String>,
    captured_at: i64,
    upload_ids: Vec<String>,
}

fn check(input: &JobEvidenceIn, now: i64) -> Result<Checked, AppError> {
    let client_id = input.client_id.trim();
    if client_id.is_empty()
        || client_id.len() > 64
        || !client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::invalid(
            "client_id",
            "Give an id of 1 to 64 letters, digits, dashes or underscores.",
        ));
    }
    let caption = input.caption.trim();
    if caption.is_empty() {
        return Err(AppError::invalid(
            "caption",
            "Say in a few words what the files show.",
        ));
    }
    if caption.chars().count() > MAX_CAPTION {
        return Err(AppError::invalid(
            "caption",
            format!("Keep the caption under {MAX_CAPTION} characters."),
        ));
    }
    let captured_at = chrono::DateTime::parse_from_rfc3339(input.captured_at.trim())
        .map_err(|_| {
            AppError::invalid(
                "captured_at",
                "Give the date and time as RFC 3339, e.g. 2026-11-22T10:15:00Z.",
            )
        })?
        .timestamp_millis();
    if captured_at > now + CLOCK_SKEW_MS {
        return Err(AppError::invalid(
            "captured_at",
            "The evidence cannot be from the future.",
        ));
    }
    let codes = codes_of(&input.ksb_codes);
    if codes.is_empty() {
        return Err(AppError::invalid(
            "ksb_codes",
            "Pick at least one KSB the evidence shows.",
        ));
    }
    let upload_ids = distinct_uploads(&input.uploads)?;
    if upload_ids.is_empty() {
        return Err(AppError::invalid(
            "uploads",
            "Add a photo, a video or a voice note.",
        ));
    }
    Ok(Checked {
        client_id: client_id.to_owned(),
        caption: caption.to_owned(),
        codes,
        captured_at,
        upload_ids,
    })
}

/// The KSB ids of `codes` in the learner's standard; names the first that is not one.
async fn ksb_ids(
    conn: &mut AnyConnection,
    learner: &LearnerId,
    codes: &[String],
) -> Result<Vec<String>, AppError> {
    let Some(enrolment) = cohorts::enrolment(&mut *conn, learner).await? else {
        return Err(AppError::invalid(
            "ksb_codes",
            "You are not in a cohort yet, so there is no standard to show evidence of.",
        ));
    };
    let live = ksbs::live_for_engine(&mut *conn, &enrolment.standard_id).await?;
    codes
        .iter()
        .map(|code| {
            live.iter()
                .find(|k| &k.info.code == code)
                .map(|k| k.info.id.clone())
                .ok_or_else(|| {
                    AppError::invalid(
                        "ksb_codes",
                        format!("{code} is not a KSB of {}.", enrolment.reference),
                    )
                })
        })
        .collect()
}

fn require_learner(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Learner {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The apprentice sends evidence; returns it and whether it is new (false: it was sent
/// before with the same `client_id`, and nothing changed).
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn submit(
    db: &Db,
    caller: &User,
    input: &JobEvidenceIn,
    now: i64,
) -> Result<(JobEvidence, bool), AppError> {
    require_learner(caller)?;
    let c = check(input, now)?;
    let learner = caller.learner_id();
    let mut tx = db.begin_write().await?;
    users::lock(&mut tx, &caller.id).await?;
    if let Some(found) = store::find_by_client(&mut tx, &learner, &c.client_id).await? {
        tx.commit().await?;
        let mut conn = db.pool.acquire().await?;
        return Ok((view_one(&mut conn, found).await?, false));
    }
    let ksb_ids = ksb_ids(&mut tx, &learner, &c.codes).await?;
    crate::uploads::complete_of(&mut tx, caller, &c.upload_ids).await?;
    let id = crate::new_id();
    store::insert(
        &mut tx,
        &NewEvidence {
            id: &id,
            learner_id: &learner,
            client_id: &c.client_id,
            caption: &c.caption,
            captured_at: c.captured_at,
            now,
            ksb_ids: &ksb_ids,
            upload_ids: &c.upload_ids,
        },
    )
    .await?;
    let row = store::find(&mut tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("evidence just stored is missing"))?;
    tx.commit().await?;
    let mut conn = db.pool.acquire().await?;
    Ok((view_one(&mut conn, row).await?, true))
}

/// The apprentice changes evidence their mentor asked more of, and sends it again.
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn resubmit(
    db: &Db,
    caller: &User,
    id: &str,
    input: &JobEvidenceIn,
    now: i64,
) -> Result<JobEvidence, AppError> {
    require_learner(caller)?;
    let c = check(input, now)?;
    let learner = caller.learner_id();
    let mut tx = db.begin_write().await?;
    users::lock(&mut tx, &caller.id).await?;
    let row = store::find(&mut tx, id)
        .await?
        .filter(|r| r.learner_id == learner)
        .ok_or_else(|| AppError::not_found("Evidence"))?;
    match JobStatus::parse(&row.status) {
        Some(JobStatus::MoreAsked) => {}
        Some(JobStatus::Accepted) => {
            return Err(AppError::conflict(
                "status",
                "Your mentor signed this off: it can no longer change.",
            ))
        }
        _ => {
            return Err(AppError::conflict(
                "status",
                "This is with your mentor: you can change it if they ask for more.",
            ))
        }
    }
    let ksb_ids = ksb_ids(&mut tx, &learner, &c.codes).await?;
    crate::uploads::complete_of(&mut tx, caller, &c.upload_ids).await?;
    store::resubmit(
        &mut tx,
        &NewEvidence {
            id,
            learner_id: &learner,
            client_id: &row.client_id,
            caption: &c.caption,
            captured_at: c.captured_at,
            now,
            ksb_ids: &ksb_ids,
            upload_ids: &c.upload_ids,
        },
    )
    .await?;
    let row = store::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("Evidence"))?;
    tx.commit().await?;
    let mut conn = db.pool.acquire().await?;
    view_one(&mut conn, row).await
}

/// A learner's evidence from the job, newest first (anyone who may read their evidence; the
/// look is recorded).
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn of_learner(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<Vec<JobEvidence>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = access::open(&mut conn, caller, learner_id, Look::JobEvidence, now).await?;
    let rows = store::of_learner(&mut conn, &learner.learner_id()).await?;
    views(&mut conn, rows).await
}

/// A learner's evidence from the job, newest first, for a caller already let in (a KSB's
/// evidence for an assessor).
pub(crate) async fn of_learner_let_in(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<JobEvidence>, AppError> {
    let rows = store::of_learner(&mut *conn, learner_id).await?;
    views(conn, rows).await
}

/// Evidence waiting for `caller`, a mentor, oldest first.
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn waiting(db: &Db, caller: &User) -> Result<Vec<JobEvidence>, AppError> {
    if caller.role != Role::Mentor {
        return Err(AppError::forbidden());
    }
    let mut conn = db.pool.acquire().await?;
    let rows = store::waiting_for(&mut conn, &caller.id).await?;
    views(&mut conn, rows).await
}

/// The mentor signs evidence off (it becomes an observation with its files, chained and
/// folded into the learner's competency in the same transaction) or asks for more.
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn review(
    db: &Db,
    caller: &User,
    id: &str,
    input: &JobReviewIn,
    now: i64,
) -> Result<JobEvidence, AppError> {
    if caller.role != Role::Mentor {
        return Err(AppError::forbidden());
    }
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(
            "note",
            format!("Keep the note under {MAX_NOTE} characters."),
        ));
    }
    if input.decision == JobDecision::AskForMore && note.is_empty() {
        return Err(AppError::invalid("note", "Say what more you need to see."));
    }
    let mut tx = db.begin_write().await?;
    let row = store::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("Evidence"))?;
    if !observations::mentors(&mut tx, &caller.id, &row.learner_id).await? {
        return Err(AppError::not_found("Evidence"));
    }
    users::lock(&mut tx, row.learner_id.as_str()).await?;
    let row = store::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("Evidence"))?;
    if JobStatus::parse(&row.status) != Some(JobStatus::Submitted) {
        let who = row.reviewer.as_deref().unwrap_or("Another mentor");
        return Err(AppError::conflict(
            "status",
            match JobStatus::parse(&row.status) {
                Some(JobStatus::Accepted) => format!("{who} signed this off already."),
                _ => format!("{who} asked for more: it is with the apprentice."),
            },
        ));
    }
    let observation_id = match input.decision {
        JobDecision::AskForMore => None,
        JobDecision::Accept => {
            let learner_user = users::find_by_id(&mut tx, row.learner_id.as_str())
                .await?
                .ok_or_else(|| AppError::not_found("Evidence"))?;
            let learner = crate::learning::load(&mut tx, &learner_user)
                .await?
                .ok_or_else(|| {
                    AppError::conflict(
                        "learner",
                        "The apprentice is no longer in a cohort: their evidence cannot be signed off.",
                    )
                })?;
            let ksb_ids = store::ksb_ids_of(&mut tx, id).await?;
            let files: Vec<_> = {
                let rows = upload_store::of_job_evidence(&mut tx, &[id.to_owned()]).await?;
                let mut out = Vec::with_capacity(rows.len());
                for f in rows {
                    if let Some(u) = upload_store::find(&mut tx, &f.upload_id).await? {
                        out.push(u);
                    }
                }
                out
            };
            Some(
                record(
                    &mut tx,
                    &learner,
                    Record {
                        mentor_id: &caller.id,
                        note,
                        occurred_at: row.captured_at,
                        duration_min: 0,
                        ksb_ids: &ksb_ids,
                        files: &files,
                    },
                    now,
                )
                .await?,
            )
        }
    };
    let status = match input.decision {
        JobDecision::Accept => JobStatus::Accepted,
        JobDecision::AskForMore => JobStatus::MoreAsked,
    };
    store::review(
        &mut tx,
        id,
        status.as_str(),
        &caller.id,
        note,
        observation_id.as_deref(),
        now,
    )
    .await?;
    let row = store::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("Evidence"))?;
    tx.commit().await?;
    let mut conn = db.pool.acquire().await?;
    view_one(&mut conn, row).await
}

async fn view_one(conn: &mut AnyConnection, row: EvidenceRow) -> Result<JobEvidence, AppError> {
    views(conn, vec![row])
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("evidence view missing"))
}

async fn views(
    conn: &mut AnyConnection,
    rows: Vec<EvidenceRow>,
) -> Result<Vec<JobEvidence>, AppError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let codes = store::codes_of(&mut *conn, &ids).await?;
    let file_rows = upload_store::of_job_evidence(&mut *conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| JobEvidence {
            ksb_codes: codes
                .iter()
                .filter(|(e, _)| e == &r.id)
                .map(|(_, c)| c.clone())
                .collect(),
            files: file_rows
                .iter()
                .filter(|f| f.owner == r.id)
                .map(files::view)
                .collect(),
            captured_at: rfc3339(r.captured_at).unwrap_or_default(),
            submitted_at: rfc3339(r.submitted_at).unwrap_or_default(),
            status: JobStatus::parse(&r.status).unwrap_or(JobStatus::Submitted),
            reviewed_at: r.reviewed_at.and_then(rfc3339),
            id: r.id,
            client_id: r.client_id,
            learner_id: r.learner_id,
            learner_name: r.learner_name,
            caption: r.caption,
            review_note: r.review_note,
            reviewer: r.reviewer,
        })
        .collect())
}
