//! The ZIP a person downloads: every table that holds something about them, as JSON and as
//! CSV, their interaction log as the server graded it (read a page at a time, so years of
//! history still fit), and their progress as the app shows it. Secrets (password and token
//! hashes, signing keys) are never in it.

use crate::db::Db;
use crate::learning::{interactions::logged, progress};
use crate::store::{exports, interactions, users};
use flowline_core::error::AppError;
use flowline_core::view::projection::rfc3339;
use serde_json::{Map, Value};
use sqlx::{AnyConnection, Column, Row};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Interactions read and written at a time.
const PAGE: i64 = 1_000;

/// Columns that are never exported: they are secrets, not information about the person.
const SECRET: [&str; 4] = ["password_hash", "token_hash", "secret_seed", "archive"];

/// (file name, what it holds, SQL with the person's id as `$1`).
const TABLES: &[(&str, &str, &str)] = &[
    ("account", "Your account (name, e-mail, role, time zone, phone).", "SELECT * FROM users WHERE id = $1"),
    ("cohorts", "The cohorts you are in.", "SELECT m.*, c.name AS cohort_name FROM memberships m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1"),
    ("sessions", "Where you are signed in (no keys).", "SELECT * FROM sessions WHERE user_id = $1"),
    ("invitations", "Sign-in links made for you (no keys).", "SELECT created_by, created_at, expires_at, used_at FROM invitations WHERE user_id = $1"),
    ("competency", "Your mastery of each KSB as the engine keeps it.", "SELECT c.*, k.code AS ksb_code FROM competency c JOIN ksbs k ON k.id = c.ksb_id WHERE c.learner_id = $1 ORDER BY k.sort"),
    ("streak", "Your streak and freezes.", "SELECT * FROM streaks WHERE learner_id = $1"),
    ("observations", "Observed work signed off by a mentor (yours, or signed off by you).", "SELECT * FROM observations WHERE learner_id = $1 OR mentor_id = $1 ORDER BY occurred_at"),
    ("observation_ksbs", "The KSBs each observation covers.", "SELECT ok.* FROM observation_ksbs ok JOIN observations o ON o.id = ok.observation_id WHERE o.learner_id = $1 OR o.mentor_id = $1"),
    ("otj_training", "Off-the-job training you logged, and its decisions.", "SELECT * FROM otj_logs WHERE learner_id = $1 OR decided_by = $1 ORDER BY occurred_on"),
    ("coach_messages", "Your conversation with the coach.", "SELECT * FROM coach_messages WHERE learner_id = $1 ORDER BY created_at"),
    ("coach_questions_to_mentors", "Questions passed to a mentor, and their answers.", "SELECT * FROM coach_escalations WHERE learner_id = $1 OR answered_by = $1 ORDER BY created_at"),
    ("nudges", "Nudges sent to you, why, and whether you opened them.", "SELECT * FROM nudges WHERE learner_id = $1 ORDER BY created_at"),
    ("coach_settings", "Your nudge and WhatsApp settings.", "SELECT * FROM coach_prefs WHERE user_id = $1"),
    ("whatsapp_messages", "WhatsApp messages to and from you.", "SELECT * FROM whatsapp_messages WHERE user_id = $1 ORDER BY created_at"),
    ("evidence_shares", "Who you shared your evidence with, and until when.", "SELECT * FROM evidence_shares WHERE learner_id = $1 OR assessor_id = $1 ORDER BY created_at"),
    ("evidence_views", "Who looked at your evidence (or whose you looked at).", "SELECT * FROM evidence_views WHERE learner_id = $1 OR viewer_id = $1 ORDER BY viewed_at"),
    ("milestones", "Milestones you earned and their evidence.", "SELECT * FROM milestone_awards WHERE learner_id = $1"),
    ("credentials", "Badges issued to you as signed credentials.", "SELECT * FROM credentials WHERE learner_id = $1"),
    ("portfolios", "Portfolio PDFs issued of your evidence.", "SELECT * FROM portfolio_issues WHERE learner_id = $1 ORDER BY issued_at"),
];

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
    let total_rows = interactions::count_of(&mut conn, &person.id).await?;
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
            &person.id,
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

/// The rows of a query as JSON objects, secrets left out and times made readable.
async fn dump(conn: &mut AnyConnection, sql: &str, id: &str) -> Result<Vec<Value>, AppError> {
    let rows = sqlx::query(sql).bind(id).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let mut obj = Map::new();
            for (i, col) in row.columns().iter().enumerate() {
                let name = col.name();
                if SECRET.contains(&name) {
                    continue;
                }
                obj.insert(name.to_owned(), value_at(row, i, name));
            }
            Value::Object(obj)
        })
        .collect())
}

/// A column's value whatever its type on either backend.
fn value_at(row: &sqlx::any::AnyRow, i: usize, name: &str) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return match v {
            Some(ms) if name.ends_with("_at") => rfc3339(ms).map_or(Value::from(ms), Value::from),
            Some(n) => Value::from(n),
            None => Value::Null,
        };
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    Value::Null
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
