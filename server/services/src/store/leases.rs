//! Leases on periodic tasks (`task_leases`): one instance at a time runs a due task. A claim is
//! one conditional UPDATE, so two instances never both win it; every later write names the
//! holder, so an instance whose lease ran out (and was taken over) changes nothing.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// Claims `task` for `holder` until `until` when it is due at `now` and nobody holds it. A
/// task never seen before is first due at `first_due`. Returns whether the claim was won.
/// Asking costs one read while the task is not due; only a due task is written to, by one
/// conditional UPDATE that two instances cannot both win.
pub async fn claim(
    conn: &mut AnyConnection,
    task: &str,
    holder: &str,
    now: i64,
    first_due: i64,
    until: i64,
) -> Result<bool, AppError> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT next_run_at, locked_until FROM task_leases WHERE name = $1")
            .bind(task)
            .fetch_optional(&mut *conn)
            .await?;
    let due = match row {
        Some((next_run_at, locked_until)) => {
            next_run_at <= now && locked_until.is_none_or(|l| l < now)
        }
        None => {
            sqlx::query(
                "INSERT INTO task_leases (name, next_run_at, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(task)
            .bind(first_due)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            first_due <= now
        }
    };
    if !due {
        return Ok(false);
    }
    let won = sqlx::query(
        "UPDATE task_leases SET holder = $2, locked_until = $4, updated_at = $3 \
         WHERE name = $1 AND next_run_at <= $3 AND (locked_until IS NULL OR locked_until < $3)",
    )
    .bind(task)
    .bind(holder)
    .bind(now)
    .bind(until)
    .execute(conn)
    .await?;
    Ok(won.rows_affected() == 1)
}

/// Keeps a running task's lease until `until`. False: the lease was lost to another instance.
pub async fn extend(
    conn: &mut AnyConnection,
    task: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> Result<bool, AppError> {
    let kept = sqlx::query(
        "UPDATE task_leases SET locked_until = $3, updated_at = $4 \
         WHERE name = $1 AND holder = $2",
    )
    .bind(task)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(kept.rows_affected() == 1)
}

/// Ends the run that started at `started`: the task is next due at `next_run_at` and held by
/// nobody. False: the lease had been lost, and the new holder's run stands.
pub async fn finish(
    conn: &mut AnyConnection,
    task: &str,
    holder: &str,
    started: i64,
    next_run_at: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE task_leases SET next_run_at = $3, holder = NULL, locked_until = NULL, \
         last_run_at = $4, updated_at = $4 WHERE name = $1 AND holder = $2",
    )
    .bind(task)
    .bind(holder)
    .bind(next_run_at)
    .bind(started)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When each task's last finished run started (Unix ms), by name: for status pages and tests.
pub async fn last_runs(conn: &mut AnyConnection) -> Result<Vec<(String, Option<i64>)>, AppError> {
    sqlx::query_as("SELECT name, last_run_at FROM task_leases ORDER BY name")
        .fetch_all(conn)
        .await
        .map_err(AppError::from)
}
