//! The interaction log: append-only, the audit trail every derived state is rebuilt from.

use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{InteractionKind, Rating};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// The columns every read of the log selects, in [`Row`]'s order.
const COLUMNS: &str = "id, learner_id, content_id, content_version, kind, occurred_at, \
                       received_at, time_spent_s, answers, rating, device";

/// One graded answer as logged (the server's grading, not the client's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedAnswer {
    pub question_id: String,
    pub response: i64,
    pub correct: bool,
}

/// A row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: String,
    pub learner_id: LearnerId,
    pub content_id: LessonId,
    pub content_version: i64,
    pub kind: InteractionKind,
    pub occurred_at: i64,
    pub received_at: i64,
    pub time_spent_s: f64,
    pub answers: Vec<LoggedAnswer>,
    /// The learner's verdict, on a `rated` row only.
    pub rating: Option<Rating>,
    pub device: Option<String>,
}

/// Whose interaction an id already is, if anyone's.
pub async fn owner(conn: &mut AnyConnection, id: &str) -> Result<Option<LearnerId>, AppError> {
    sqlx::query_scalar("SELECT learner_id FROM interactions WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// Appends one row. Returns false when the id is already in the log (a re-send).
pub async fn append(conn: &mut AnyConnection, i: &Interaction) -> Result<bool, AppError> {
    let answers = serde_json::to_string(&i.answers).map_err(AppError::internal)?;
    let done = sqlx::query(
        "INSERT INTO interactions (id, learner_id, content_id, content_version, kind, occurred_at, \
         received_at, time_spent_s, answers, rating, device) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&i.id)
    .bind(&i.learner_id)
    .bind(&i.content_id)
    .bind(i.content_version)
    .bind(i.kind.as_str())
    .bind(i.occurred_at)
    .bind(i.received_at)
    .bind(i.time_spent_s)
    .bind(answers)
    .bind(i.rating.map(Rating::as_str))
    .bind(&i.device)
    .execute(conn)
    .await
    ?;
    Ok(done.rows_affected() == 1)
}

/// A log row as stored; [`Interaction`] is what it means.
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    learner_id: LearnerId,
    content_id: LessonId,
    content_version: i64,
    kind: String,
    occurred_at: i64,
    received_at: i64,
    time_spent_s: f64,
    answers: String,
    rating: Option<String>,
    device: Option<String>,
}

impl TryFrom<Row> for Interaction {
    type Error = AppError;

    /// A row that does not parse is an error (logged with its id), never skipped: the log
    /// is the evidence, and a replay without one of its rows would be a different story.
    fn try_from(r: Row) -> Result<Self, AppError> {
        let unreadable = |what: &str| {
            AppError::internal(format!(
                "unreadable row in the interaction log (interaction {}, what {what})",
                r.id
            ))
        };
        let kind = InteractionKind::parse(&r.kind).ok_or_else(|| unreadable("kind"))?;
        let answers = serde_json::from_str(&r.answers).map_err(|_| unreadable("answers"))?;
        let rating = match r.rating.as_deref() {
            None => None,
            Some(v) => Some(Rating::parse(v).ok_or_else(|| unreadable("rating"))?),
        };
        Ok(Interaction {
            id: r.id,
            learner_id: r.learner_id,
            content_id: r.content_id,
            content_version: r.content_version,
            kind,
            occurred_at: r.occurred_at,
            received_at: r.received_at,
            time_spent_s: r.time_spent_s,
            answers,
            rating,
            device: r.device,
        })
    }
}

/// A learner's whole log in replay order (time, then id).
pub async fn for_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Interaction>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM interactions WHERE learner_id = $1 ORDER BY occurred_at, id"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(learner_id)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Interaction::try_from).collect()
}

/// One page of a learner's log in replay order, after `after` (time, id): a long history is
/// read a page at a time.
pub async fn page_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    after: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<Interaction>, AppError> {
    let (t, id) = after.unwrap_or((i64::MIN, ""));
    let sql = format!(
        "SELECT {COLUMNS} FROM interactions WHERE learner_id = $1 \
         AND (occurred_at > $2 OR (occurred_at = $2 AND id > $3)) \
         ORDER BY occurred_at, id LIMIT $4"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(learner_id)
        .bind(t)
        .bind(id)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Interaction::try_from).collect()
}

/// How many interactions a learner has.
pub async fn count_of(conn: &mut AnyConnection, learner_id: &LearnerId) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM interactions WHERE learner_id = $1")
            .bind(learner_id)
            .fetch_one(conn)
            .await?,
    )
}

/// The interactions with these ids (any order; unknown ids are left out).
pub async fn by_ids(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<Interaction>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM interactions WHERE id IN ({})",
        super::params(1, ids.len())
    );
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    let rows = q.fetch_all(conn).await?;
    rows.into_iter().map(Interaction::try_from).collect()
}

/// A learner's latest `limit` interactions, newest first.
pub async fn recent(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    limit: usize,
) -> Result<Vec<Interaction>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM interactions WHERE learner_id = $1 \
         ORDER BY occurred_at DESC, id DESC LIMIT $2"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(learner_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Interaction::try_from).collect()
}

/// Every learner with anything in the log or any observation (for `flowline recompute`).
pub async fn learners(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    sqlx::query_scalar(
        "SELECT learner_id FROM interactions UNION SELECT learner_id FROM observations \
         ORDER BY 1",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}
