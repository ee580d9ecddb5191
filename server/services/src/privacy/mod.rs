//! A person's data rights under UK GDPR: a copy of everything Flowline holds about them
//! (made in the background, downloaded as a ZIP of JSON and CSV files until its link
//! expires) and erasure, which keeps the provider's audit evidence under a random id only.
//! The person themself or an admin may do both; to anyone else the person does not exist.
//! The retention rule is in docs/retention.md.

pub mod archive;
pub mod erase;

use crate::db::Db;
use crate::store::jobs::JobKind;
use crate::store::{exports, jobs, users, users::User};
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{DataExport, DataExports, ExportStatus};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// How long a finished export can be downloaded.
pub const EXPORT_TTL_MS: i64 = 7 * 24 * 3600 * 1000;

/// The person `user_id` as `caller` may act on them: themself, or anyone for an admin.
pub(crate) async fn subject(
    conn: &mut AnyConnection,
    caller: &User,
    user_id: &str,
) -> Result<User, AppError> {
    let person = users::find_by_id(&mut *conn, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("Person"))?;
    if caller.id == person.id || caller.role == Role::Admin {
        Ok(person)
    } else {
        Err(AppError::not_found("Person"))
    }
}

fn to_dto(r: exports::ExportRow) -> DataExport {
    let status = r.status;
    DataExport {
        download_url: (status == ExportStatus::Ready)
            .then(|| format!("/api/v1/users/{}/exports/{}/download", r.user_id, r.id)),
        created_at: rfc3339(r.created_at).unwrap_or_default(),
        expires_at: r.expires_at.and_then(rfc3339),
        progress: r.progress,
        bytes: r.bytes,
        error: r.error,
        id: r.id,
        user_id: r.user_id,
        status,
    }
}

/// Asks for an export of `user_id`'s data; one still being made is returned instead of a
/// second.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn request(
    db: &Db,
    caller: &User,
    user_id: &str,
    now: i64,
) -> Result<DataExport, AppError> {
    let mut tx = db.begin_write().await?;
    let person = subject(&mut tx, caller, user_id).await?;
    if let Some(open) = exports::latest_of(&mut tx, &person.id)
        .await?
        .filter(|r| r.status.in_progress())
    {
        return Ok(to_dto(open));
    }
    let id = crate::new_id();
    exports::insert(&mut tx, &id, &person.id, &caller.id, now).await?;
    jobs::enqueue(
        &mut tx,
        JobKind::DataExport,
        &format!("export:{id}"),
        &id,
        now,
    )
    .await?;
    let row = exports::get(&mut tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("the export just requested is gone"))?;
    tx.commit().await?;
    tracing::info!(export = %id, person = %person.id, "data export requested");
    Ok(to_dto(row))
}

/// The person's newest export, if any.
pub async fn latest(db: &Db, caller: &User, user_id: &str) -> Result<DataExports, AppError> {
    let mut conn = db.pool.acquire().await?;
    let person = subject(&mut conn, caller, user_id).await?;
    Ok(DataExports {
        latest: exports::latest_of(&mut conn, &person.id).await?.map(to_dto),
        user_id: person.id,
        name: person.display_name,
        email: person.email,
    })
}

/// A ready export's ZIP and its file name; expired or unknown ones are "not found" with a
/// word on what to do.
pub async fn download(
    db: &Db,
    caller: &User,
    user_id: &str,
    export_id: &str,
    now: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let mut conn = db.pool.acquire().await?;
    let person = subject(&mut conn, caller, user_id).await?;
    let row = exports::get(&mut conn, export_id)
        .await?
        .filter(|r| r.user_id == person.id)
        .ok_or_else(|| AppError::not_found("Export"))?;
    let gone = || {
        AppError::new(
            flowline_core::error::ErrorCode::NotFound,
            "This download has expired or is not ready. Ask for a new copy of the data.",
        )
    };
    let bytes = exports::archive(&mut conn, &row.id, now)
        .await?
        .ok_or_else(gone)?;
    let day = rfc3339(row.created_at).unwrap_or_default();
    Ok((
        format!("flowline-data-{}.zip", day.get(..10).unwrap_or("export")),
        bytes,
    ))
}

/// What a worker did on one turn.
#[derive(Debug, PartialEq, Eq)]
pub enum Turn {
    Idle,
    Made(String),
    Failed(String),
}

/// Makes the oldest queued export, if any (and drops expired ones first).
pub async fn run_next(db: &Db, now: i64) -> Result<Turn, AppError> {
    let job = {
        let mut conn = db.pool.acquire().await?;
        let expired = exports::expire(&mut conn, now).await?;
        if expired > 0 {
            tracing::info!(expired, "expired data exports dropped");
        }
        jobs::claim(&mut conn, JobKind::DataExport, now).await?
    };
    let Some(job) = job else {
        return Ok(Turn::Idle);
    };
    let export_id = job.payload.clone();
    let made = archive::build(db, &export_id, now).await;
    let mut conn = db.pool.acquire().await?;
    match made {
        Ok(Some(zip)) => {
            exports::finish(&mut conn, &export_id, zip, now, now + EXPORT_TTL_MS).await?;
            jobs::complete(&mut conn, &job, now).await?;
            tracing::info!(export = %export_id, "data export ready");
            Ok(Turn::Made(export_id))
        }
        Ok(None) => {
            // Its person was erased meanwhile: nothing to make.
            jobs::complete(&mut conn, &job, now).await?;
            Ok(Turn::Idle)
        }
        Err(e) => {
            tracing::error!(export = %export_id, error = %e.detail(), "data export failed");
            let last = job.attempts >= jobs::MAX_ATTEMPTS;
            if last {
                exports::fail(
                    &mut conn,
                    &export_id,
                    "The export could not be made. Ask for a new one; if it fails again, contact your training provider.",
                    now,
                )
                .await?;
            }
            // The job keeps what went wrong underneath (for whoever reads the queue).
            jobs::fail(&mut conn, &job, &e.detail().to_string(), Some(30_000), now).await?;
            Ok(Turn::Failed(export_id))
        }
    }
}
