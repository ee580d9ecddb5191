//! People from an LMS: a CSV export read as it streams in (TalentLMS's columns known, any
//! other mapped by hand) or TalentLMS's API, through one import with a dry run first, and
//! the one-time sign-in links new people get instead of passwords.

pub mod import;
pub mod invitations;
pub mod rows;
pub mod talentlms;

use crate::db::Db;
use crate::store::users::User;
use flowline_core::error::AppError;
use flowline_core::model::{ColumnMapping, ImportMode, PeopleReport, RowProblem};
use futures_util::StreamExt;
use import::Run;

/// Imports (or previews) people from a CSV read from `body` as it arrives: only one row is
/// in memory at a time, whatever the file's size.
pub async fn import_csv<R>(
    db: &Db,
    admin: &User,
    mode: ImportMode,
    mapping: &ColumnMapping,
    body: R,
    site: &str,
    now: i64,
) -> Result<PeopleReport, AppError>
where
    R: tokio::io::AsyncRead + Unpin + Send,
{
    let mut reader = csv_async::AsyncReaderBuilder::new()
        .flexible(true)
        .trim(csv_async::Trim::None)
        .create_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .await
        .map_err(|e| unreadable(&e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(AppError::invalid(
            "file",
            "The file is empty: export the users from your LMS as CSV, with the header row.",
        ));
    }
    let (resolved, columns) = rows::resolve(&headers, mapping)
        .map_err(|(field, message)| AppError::invalid(&field, message))?;
    let mut run = Run::start(db, admin, mode, "csv", site, now).await?;
    run.report.columns = headers;
    run.report.mapping = resolved;
    let mut records = reader.into_records();
    let mut line = 1u64;
    while let Some(record) = records.next().await {
        line += 1;
        let row = match record {
            Err(e) if matches!(e.kind(), csv_async::ErrorKind::Io(_)) => {
                return Err(AppError::bad_request(format!(
                    "The upload broke off ({e}); nothing was imported."
                )));
            }
            Ok(r) => {
                let cells: Vec<String> = r.iter().map(str::to_owned).collect();
                rows::person(line, &cells, &columns)
            }
            // A row that is not CSV (an unclosed quote, bytes that are not UTF-8) is a bad
            // row like any other; reading goes on after it.
            Err(e) => Err(RowProblem {
                line,
                field: "row".into(),
                message: format!("Not readable as CSV: {e}."),
            }),
        };
        run.row(row).await?;
    }
    if run.report.rows == 0 {
        return Err(AppError::invalid(
            "file",
            "The file has a header row but no people in it.",
        ));
    }
    run.finish().await
}

fn unreadable(e: &csv_async::Error) -> AppError {
    AppError::invalid("file", format!("The file is not readable as CSV: {e}."))
}
