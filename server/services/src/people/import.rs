//! Importing people: rows (from a CSV streamed in, or from TalentLMS) checked one at a time,
//! then written in one transaction: new accounts without a password, cohort memberships,
//! and a one-time sign-in link for each new person. Matched by e-mail, so importing the same
//! file again changes nothing. A preview writes nothing; "all" writes nothing when any row
//! is bad; "good rows" leaves the bad ones out.

use super::invitations::{self, NO_PASSWORD_YET};
use super::rows::PersonIn;
use crate::admin::require_admin;
use crate::db::Db;
use crate::new_id;
use crate::store::cohorts;
use crate::store::users::{self, User};
use flowline_core::domain::CohortId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{ColumnMapping, ImportMode, PeopleReport, RowProblem, SampleRow};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Transaction};
use std::collections::{HashMap, HashSet};

/// Problems listed in a report (all are counted).
pub const MAX_PROBLEMS: usize = 200;
/// Rows shown as a sample.
pub const SAMPLE_ROWS: usize = 10;

enum Conn {
    Read(PoolConnection<Any>),
    Write(Transaction<'static, Any>),
}

impl Conn {
    fn c(&mut self) -> &mut AnyConnection {
        match self {
            Conn::Read(c) => c,
            Conn::Write(t) => t,
        }
    }
}

/// One import under way.
pub struct Run {
    conn: Conn,
    admin_id: String,
    site: String,
    now: i64,
    /// Cohort names (lowercase) → ids (more than one: the name is ambiguous).
    cohorts: HashMap<String, Vec<CohortId>>,
    /// E-mails met so far in this file.
    seen: HashSet<String>,
    pub report: PeopleReport,
}

impl Run {
    /// Starts an import for `admin` (a write transaction unless previewing).
    pub async fn start(
        db: &Db,
        admin: &User,
        mode: ImportMode,
        source: &str,
        site: &str,
        now: i64,
    ) -> Result<Run, AppError> {
        require_admin(admin)?;
        let mut conn = match mode {
            ImportMode::Preview => Conn::Read(db.pool.acquire().await?),
            _ => Conn::Write(db.begin_write().await?),
        };
        let mut by_name: HashMap<String, Vec<CohortId>> = HashMap::new();
        for (id, name) in cohorts::names(conn.c()).await? {
            by_name
                .entry(name.trim().to_lowercase())
                .or_default()
                .push(id);
        }
        Ok(Run {
            conn,
            admin_id: admin.id.clone(),
            site: site.to_owned(),
            now,
            cohorts: by_name,
            seen: HashSet::new(),
            report: PeopleReport {
                mode,
                source: source.to_owned(),
                columns: Vec::new(),
                mapping: ColumnMapping::default(),
                rows: 0,
                good_rows: 0,
                bad_rows: 0,
                problems: Vec::new(),
                sample: Vec::new(),
                new_people: 0,
                updated_people: 0,
                unchanged: 0,
                written: false,
                invitations: Vec::new(),
                invitations_total: 0,
            },
        })
    }

    fn bad(&mut self, p: RowProblem) {
        self.report.bad_rows += 1;
        if self.report.problems.len() < MAX_PROBLEMS {
            self.report.problems.push(p);
        }
    }

    /// Takes one row: counts it, and (unless previewing) writes it.
    pub async fn row(&mut self, row: Result<PersonIn, RowProblem>) -> Result<(), AppError> {
        self.report.rows += 1;
        let p = match row {
            Ok(p) => p,
            Err(problem) => {
                self.bad(problem);
                return Ok(());
            }
        };
        match self.check(&p).await? {
            Ok((existing, cohort_ids)) => {
                self.report.good_rows += 1;
                self.apply(&p, existing, cohort_ids).await
            }
            Err(problem) => {
                self.bad(problem);
                Ok(())
            }
        }
    }

