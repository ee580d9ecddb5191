//! People from the provider's TalentLMS, behind the same import as a CSV: the API's users
//! and groups (read by [`api`]) become rows with a CSV export's columns. A group becomes the
//! cohort of the same name; the user type becomes the role.

pub mod api;

use super::import::Run;
use super::rows::{self, PersonIn};
use crate::db::Db;
use crate::store::users::User;
pub use api::TalentLms;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{ColumnMapping, ImportMode, PeopleReport};

/// The columns a TalentLMS user becomes, so its rows are read exactly as a CSV export's.
const HEADERS: [&str; 5] = ["Email", "Firstname", "Lastname", "User-type", "Group"];

/// Imports (or previews) the people of the provider's TalentLMS.
pub async fn import(
    db: &Db,
    admin: &User,
    lms: Option<&TalentLms>,
    mode: ImportMode,
    site: &str,
    now: i64,
) -> Result<PeopleReport, AppError> {
    crate::admin::require_admin(admin)?;
    let lms = lms.ok_or_else(|| {
        AppError::new(
            ErrorCode::Conflict,
            "TalentLMS is not connected: set FLOWLINE_TALENTLMS_URL and \
             FLOWLINE_TALENTLMS_API_KEY, or import a CSV export instead.",
        )
    })?;
    // Everything is fetched before anything is written.
    let people = lms.people().await?;
    let mut headers: Vec<String> = HEADERS.iter().map(|h| (*h).to_owned()).collect();
    let most_groups = people.iter().map(|(_, g)| g.len()).max().unwrap_or(0);
    for _ in 1..most_groups {
        headers.push("Group".into());
    }
    let (mapping, columns) = rows::resolve(&headers, &ColumnMapping::default())
        .map_err(|e| AppError::internal(format!("TalentLMS columns did not map: {e:?}")))?;
    let mut run = Run::start(db, admin, mode, "talentlms", site, now).await?;
    run.report.columns = headers;
    run.report.mapping = mapping;
    for (n, (u, groups)) in people.into_iter().enumerate() {
        let mut cells = vec![u.email, u.first_name, u.last_name, u.user_type];
        cells.extend(groups);
        let row: Result<PersonIn, _> = rows::person(n as u64 + 2, &cells, &columns);
        run.row(row).await?;
    }
    run.finish().await
}
