use flowline_core::domain::standard_doc::{KsbKind, ParsedKsb};
use flowline_core::error::AppError;
use flowline_core::model::KsbDto;
use sqlx::AnyConnection;

/// A stored KSB, live or retired.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KsbRow {
    pub id: String,
    pub code: String,
    pub text: String,
    pub official_guid: Option<String>,
    pub retired_at: Option<i64>,
}

/// Every KSB ever stored for a standard, retired ones included (for matching on re-import).
pub async fn all_for_standard(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<KsbRow>, AppError> {
    sqlx::query_as(
        "SELECT id, code, text, official_guid, retired_at FROM ksbs WHERE standard_id = $1 ORDER BY sort",
    )
        .bind(standard_id)
        .fetch_all(conn)
        .await
        .map_err(AppError::from)
}

/// Retires every live KSB of a standard; an import then revives the ones it still lists.
pub async fn retire_all(
    conn: &mut AnyConnection,
    standard_id: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE ksbs SET retired_at = $1 WHERE standard_id = $2 AND retired_at IS NULL")
        .bind(now)
        .bind(standard_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes a KSB's current code, text and official id onto an existing row and makes it live.
pub async fn revive(
    conn: &mut AnyConnection,
    id: &str,
    k: &ParsedKsb,
    guid: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE ksbs SET code = $1, kind = $2, text = $3, official_guid = $4, sort = $5, retired_at = NULL \
         WHERE id = $6",
    )
    .bind(&k.code)
    .bind(k.kind.as_str())
    .bind(&k.text)
    .bind(guid)
    .bind(k.sort)
    .bind(id)
    .execute(conn)
    .await
    ?;
    Ok(())
}

pub async fn insert(
    conn: &mut AnyConnection,
    standard_id: &str,
    k: &ParsedKsb,
    guid: Option<&str>,
) -> Result<String, AppError> {
    let id = crate::new_id();
    sqlx::query(
        "INSERT INTO ksbs (id, standard_id, code, kind, text, official_guid, sort) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(standard_id)
    .bind(&k.code)
    .bind(k.kind.as_str())
    .bind(&k.text)
    .bind(guid)
    .bind(k.sort)
    .execute(conn)
    .await
    ?;
    Ok(id)
}

/// Replaces the prerequisites among a standard's live KSBs with `pairs` of (code, needs code).
pub async fn replace_prerequisites(
    conn: &mut AnyConnection,
    standard_id: &str,
    pairs: &[(String, String)],
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM ksb_prerequisites WHERE ksb_id IN (SELECT id FROM ksbs WHERE standard_id = $1)")
        .bind(standard_id)
        .execute(&mut *conn)
        .await
        ?;
    for (code, needs) in pairs {
        sqlx::query(
            "INSERT INTO ksb_prerequisites (ksb_id, prerequisite_id) \
             SELECT k.id, p.id FROM ksbs k, ksbs p \
             WHERE k.standard_id = $1 AND p.standard_id = $1 AND k.code = $2 AND p.code = $3 \
             AND k.retired_at IS NULL AND p.retired_at IS NULL",
        )
        .bind(standard_id)
        .bind(code)
        .bind(needs)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The live KSBs of a standard in document order, with their prerequisites' codes.
pub async fn live_with_prerequisites(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<KsbDto>, AppError> {
    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, code, kind, text, official_guid FROM ksbs \
         WHERE standard_id = $1 AND retired_at IS NULL ORDER BY sort",
    )
    .bind(standard_id)
    .fetch_all(&mut *conn)
    .await?;
    let prereqs: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.ksb_id, q.code FROM ksb_prerequisites p JOIN ksbs q ON q.id = p.prerequisite_id \
         WHERE q.standard_id = $1 AND q.retired_at IS NULL ORDER BY q.sort",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, code, kind, text, guid)| {
            let kind = KsbKind::parse(&kind)
                .ok_or_else(|| AppError::internal(format!("unknown KSB kind {kind} of {id}")))?;
            let prerequisites = prereqs
                .iter()
                .filter(|(k, _)| *k == id)
                .map(|(_, c)| c.clone())
                .collect();
            Ok(KsbDto {
                code,
                kind,
                text,
                guid,
                prerequisites,
            })
        })
        .collect()
}

/// The live KSBs of a standard by code → id.
pub async fn live_ids_by_code(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT code, id FROM ksbs WHERE standard_id = $1 AND retired_at IS NULL")
            .bind(standard_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// A live KSB as the competency engine and the feed need it.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineKsb {
    pub info: flowline_core::domain::next::KsbInfo,
    pub text: String,
}

/// The live KSBs of a standard in document order, with prerequisite ids.
pub async fn live_for_engine(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<EngineKsb>, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, code, kind, text FROM ksbs WHERE standard_id = $1 AND retired_at IS NULL \
         ORDER BY sort",
    )
    .bind(standard_id)
    .fetch_all(&mut *conn)
    .await?;
    let prereqs: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.ksb_id, p.prerequisite_id FROM ksb_prerequisites p \
         JOIN ksbs k ON k.id = p.ksb_id WHERE k.standard_id = $1",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, code, kind, text)| {
            let kind = KsbKind::parse(&kind)
                .ok_or_else(|| AppError::internal(format!("unknown KSB kind {kind} of {id}")))?;
            let prerequisites = prereqs
                .iter()
                .filter(|(k, _)| *k == id)
                .map(|(_, p)| p.clone())
                .collect();
            Ok(EngineKsb {
                info: flowline_core::domain::next::KsbInfo {
                    id,
                    code,
                    title: flowline_core::domain::ksb_title::short_title(&text),
                    kind,
                    prerequisites,
                },
                text,
            })
        })
        .collect()
}

/// The (code, needs code) pairs among a standard's live KSBs.
pub async fn live_pairs(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT k.code, p.code FROM ksb_prerequisites kp \
         JOIN ksbs k ON k.id = kp.ksb_id JOIN ksbs p ON p.id = kp.prerequisite_id \
         WHERE k.standard_id = $1 AND k.retired_at IS NULL AND p.retired_at IS NULL",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await?)
}

/// Writes one live KSB's text and its prerequisites (by code); false when there is no such
/// live KSB.
pub async fn edit(
    conn: &mut AnyConnection,
    standard_id: &str,
    code: &str,
    text: &str,
    needs: &[String],
) -> Result<bool, AppError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM ksbs WHERE standard_id = $1 AND code = $2 AND retired_at IS NULL",
    )
    .bind(standard_id)
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    sqlx::query("UPDATE ksbs SET text = $1 WHERE id = $2")
        .bind(text)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM ksb_prerequisites WHERE ksb_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    for need in needs {
        sqlx::query(
            "INSERT INTO ksb_prerequisites (ksb_id, prerequisite_id) \
             SELECT $1, p.id FROM ksbs p WHERE p.standard_id = $2 AND p.code = $3 AND p.retired_at IS NULL",
        )
        .bind(&id)
        .bind(standard_id)
        .bind(need)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