    /// The person's account (if any) and cohorts, or why the row cannot go in.
    async fn check(
        &mut self,
        p: &PersonIn,
    ) -> Result<Result<(Option<User>, Vec<CohortId>), RowProblem>, AppError> {
        let problem = |field: &str, message: String| RowProblem {
            line: p.line,
            field: field.to_owned(),
            message,
        };
        if !self.seen.insert(p.email.clone()) {
            return Ok(Err(problem(
                "email",
                format!("{} is in the file twice; keep one row per person.", p.email),
            )));
        }
        let mut ids = Vec::new();
        for name in &p.cohorts {
            match self.cohorts.get(&name.to_lowercase()).map(Vec::as_slice) {
                Some([id]) => ids.push(id.clone()),
                Some(_) => {
                    return Ok(Err(problem(
                        "cohort",
                        format!("More than one cohort is called “{name}”: rename one first."),
                    )))
                }
                None => {
                    return Ok(Err(problem(
                        "cohort",
                        format!("There is no cohort called “{name}”: create it on Cohorts first."),
                    )))
                }
            }
        }
        if p.role == Role::Learner && ids.len() > 1 {
            return Ok(Err(problem(
                "cohort",
                "A learner learns in one cohort at a time: give them one.".to_owned(),
            )));
        }
        let existing = users::find_by_email(self.conn.c(), &p.email).await?;
        if let Some(u) = &existing {
            if u.role != p.role {
                return Ok(Err(problem(
                    "role",
                    format!(
                        "{} already has an account here as {}: change it on People if that is wrong.",
                        p.email,
                        u.role.label()
                    ),
                )));
            }
            if u.role == Role::Learner && !ids.is_empty() {
                let current = cohorts::enrolment(self.conn.c(), &u.learner_id()).await?;
                if current.is_some_and(|e| e.cohort_id != ids[0]) {
                    return Ok(Err(problem(
                        "cohort",
                        format!("{} already learns in another cohort.", p.email),
                    )));
                }
            }
        }
        Ok(Ok((existing, ids)))
    }

    async fn apply(
        &mut self,
        p: &PersonIn,
        existing: Option<User>,
        cohort_ids: Vec<CohortId>,
    ) -> Result<(), AppError> {
        let writing = matches!(self.conn, Conn::Write(_));
        let mut missing = Vec::new();
        if let Some(u) = &existing {
            for id in &cohort_ids {
                if !cohorts::has_member(self.conn.c(), id, &u.id, p.role).await? {
                    missing.push(id.clone());
                }
            }
        } else {
            missing = cohort_ids.clone();
        }
        let outcome = match (&existing, missing.is_empty()) {
            (None, _) => "new",
            (Some(_), false) => "update",
            (Some(_), true) => "unchanged",
        };
        match outcome {
            "new" => self.report.new_people += 1,
            "update" => self.report.updated_people += 1,
            _ => self.report.unchanged += 1,
        }
        if self.report.sample.len() < SAMPLE_ROWS {
            self.report.sample.push(SampleRow {
                line: p.line,
                email: p.email.clone(),
                display_name: p.display_name.clone(),
                role: p.role.as_str().to_owned(),
                cohort: p.cohorts.first().cloned(),
                outcome: outcome.to_owned(),
            });
        }
        if !writing {
            return Ok(());
        }
        let user_id = match &existing {
            Some(u) => u.id.clone(),
            None => {
                let id = new_id();
                let invited = users::Invited {
                    id: &id,
                    email: &p.email,
                    display_name: &p.display_name,
                    password_hash: NO_PASSWORD_YET,
                    role: p.role,
                    now: self.now,
                };
                users::insert_invited(self.conn.c(), &invited).await?;
                let link = invitations::issue(
                    self.conn.c(),
                    &self.site,
                    (&id, &p.email, &p.display_name),
                    &self.admin_id,
                    self.now,
                )
                .await?;
                self.report.invitations_total += 1;
                self.report.invitations.push(link);
                id
            }
        };
        for id in missing {
            cohorts::add_member(self.conn.c(), &id, &user_id, p.role, self.now).await?;
        }
        Ok(())
    }

    /// Ends the import: commits what it wrote, unless it was "all" and a row was bad.
    pub async fn finish(mut self) -> Result<PeopleReport, AppError> {
        let mode = self.report.mode;
        if let Conn::Write(tx) = self.conn {
            if mode == ImportMode::All && self.report.bad_rows > 0 {
                tx.rollback().await?;
                self.report.invitations.clear();
                self.report.invitations_total = 0;
            } else {
                tx.commit().await?;
                self.report.written = true;
                tracing::info!(
                    admin = %self.admin_id,
                    new = self.report.new_people,
                    updated = self.report.updated_people,
                    "people imported"
                );
            }
        }
        Ok(self.report)
    }
}
