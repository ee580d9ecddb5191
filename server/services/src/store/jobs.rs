//! The job queue in the database: enqueue once per dedupe key, claim with a lease, finish or
//! retry. Works the same on SQLite and PostgreSQL and with several server instances: a claim
//! is one conditional UPDATE, so two workers never run the same job at once. A claim's attempt
//! number is its token: progress extends the lease, and progress, completion and failure count
//! only while the claim still holds, so a worker whose lease ran out (and whose job another
//! took over) cannot finish it. Finished jobs are swept after [`KEEP_DONE_MS`].

use flowline_core::error::AppError;
use flowline_core::model::studio::JobStatus;
use sqlx::AnyConnection;

/// How long a claimed job stays with its worker before another may take it over.
pub const LEASE_MS: i64 = 10 * 60 * 1000;
/// Attempts before a job is marked failed (most kinds: see [`JobKind::max_attempts`]).
pub const MAX_ATTEMPTS: i64 = 3;
/// How long a finished job is kept (failed ones are kept: they say what went wrong).
pub const KEEP_DONE_MS: i64 = 30 * 24 * 3_600_000;

flowline_core::text_enum! {
    /// What a job does (each has its queue and its worker).
    pub enum JobKind {
        /// Makes a lesson's video, captions and poster from its script.
        Render = "render_lesson",
        /// Sends one nudge to one learner.
        Nudge = "nudge",
        /// Sends one WhatsApp message.
        WhatsApp = "whatsapp",
        /// Packs a copy of a person's data.
        DataExport = "data_export",
        /// Sends one e-mail.
        Email = "email",
        /// Sends one push message to one browser.
        Push = "push",
    }
}

impl JobKind {
    /// Attempts before a job of this kind is marked failed. An e-mail waits out an SMTP
    /// server's outage of hours (see `mail::send`); other work fails sooner and is redone.
    pub fn max_attempts(self) -> i64 {
        match self {
            JobKind::Email => 10,
            JobKind::Push => 5,
            _ => MAX_ATTEMPTS,
        }
    }
}

/// The job was taken over by another worker after this one's lease ran out.
fn lost(job: &Job) -> AppError {
    tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts, "job lease lost");
    AppError::conflict(
        "job",
        "This job was taken over by another worker; its result was not kept.",
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub payload: String,
    pub attempts: i64,
}

/// Queues a job unless one with the same dedupe key is already queued or running.
/// Returns whether a job was added.
pub async fn enqueue(
    conn: &mut AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    payload: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, dedupe_key, payload, status, run_after, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', $5, $5, $5) ON CONFLICT DO NOTHING",
    )
    .bind(crate::new_id())
    .bind(kind)
    .bind(dedupe_key)
    .bind(payload)
    .bind(now)
    .execute(conn)
    .await
    ?;
    Ok(done.rows_affected() == 1)
}

/// Takes the oldest ready job of `kind` (or one whose worker's lease ran out).
pub async fn claim(
    conn: &mut AnyConnection,
    kind: JobKind,
    now: i64,
) -> Result<Option<Job>, AppError> {
    const READY: &str =
        "(status = 'queued' AND run_after <= $2) OR (status = 'running' AND locked_until < $2)";
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $3, updated_at = $2 \
         WHERE id = (SELECT id FROM jobs WHERE kind = $1 AND ({READY}) ORDER BY created_at LIMIT 1) \
         AND ({READY}) RETURNING id, kind, payload, attempts"
    );
    sqlx::query_as(&sql)
        .bind(kind)
        .bind(now)
        .bind(now + LEASE_MS)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// Records progress on a running job and extends its lease (a long job that moves is kept).
pub async fn set_progress(
    conn: &mut AnyConnection,
    job: &Job,
    progress: f64,
    now: i64,
) -> Result<(), AppError> {
    let kept = sqlx::query(
        "UPDATE jobs SET progress = $1, locked_until = $2, updated_at = $3 \
         WHERE id = $4 AND status = 'running' AND attempts = $5",
    )
    .bind(progress)
    .bind(now + LEASE_MS)
    .bind(now)
    .bind(&job.id)
    .bind(job.attempts)
    .execute(conn)
    .await?;
    if kept.rows_affected() == 1 {
        Ok(())
    } else {
        Err(lost(job))
    }
}

