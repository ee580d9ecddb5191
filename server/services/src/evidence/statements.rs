//! `GET /api/v1/learners/{id}/statements`: a learner's evidence as xAPI statements, oldest
//! stored first, in pages. For whoever [`access`] lets read the learner's evidence.

use super::access::{self, Look};
use super::xapi::{self, LessonFacts};
use crate::db::Db;
use crate::store::observations::{self, Stored};
use crate::store::users::User;
use crate::store::{evidence as store, interactions};
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use serde_json::Value;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Statements in one page at most.
pub const MAX_PAGE: usize = 500;

/// One page: xAPI's StatementResult (`more` is empty on the last page).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StatementPage {
    #[schema(value_type = Vec<Object>)]
    pub statements: Vec<Value>,
    pub more: String,
}

/// Which page: statements stored at or after `since` (ms), after the cursor `after`.
#[derive(Debug, Clone, Default)]
pub struct PageAsk {
    pub since: Option<i64>,
    /// (stored ms, statement id) of the last statement of the page before.
    pub after: Option<(i64, String)>,
    pub limit: usize,
}

/// Every statement of a learner's evidence, ordered by (stored, id).
pub async fn all_of(
    conn: &mut AnyConnection,
    site: &str,
    learner_id: &LearnerId,
) -> Result<Vec<(i64, String, Value)>, AppError> {
    let lessons: HashMap<LessonId, LessonFacts> = store::lessons_of_learner(&mut *conn, learner_id)
        .await?
        .into_iter()
        .map(|l| (l.id.clone(), l))
        .collect();
    let mut out = Vec::new();
    for i in interactions::for_learner(&mut *conn, learner_id).await? {
        let Some(lesson) = lessons.get(&i.content_id) else {
            tracing::warn!(interaction = %i.id, "interaction of an unknown lesson: no statement");
            continue;
        };
        let id = xapi::statement_id("interaction", &i.id);
        out.push((i.received_at, id, xapi::interaction(site, &i, lesson)));
    }
    let observed = store::observed_codes(&mut *conn, learner_id).await?;
    for o in observations::stored_of_learner(&mut *conn, learner_id).await? {
        let (standard, codes) = observed.get(&o.id).cloned().unwrap_or_default();
        out.push(observation_row(site, &o, &standard, &codes));
    }
    let standard = crate::store::cohorts::enrolment(&mut *conn, learner_id)
        .await?
        .map(|e| e.reference)
        .unwrap_or_default();
    for t in crate::store::otj::approved_of_learner(&mut *conn, learner_id).await? {
        out.push((
            t.decided_at,
            xapi::statement_id("training", &t.id),
            xapi::training(site, &t, &standard),
        ));
    }
    for c in crate::store::employers::confirmations_of(&mut *conn, learner_id).await? {
        out.push((
            c.confirmed_at,
            xapi::statement_id("confirmation", &c.id),
            xapi::confirmation(site, &c, &standard),
        ));
    }
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(out)
}

fn observation_row(
    site: &str,
    o: &Stored,
    standard: &str,
    codes: &[String],
) -> (i64, String, Value) {
    (
        o.created_at,
        xapi::statement_id("observation", &o.id),
        xapi::observation(site, o, standard, codes),
    )
}

/// A page of the learner's statements, for a caller allowed to read them.
#[tracing::instrument(skip(db, caller, site), fields(caller = %caller.id))]
pub async fn page(
    db: &Db,
    caller: &User,
    site: &str,
    learner_id: &LearnerId,
    ask: PageAsk,
    now: i64,
) -> Result<StatementPage, AppError> {
    let mut conn = db.pool.acquire().await?;
    access::open(&mut conn, caller, learner_id, Look::Statements, now).await?;
    let limit = ask.limit.clamp(1, MAX_PAGE);
    let rows: Vec<_> = all_of(&mut conn, site, learner_id)
        .await?
        .into_iter()
        .filter(|(stored, _, _)| ask.since.is_none_or(|s| *stored >= s))
        .filter(|(stored, id, _)| {
            ask.after
                .as_ref()
                .is_none_or(|(at, last)| (*stored, id) > (*at, last))
        })
        .take(limit + 1)
        .collect();
    let more = if rows.len() > limit {
        let (stored, id, _) = &rows[limit - 1];
        let mut url =
            format!("/api/v1/learners/{learner_id}/statements?limit={limit}&after={stored}:{id}");
        if let Some(s) = ask.since {
            url.push_str(&format!(
                "&since={}",
                flowline_core::view::projection::rfc3339(s).unwrap_or_default()
            ));
        }
        url
    } else {
        String::new()
    };
    Ok(StatementPage {
        statements: rows.into_iter().take(limit).map(|(_, _, s)| s).collect(),
        more,
    })
}
