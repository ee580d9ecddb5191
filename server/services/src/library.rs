//! An admin keeps a standard's KSB library: a KSB's text and prerequisites (never in a
//! circle), the standard's off-the-job minimum and typical duration. Each change is an act on
//! the evidence trail, since it changes what evidence means.

use crate::db::Db;
use crate::evidence::{chain_act, Kind};
use crate::store::users::User;
use crate::store::{ksbs, standards};
use flowline_core::domain::prerequisites::circle_if_added;
use flowline_core::domain::standard_doc::MAX_OTJ_HOURS;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{KsbDto, KsbEdit, StandardOtjIn};

/// Longest KSB text accepted (as in the official document).
const MAX_TEXT: usize = 4000;

fn admin_only(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Changes one KSB's text and prerequisites; a prerequisite that would close a circle, an
/// unknown code and an empty text are refused with the field named, and nothing is written.
#[tracing::instrument(skip(db, caller, edit), fields(caller = %caller.id))]
pub async fn edit_ksb(
    db: &Db,
    caller: &User,
    reference: &str,
    code: &str,
    edit: &KsbEdit,
    now: i64,
) -> Result<KsbDto, AppError> {
    admin_only(caller)?;
    let reference = reference.trim().to_uppercase();
    let code = code.trim().to_uppercase();
    let text = edit.text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(
            "text",
            format!("Write what the KSB asks for (up to {MAX_TEXT} characters)."),
        ));
    }
    let mut needs: Vec<String> = edit
        .prerequisites
        .iter()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    needs.sort();
    needs.dedup();

    let mut tx = db.begin_write().await?;
    let standard_id = standards::id_by_reference(&mut tx, &reference)
        .await?
        .ok_or_else(|| AppError::not_found("Standard"))?;
    let live: Vec<String> = ksbs::all_for_standard(&mut tx, &standard_id)
        .await?
        .into_iter()
        .filter(|k| k.retired_at.is_none())
        .map(|k| k.code)
        .collect();
    if !live.contains(&code) {
        return Err(AppError::not_found("KSB"));
    }
    // The graph without this KSB's own prerequisites, then each new one checked against it.
    let mut pairs: Vec<(String, String)> = ksbs::live_pairs(&mut tx, &standard_id)
        .await?
        .into_iter()
        .filter(|(c, _)| *c != code)
        .collect();
    for need in &needs {
        if !live.contains(need) {
            return Err(AppError::invalid(
                "prerequisites",
                format!("There is no KSB {need} in {reference}."),
            ));
        }
        if let Some(why) = circle_if_added(&pairs, &code, need) {
            return Err(AppError::invalid("prerequisites", why));
        }
        pairs.push((code.clone(), need.clone()));
    }
    ksbs::edit(&mut tx, &standard_id, &code, text, &needs).await?;
    let event = serde_json::json!({
        "type": "ksb_edited", "standard": standard_id, "reference": reference,
        "code": code, "text": text, "prerequisites": needs,
    });
    chain_act(&mut tx, Kind::StandardEdited, &standard_id, &event, now).await?;
    tx.commit().await?;
    tracing::info!(standard = %reference, ksb = %code, "KSB edited");
    let mut conn = db.pool.acquire().await?;
    let detail = ksbs::live_with_prerequisites(&mut conn, &standard_id).await?;
    detail
        .into_iter()
        .find(|k| k.code == code)
        .ok_or_else(|| AppError::internal(format!("the KSB {code} just edited is gone")))
}

/// Sets (or clears) the OTJ minimum and, when given, the typical duration and the daily
/// ceiling.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn settings(
    db: &Db,
    caller: &User,
    reference: &str,
    input: &StandardOtjIn,
    now: i64,
) -> Result<(), AppError> {
    admin_only(caller)?;
    if let Some(h) = input.otj_min_hours {
        if !(1..=MAX_OTJ_HOURS).contains(&h) {
            return Err(AppError::invalid(
                "otj_min_hours",
                format!("Give the minimum in hours, 1 to {MAX_OTJ_HOURS}."),
            ));
        }
    }
    if let Some(m) = input.typical_duration_months {
        if !(1..=120).contains(&m) {
            return Err(AppError::invalid(
                "typical_duration_months",
                "Give the typical duration in months, 1 to 120.",
            ));
        }
    }
    if let Some(h) = input.otj_daily_hours {
        if !(0.5..=12.0).contains(&h) {
            return Err(AppError::invalid(
                "otj_daily_hours",
                "Give the daily ceiling in hours, 0.5 to 12.",
            ));
        }
    }
    let reference = reference.trim().to_uppercase();
    let mut tx = db.begin_write().await?;
    let standard_id = standards::id_by_reference(&mut tx, &reference)
        .await?
        .ok_or_else(|| AppError::not_found("Standard"))?;
    standards::set_settings(
        &mut tx,
        &reference,
        input.otj_min_hours,
        input.typical_duration_months,
        input.otj_daily_hours,
        now,
    )
    .await?;
    let event = serde_json::json!({
        "type": "standard_settings", "standard": standard_id, "reference": reference,
        "otj_min_hours": input.otj_min_hours, "typical_duration_months": input.typical_duration_months,
        "otj_daily_hours": input.otj_daily_hours,
    });
    chain_act(&mut tx, Kind::StandardEdited, &standard_id, &event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Imports (or previews, with `dry_run`) the official standard from its JSON text, as an
/// admin pastes or uploads it; text that is not the document's JSON says where it went wrong.
pub async fn import_text(
    db: &Db,
    caller: &User,
    text: &str,
    dry_run: bool,
    now: i64,
) -> Result<flowline_core::model::ImportReport, AppError> {
    admin_only(caller)?;
    if text.trim().is_empty() {
        return Err(AppError::invalid(
            "document",
            "Paste the standard's JSON or choose its file.",
        ));
    }
    let doc: flowline_core::domain::standard_doc::OfficialStandard = serde_json::from_str(text)
        .map_err(|e| {
            AppError::invalid(
                "document",
                format!("This is not the standard's JSON document: {e}."),
            )
        })?;
    super::standards::import(
        db,
        doc,
        crate::store::standards::StandardSource::Official,
        dry_run,
        now,
    )
    .await
}

/// The standards and the chosen one's KSBs, for the library page (admins).
pub async fn page(
    db: &Db,
    caller: &User,
    reference: Option<&str>,
) -> Result<flowline_core::model::LibraryView, AppError> {
    admin_only(caller)?;
    let standards = super::standards::list(db).await?;
    let chosen = reference
        .map(str::to_owned)
        .or_else(|| standards.first().map(|s| s.reference.clone()));
    let detail = match chosen {
        Some(r) => Some(super::standards::detail(db, &r).await?),
        None => None,
    };
    Ok(flowline_core::model::LibraryView { standards, detail })
}
