//! The ZIP a person downloads: every table that holds something about them, as JSON and as
//! CSV, their interaction log as the server graded it (read a page at a time, so years of
//! history still fit), and their progress as the app shows it. Secrets (password and token
//! hashes, signing keys) are never in it.

use crate::db::Db;
use crate::learning::{interactions::logged, progress};
use crate::store::person_data::{dump, TABLES};
use crate::store::{exports, interactions, users};
use flowline_core::error::AppError;
use serde_json::Value;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Interactions read and written at a time.
const PAGE: i64 = 1_000;

/// Builds the ZIP of export `export_id`, recording progress as it goes; `None` when the
/// export (or its person) is gone.
pub async fn build(db: &Db, export_id: &str, now: i64) -> Result<Option<Vec<u8>>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let Some(export) = exports::get(&mut conn, export_id).await? else {
        return Ok(None);
    };
    let Some(person) = users::find_by_id(&mut conn, &export.user_id).await? else {
        return Ok(None);
    };
    let total_rows = interactions::count_of(&mut conn, &person.learner_id()).await?;
    // One step per table, one per page of interactions, one for progress.
    let steps = (TABLES.len() as f64) + 1.0 + ((total_rows + PAGE - 1) / PAGE) as f64;
    let mut done = 0.0;
    let mut zip = Zip::new();
    zip.add("README.txt", readme(&person.display_name).into_bytes())?;

    for (name, _, sql) in TABLES {
        let rows = dump(&mut conn, sql, &person.id).await?;
        zip.add(&format!("{name}.json"), pretty(&Value::Array(rows.clone())))?;
        zip.add(&format!("{name}.csv"), csv_of(&rows)?)?;
        done += 1.0;
        exports::set_progress(&mut conn, export_id, done / steps).await?;
    }

    // The log, as `GET /api/v1/interactions` lists it: a page at a time into both files.
    let mut json = b"[".to_vec();
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record([
        "id",
        "kind",
        "content_id",
        "content_version",
        "occurred_at",
        "received_at",
        "time_spent_s",
        "answers",
        "rating",
        "device",
    ])
    .map_err(write_error)?;
    let mut after: Option<(i64, String)> = None;
    let mut first = true;
    loop {
        let page = interactions::page_of(
            &mut conn,
            &person.learner_id(),
            after.as_ref().map(|(t, id)| (*t, id.as_str())),
            PAGE,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.occurred_at, last.id.clone()));
        for item in page.into_iter().filter_map(logged) {
            if !first {
                json.push(b',');
            }
            first = false;
            json.extend(serde_json::to_vec(&item).map_err(write_error)?);
            let answers = serde_json::to_string(&item.answers).map_err(write_error)?;
            csv.write_record([
                item.id.as_str(),
                item.kind.as_str(),
                &item.content_id,
                &item.content_version.to_string(),
                &item.occurred_at,
                &item.received_at,
                &item.time_spent_s.to_string(),
                &answers,
                item.rating.map_or("", |r| r.as_str()),
                item.device.as_deref().unwrap_or(""),
            ])
            .map_err(write_error)?;
        }
        done += 1.0;
        exports::set_progress(&mut conn, export_id, done / steps).await?;
    }
    json.push(b']');
    zip.add("interactions.json", json)?;
    zip.add("interactions.csv", csv.into_inner().map_err(write_error)?)?;

    if person.role == flowline_core::domain::Role::Learner {
        drop(conn);
        match progress::progress(db, &person, now).await {
            Ok(p) => zip.add(
                "progress.json",
                pretty(&serde_json::to_value(&p).map_err(write_error)?),
            )?,
            // Not enrolled on a standard: there is no progress to show.
            Err(e) if e.code == flowline_core::error::ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    zip.finish().map(Some)
}

fn readme(name: &str) -> String {
    let mut out = format!(
        "Everything Flowline holds about {name}, as of this export.\n\n\
         Each part comes twice: as JSON (for programs) and as CSV (for spreadsheets).\n\
         Times ending in _at are UTC (RFC 3339 dates).\n\n\
         interactions: every lesson you watched, skipped or rated and every quick-check answer, \
         as the server graded it.\n\
         progress.json: your progress as the app shows it (mastery per KSB, streak, pace, badges).\n"
    );
    for (file, what, _) in TABLES {
        out.push_str(&format!("{file}: {what}\n"));
    }
    out
}

fn pretty(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_default()
}

/// Objects with the same keys as CSV: one header, one line each; nested values as JSON.
fn csv_of(rows: &[Value]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let Some(Value::Object(first)) = rows.first() else {
        return Ok(Vec::new());
    };
    let header: Vec<&String> = first.keys().collect();
    w.write_record(&header).map_err(write_error)?;
    for row in rows {
        let cells = header.iter().map(|k| match row.get(k.as_str()) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        });
        w.write_record(cells).map_err(write_error)?;
    }
    w.into_inner().map_err(write_error)
}

fn write_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("data export could not be written: {e}"))
}

/// A ZIP in memory, each file deflated.
struct Zip(zip::ZipWriter<std::io::Cursor<Vec<u8>>>);

impl Zip {
    fn new() -> Self {
        Self(zip::ZipWriter::new(std::io::Cursor::new(Vec::new())))
    }

    fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), AppError> {
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.0.start_file(name, options).map_err(write_error)?;
        self.0.write_all(&bytes).map_err(write_error)
    }

    fn finish(self) -> Result<Vec<u8>, AppError> {
        Ok(self.0.finish().map_err(write_error)?.into_inner())
    }
}
