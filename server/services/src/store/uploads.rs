//! Files sent in chunks (`uploads`): what was declared, how many bytes have arrived, and
//! whether the whole file is stored.

use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UploadRow {
    pub id: String,
    pub owner_id: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub received: i64,
    pub created_at: i64,
    pub completed_at: Option<i64>,
}

const COLUMNS: &str =
    "id, owner_id, content_type, size, sha256, received, created_at, completed_at";

/// Records a new upload, or finds the owner's upload of the same bytes; true when new.
pub async fn begin(
    conn: &mut AnyConnection,
    row: &UploadRow,
) -> Result<(UploadRow, bool), AppError> {
    let done = sqlx::query(
        "INSERT INTO uploads (id, owner_id, content_type, size, sha256, received, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (owner_id, sha256) DO NOTHING",
    )
    .bind(&row.id)
    .bind(&row.owner_id)
    .bind(&row.content_type)
    .bind(row.size)
    .bind(&row.sha256)
    .bind(row.created_at)
    .execute(&mut *conn)
    .await?;
    let found: UploadRow = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM uploads WHERE owner_id = $1 AND sha256 = $2"
    ))
    .bind(&row.owner_id)
    .bind(&row.sha256)
    .fetch_one(conn)
    .await?;
    Ok((found, done.rows_affected() > 0))
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<UploadRow>, AppError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Moves `received` from `from` to `to`; false when another request moved it first.
pub async fn advance(
    conn: &mut AnyConnection,
    id: &str,
    from: i64,
    to: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE uploads SET received = $1 WHERE id = $2 AND received = $3 AND completed_at IS NULL",
    )
    .bind(to)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Starts an upload again from nothing (its bytes did not match what was declared).
pub async fn restart(conn: &mut AnyConnection, id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE uploads SET received = 0 WHERE id = $1 AND completed_at IS NULL")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn complete(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE uploads SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A stored file, as evidence shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FileRow {
    /// The evidence or observation it belongs to.
    pub owner: String,
    pub position: i64,
    pub upload_id: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// The files of each of `ids` from `table` (`job_evidence_files` or `observation_files`,
/// keyed by `column`), in order.
async fn files_of(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    ids: &[String],
) -> Result<Vec<FileRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT f.{column} AS owner, f.position, u.id AS upload_id, u.content_type, u.size, \
         u.sha256 FROM {table} f JOIN uploads u ON u.id = f.upload_id \
         WHERE f.{column} IN ({}) ORDER BY f.{column}, f.position",
        super::params(1, ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

pub async fn of_job_evidence(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<FileRow>, AppError> {
    files_of(conn, "job_evidence_files", "evidence_id", ids).await
}

pub async fn of_observations(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<FileRow>, AppError> {
    files_of(conn, "observation_files", "observation_id", ids).await
}

/// Attaches complete uploads to an observation, in order.
pub async fn attach_to_observation(
    conn: &mut AnyConnection,
    observation_id: &str,
    upload_ids: &[String],
) -> Result<(), AppError> {
    for (position, upload) in upload_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO observation_files (observation_id, position, upload_id) \
             VALUES ($1, $2, $3)",
        )
        .bind(observation_id)
        .bind(position as i64)
        .bind(upload)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The learners whose evidence or sign-offs carry upload `id`.
pub async fn learners_of(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Vec<flowline_core::domain::LearnerId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT e.learner_id FROM job_evidence_files f JOIN job_evidence e ON e.id = f.evidence_id \
         WHERE f.upload_id = $1 UNION SELECT o.learner_id FROM observation_files f \
         JOIN observations o ON o.id = f.observation_id WHERE f.upload_id = $1",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}
