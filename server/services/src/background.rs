//! What the server's background workers need beyond the services they run: the leases that
//! keep a periodic task to one instance at a time, and the sweeps of what has expired.

use crate::db::Db;
use crate::store::{jobs, leases, sessions};
use flowline_core::error::AppError;

/// How long a periodic task's lease lasts without being extended.
pub const LEASE_MS: i64 = 10 * 60_000;

/// Claims `task` for `holder` when it is due at `now` (a task never run before is first due at
/// `first_due`). Returns whether this instance is to run it now.
pub async fn claim(
    db: &Db,
    task: &str,
    holder: &str,
    now: i64,
    first_due: i64,
) -> Result<bool, AppError> {
    let mut conn = db.pool.acquire().await?;
    leases::claim(&mut conn, task, holder, now, first_due, now + LEASE_MS).await
}

/// Keeps a running task's lease; false when another instance took it over.
pub async fn extend(db: &Db, task: &str, holder: &str, now: i64) -> Result<bool, AppError> {
    let mut conn = db.pool.acquire().await?;
    leases::extend(&mut conn, task, holder, now, now + LEASE_MS).await
}

/// Ends the run that started at `started`; the task is next due at `next_run_at`. False when
/// the lease had been lost.
pub async fn finish(
    db: &Db,
    task: &str,
    holder: &str,
    started: i64,
    next_run_at: i64,
) -> Result<bool, AppError> {
    let mut conn = db.pool.acquire().await?;
    leases::finish(&mut conn, task, holder, started, next_run_at).await
}

/// When each periodic task's last finished run started (Unix ms), by name.
pub async fn last_runs(db: &Db) -> Result<Vec<(String, Option<i64>)>, AppError> {
    let mut conn = db.pool.acquire().await?;
    leases::last_runs(&mut conn).await
}

/// Removes expired sessions; returns how many.
pub async fn sweep_sessions(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut conn = db.pool.acquire().await?;
    sessions::delete_expired(&mut conn, now).await
}

/// Removes jobs finished more than [`jobs::KEEP_DONE_MS`] ago; returns how many.
pub async fn sweep_jobs(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut conn = db.pool.acquire().await?;
    jobs::sweep(&mut conn, now - jobs::KEEP_DONE_MS).await
}
