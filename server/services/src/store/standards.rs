use flowline_core::domain::standard_doc::ParsedStandard;
use flowline_core::error::AppError;
use flowline_core::model::StandardSummary;
use sqlx::AnyConnection;

/// Where a standard's KSB text came from: the official document or our illustrative demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardSource {
    Official,
    Demo,
}

impl StandardSource {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "official" => Some(StandardSource::Official),
            "demo" => Some(StandardSource::Demo),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StandardSource::Official => "official",
            StandardSource::Demo => "demo",
        }
    }
}

pub struct NewStandard<'a> {
    pub reference: &'a str,
    pub title: &'a str,
    pub level: i64,
    pub version: &'a str,
    pub source: StandardSource,
}

/// The id of the standard with this reference, creating it when missing.
pub async fn ensure(
    conn: &mut AnyConnection,
    s: &NewStandard<'_>,
    now: i64,
) -> Result<String, AppError> {
    if let Some(id) = id_by_reference(conn, s.reference).await? {
        return Ok(id);
    }
    let id = crate::new_id();
    sqlx::query(
        "INSERT INTO standards (id, reference, title, level, version, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(s.reference)
    .bind(s.title)
    .bind(s.level)
    .bind(s.version)
    .bind(s.source.as_str())
    .bind(now)
    .execute(conn)
    .await
    ?;
    Ok(id)
}

pub async fn id_by_reference(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<String>, AppError> {
    sqlx::query_scalar("SELECT id FROM standards WHERE reference = $1")
        .bind(reference)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// Where the stored text of a standard came from, if the standard exists.
pub async fn source_of(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<StandardSource>, AppError> {
    let s: Option<String> = sqlx::query_scalar("SELECT source FROM standards WHERE reference = $1")
        .bind(reference)
        .fetch_optional(conn)
        .await?;
    Ok(s.as_deref().and_then(StandardSource::parse))
}

/// Creates or updates a standard from a document; returns its id.
pub async fn upsert(
    conn: &mut AnyConnection,
    s: &ParsedStandard,
    source: StandardSource,
    now: i64,
) -> Result<String, AppError> {
    sqlx::query_scalar(
        "INSERT INTO standards (id, reference, title, level, version, typical_duration_months, source, created_at, updated_at, otj_min_hours) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) \
         ON CONFLICT (reference) DO UPDATE SET title = excluded.title, level = excluded.level, \
         version = excluded.version, typical_duration_months = excluded.typical_duration_months, \
         source = excluded.source, updated_at = excluded.updated_at, \
         otj_min_hours = COALESCE(excluded.otj_min_hours, standards.otj_min_hours) \
         RETURNING id",
    )
    .bind(crate::new_id())
    .bind(&s.reference)
    .bind(&s.title)
    .bind(s.level)
    .bind(&s.version)
    .bind(s.typical_duration_months)
    .bind(source.as_str())
    .bind(now)
    .bind(s.otj_min_hours)
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// A standard's OTJ minimum, by id.
pub async fn otj_min(conn: &mut AnyConnection, id: &str) -> Result<Option<i64>, AppError> {
    let v: Option<Option<i64>> =
        sqlx::query_scalar("SELECT otj_min_hours FROM standards WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(v.flatten())
}

/// Sets (or clears) a standard's OTJ minimum and, when given, its typical duration; false
/// when there is no such standard.
pub async fn set_settings(
    conn: &mut AnyConnection,
    reference: &str,
    hours: Option<i64>,
    duration_months: Option<i64>,
    daily_hours: Option<f64>,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE standards SET otj_min_hours = $1, \
         typical_duration_months = COALESCE($2, typical_duration_months), updated_at = $3, \
         otj_daily_hours = COALESCE($5, otj_daily_hours) WHERE reference = $4",
    )
    .bind(hours)
    .bind(duration_months)
    .bind(now)
    .bind(reference)
    .bind(daily_hours)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const SUMMARY_SQL: &str = "SELECT s.reference, s.title, s.level, s.version, s.source, \
     (SELECT COUNT(*) FROM ksbs k WHERE k.standard_id = s.id AND k.retired_at IS NULL) AS ksb_count, \
     s.otj_min_hours FROM standards s";

type SummaryRow = (String, String, i64, String, String, i64, Option<i64>);

fn summary(
    (reference, title, level, version, source, ksb_count, otj_min_hours): SummaryRow,
) -> StandardSummary {
    StandardSummary {
        otj_min_hours,
        reference,
        title,
        level,
        version,
        source,
        ksb_count,
    }
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<StandardSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SQL} ORDER BY s.reference"))
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// The standard's id, summary and typical duration.
pub async fn find(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<(String, StandardSummary, Option<i64>)>, AppError> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, typical_duration_months FROM standards WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id, months)) = row else {
        return Ok(None);
    };
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY_SQL} WHERE s.id = $1"))
        .bind(&id)
        .fetch_one(conn)
        .await?;
    Ok(Some((id, summary(row), months)))
}

/// The most lesson and check time one day counts as off-the-job training, in hours.
pub async fn otj_daily_hours(conn: &mut AnyConnection, standard_id: &str) -> Result<f64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT otj_daily_hours FROM standards WHERE id = $1")
            .bind(standard_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(flowline_core::domain::otj_credit::DAILY_LIMIT_HOURS),
    )
}

/// A standard's title, by reference.
pub async fn title_of(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<String>, AppError> {
    sqlx::query_scalar("SELECT title FROM standards WHERE reference = $1")
        .bind(reference)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// A standard's typical duration in months, when it has one.
pub async fn duration_months(conn: &mut AnyConnection, id: &str) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT typical_duration_months FROM standards WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}