/// Marks a claimed job done; refused when the claim was lost.
pub async fn complete(conn: &mut AnyConnection, job: &Job, now: i64) -> Result<(), AppError> {
    finish_done(conn, job, false, now).await
}

/// Marks a job done and blanks its payload (it held a secret, such as a link in an e-mail).
pub async fn complete_forgetting(
    conn: &mut AnyConnection,
    job: &Job,
    now: i64,
) -> Result<(), AppError> {
    finish_done(conn, job, true, now).await
}

async fn finish_done(
    conn: &mut AnyConnection,
    job: &Job,
    forget: bool,
    now: i64,
) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE jobs SET status = 'done', progress = 1, locked_until = NULL, error = NULL, \
         payload = CASE WHEN $4 = 1 THEN '' ELSE payload END, updated_at = $1 \
         WHERE id = $2 AND status = 'running' AND attempts = $3",
    )
    .bind(now)
    .bind(&job.id)
    .bind(job.attempts)
    .bind(i64::from(forget))
    .execute(conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(lost(job))
    }
}

/// Records a failure: back to the queue after `retry_in_ms`, or failed for good when the
/// attempts are used up or `retry_in_ms` is `None`.
pub async fn fail(
    conn: &mut AnyConnection,
    job: &Job,
    error: &str,
    retry_in_ms: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let retry = retry_in_ms.filter(|_| job.attempts < job.kind.max_attempts());
    let failed = sqlx::query(
        "UPDATE jobs SET status = $1, run_after = $2, locked_until = NULL, error = $3, updated_at = $4 \
         WHERE id = $5 AND status = 'running' AND attempts = $6",
    )
    .bind(if retry.is_some() { "queued" } else { "failed" })
    .bind(now + retry.unwrap_or(0))
    .bind(error)
    .bind(now)
    .bind(&job.id)
    .bind(job.attempts)
    .execute(conn)
    .await?;
    if failed.rows_affected() == 1 {
        Ok(())
    } else {
        Err(lost(job))
    }
}

/// Deletes jobs finished (done) before `before`; returns how many.
pub async fn sweep(conn: &mut AnyConnection, before: i64) -> Result<u64, AppError> {
    let swept = sqlx::query("DELETE FROM jobs WHERE status = 'done' AND updated_at < $1")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(swept.rows_affected())
}

/// (queued or running, failed) counts of a kind, for the job stories.
#[cfg(feature = "test-support")]
pub async fn counts(conn: &mut AnyConnection, kind: JobKind) -> Result<(i64, i64), AppError> {
    let (pending, failed): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status IN ('queued', 'running') THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM jobs WHERE kind = $1",
    )
    .bind(kind)
    .fetch_one(conn)
    .await?;
    Ok((pending, failed))
}

/// Makes queued jobs whose dedupe key starts with `prefix` due now (someone asked for them
/// again rather than wait for the retry).
pub async fn hurry(conn: &mut AnyConnection, prefix: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE jobs SET run_after = $1, updated_at = $1 WHERE dedupe_key LIKE $2 AND status = 'queued'",
    )
    .bind(now)
    .bind(format!("{prefix}%"))
    .execute(conn)
    .await?;
    Ok(())
}

/// A job as someone waiting on it sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobState {
    pub id: String,
    pub status: JobStatus,
    pub progress: f64,
    pub error: Option<String>,
}

/// The newest job whose dedupe key starts with `prefix`.
pub async fn latest_for(
    conn: &mut AnyConnection,
    prefix: &str,
) -> Result<Option<JobState>, AppError> {
    sqlx::query_as(
        "SELECT id, status, progress, error FROM jobs WHERE dedupe_key LIKE $1 \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(format!("{prefix}%"))
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}
