//! The standards library: import the official document, read standards and their KSBs.

use crate::db::Db;
pub use crate::store::standards::StandardSource;
use crate::store::{ksbs, standards};
use flowline_core::domain::standard_doc::{KsbKind, OfficialStandard};
use flowline_core::error::AppError;
use flowline_core::model::{ChangeKind, ImportReport, KsbChange, StandardDetail, StandardSummary};
use std::collections::HashSet;

/// Imports (or, with `dry_run`, previews) a standard in one transaction: a bad document
/// changes nothing. KSBs are matched to stored ones by official id, or by code where the
/// stored one has none (demo text being replaced), so content mappings and learner history
/// stay attached. Demo KSBs are stored without official ids for exactly that reason.
pub async fn import(
    db: &Db,
    doc: OfficialStandard,
    source: StandardSource,
    dry_run: bool,
    now: i64,
) -> Result<ImportReport, AppError> {
    let parsed = doc.parse()?;
    let mut tx = db.begin_write().await?;
    let standard_id = standards::upsert(&mut tx, &parsed, source, now).await?;
    let existing = ksbs::all_for_standard(&mut tx, &standard_id).await?;
    ksbs::retire_all(&mut tx, &standard_id, now).await?;

    let mut touched = HashSet::new();
    let (mut created, mut updated) = (0, 0);
    let mut changes = Vec::new();
    for k in &parsed.ksbs {
        let guid = (source == StandardSource::Official).then_some(k.guid.as_str());
        let by_guid = guid.and_then(|g| {
            existing
                .iter()
                .find(|e| e.official_guid.as_deref() == Some(g))
        });
        let by_code = || {
            existing.iter().find(|e| {
                e.official_guid.is_none()
                    && e.retired_at.is_none()
                    && e.code == k.code
                    && !touched.contains(&e.id)
            })
        };
        match by_guid.or_else(by_code) {
            Some(row) => {
                ksbs::revive(&mut tx, &row.id, k, guid).await?;
                touched.insert(row.id.clone());
                updated += 1;
                let change = if row.retired_at.is_some() {
                    Some(ChangeKind::Added)
                } else if row.text != k.text || row.code != k.code {
                    Some(ChangeKind::Changed)
                } else {
                    None
                };
                changes.extend(change.map(|change| KsbChange {
                    code: k.code.clone(),
                    change,
                    was_code: (row.code != k.code).then(|| row.code.clone()),
                    before: (row.text != k.text).then(|| row.text.clone()),
                    after: Some(k.text.clone()),
                }));
            }
            None => {
                ksbs::insert(&mut tx, &standard_id, k, guid).await?;
                created += 1;
                changes.push(KsbChange {
                    code: k.code.clone(),
                    change: ChangeKind::Added,
                    was_code: None,
                    before: None,
                    after: Some(k.text.clone()),
                });
            }
        }
    }
    // Official documents carry no prerequisites: keep the ones curated here.
    if !parsed.prerequisites.is_empty() {
        ksbs::replace_prerequisites(&mut tx, &standard_id, &parsed.prerequisites).await?;
    }
    let gone: Vec<_> = existing
        .iter()
        .filter(|e| e.retired_at.is_none() && !touched.contains(&e.id))
        .collect();
    let retired = gone.len();
    changes.extend(gone.into_iter().map(|e| KsbChange {
        code: e.code.clone(),
        change: ChangeKind::Retired,
        was_code: None,
        before: Some(e.text.clone()),
        after: None,
    }));
    let count = |kind| parsed.ksbs.iter().filter(|k| k.kind == kind).count();
    let report = ImportReport {
        reference: parsed.reference.clone(),
        title: parsed.title.clone(),
        version: parsed.version.clone(),
        knowledges: count(KsbKind::Knowledge),
        skills: count(KsbKind::Skill),
        behaviours: count(KsbKind::Behaviour),
        created,
        updated,
        retired,
        dry_run,
        changes,
    };
    if dry_run {
        tx.rollback().await?;
    } else {
        let mut codes: Vec<&str> = parsed.ksbs.iter().map(|k| k.code.as_str()).collect();
        codes.sort_unstable();
        let event = serde_json::json!({
            "type": "standard_imported",
            "standard": standard_id,
            "reference": parsed.reference,
            "version": parsed.version,
            "ksbs": codes,
            "created": created,
            "updated": updated,
            "retired": retired,
        });
        let kind = crate::evidence::Kind::StandardImported;
        crate::evidence::chain_act(&mut tx, kind, &standard_id, &event, now).await?;
        tx.commit().await?;
        tracing::info!(standard = %report.reference, created, updated, retired, "standard imported");
    }
    Ok(report)
}

/// Whether the library holds the standard with this reference (e.g. `ST1332`).
pub async fn is_known(db: &Db, reference: &str) -> Result<bool, AppError> {
    let mut conn = db.pool.acquire().await?;
    Ok(standards::id_by_reference(&mut conn, reference)
        .await?
        .is_some())
}

pub async fn list(db: &Db) -> Result<Vec<StandardSummary>, AppError> {
    let mut conn = db.pool.acquire().await?;
    standards::list(&mut conn).await
}

pub async fn detail(db: &Db, reference: &str) -> Result<StandardDetail, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (id, summary, typical_duration_months) =
        standards::find(&mut conn, &reference.trim().to_uppercase())
            .await?
            .ok_or_else(|| AppError::not_found("Standard"))?;
    let ksbs = ksbs::live_with_prerequisites(&mut conn, &id).await?;
    let otj_daily_hours = standards::otj_daily_hours(&mut conn, &id).await?;
    Ok(StandardDetail {
        summary,
        typical_duration_months,
        otj_daily_hours,
        ksbs,
    })
}
