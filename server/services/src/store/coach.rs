//! The coach as stored: learners' threads, questions passed to mentors, nudges sent, and each
//! learner's nudge choices.

use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{EscalationStatus, MessageKind};
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub author: String,
    pub kind: MessageKind,
    pub body: String,
    pub content_id: Option<LessonId>,
    pub passage: Option<String>,
    pub escalation_id: Option<String>,
    pub nudge_id: Option<String>,
    pub channel: String,
    pub created_at: i64,
}

const MESSAGE_COLUMNS: &str = "id, learner_id, author, kind, body, content_id, passage, \
     escalation_id, nudge_id, channel, created_at";

pub async fn add_message(conn: &mut AnyConnection, m: &MessageRow) -> Result<(), AppError> {
    sqlx::query(&format!(
        "INSERT INTO coach_messages ({MESSAGE_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(&m.id)
    .bind(&m.learner_id)
    .bind(&m.author)
    .bind(m.kind)
    .bind(&m.body)
    .bind(&m.content_id)
    .bind(&m.passage)
    .bind(&m.escalation_id)
    .bind(&m.nudge_id)
    .bind(&m.channel)
    .bind(m.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A learner's latest `limit` messages, oldest first.
pub async fn thread(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    limit: i64,
) -> Result<Vec<MessageRow>, AppError> {
    let mut rows: Vec<MessageRow> = sqlx::query_as(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM coach_messages WHERE learner_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(learner_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.reverse();
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EscalationRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub learner_name: String,
    pub question: String,
    pub reason: String,
    pub context: String,
    pub ksb_codes: String,
    pub content_id: Option<LessonId>,
    pub lesson_title: Option<String>,
    pub status: EscalationStatus,
    pub answered_by: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
    pub created_at: i64,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub admins_alerted_at: Option<i64>,
}

const ESCALATION_COLUMNS: &str = "e.id, e.learner_id, u.display_name AS learner_name, \
     e.question, e.reason, e.context, e.ksb_codes, e.content_id, c.title AS lesson_title, \
     e.status, a.display_name AS answered_by, e.answer, e.answered_at, e.created_at, \
     k.display_name AS acknowledged_by, e.acknowledged_at, e.admins_alerted_at";

const ESCALATION_FROM: &str = "coach_escalations e JOIN users u ON u.id = e.learner_id \
     LEFT JOIN users a ON a.id = e.answered_by LEFT JOIN content c ON c.id = e.content_id \
     LEFT JOIN users k ON k.id = e.acknowledged_by";

pub struct NewEscalation<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub question: &'a str,
    pub reason: &'a str,
    pub context: &'a str,
    pub ksb_codes: &'a str,
    pub content_id: Option<&'a str>,
    pub now: i64,
}

pub async fn add_escalation(
    conn: &mut AnyConnection,
    e: &NewEscalation<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO coach_escalations (id, learner_id, question, reason, context, ksb_codes, \
         content_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id)
    .bind(e.learner_id)
    .bind(e.question)
    .bind(e.reason)
    .bind(e.context)
    .bind(e.ksb_codes)
    .bind(e.content_id)
    .bind(e.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn escalation(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<EscalationRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ESCALATION_COLUMNS} FROM {ESCALATION_FROM} WHERE e.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Questions from the learners of the cohorts `mentor_id` mentors (every learner's when
/// `mentor_id` is None, for admins): open ones first, oldest first, then the latest answered.
pub async fn inbox(
    conn: &mut AnyConnection,
    mentor_id: Option<&str>,
    limit: i64,
) -> Result<Vec<EscalationRow>, AppError> {
    let scope = if mentor_id.is_some() {
        "e.learner_id IN (SELECT l.user_id FROM memberships m JOIN memberships l \
         ON l.cohort_id = m.cohort_id AND l.role = 'learner' WHERE m.user_id = $1 AND m.role = 'mentor')"
    } else {
        "$1 = ''"
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {ESCALATION_COLUMNS} FROM {ESCALATION_FROM} WHERE {scope} \
         ORDER BY CASE WHEN e.status = 'open' THEN 0 ELSE 1 END, \
         CASE WHEN e.status = 'open' THEN e.created_at ELSE -e.answered_at END LIMIT $2"
    ))
    .bind(mentor_id.unwrap_or_default())
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Records a mentor's answer, once: false when the question was already answered.
pub async fn answer(
    conn: &mut AnyConnection,
    id: &str,
    mentor_id: &str,
    answer: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE coach_escalations SET status = 'answered', answered_by = $1, answer = $2, \
         answered_at = $3, acknowledged_by = COALESCE(acknowledged_by, $1), \
         acknowledged_at = COALESCE(acknowledged_at, $3) WHERE id = $4 AND status = 'open'",
    )
    .bind(mentor_id)
    .bind(answer)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Open questions of a learner.
pub async fn open_of(conn: &mut AnyConnection, learner_id: &LearnerId) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM coach_escalations WHERE learner_id = $1 AND status = 'open'",
    )
    .bind(learner_id)
    .fetch_one(conn)
    .await?)
}

/// Learners among `ids` with a question waiting for a mentor (the board's "asked for help").
pub async fn asking(
    conn: &mut AnyConnection,
    ids: &[LearnerId],
) -> Result<Vec<LearnerId>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT DISTINCT learner_id FROM coach_escalations WHERE status = 'open' AND learner_id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_scalar(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

/// A lesson as a thread card shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CardRow {
    pub id: LessonId,
    pub title: String,
    pub duration_s: i64,
    pub media_key: Option<String>,
    pub captions_key: Option<String>,
    pub poster_key: Option<String>,
}

pub async fn cards(conn: &mut AnyConnection, ids: &[LessonId]) -> Result<Vec<CardRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, title, duration_s, media_key, captions_key, poster_key FROM content \
         WHERE id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

/// (content id, KSB code, KSB text) of the lessons among `ids`, heaviest first.
pub async fn card_ksbs(
    conn: &mut AnyConnection,
    ids: &[LessonId],
) -> Result<Vec<(LessonId, String, String)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT ck.content_id, k.code, k.text FROM content_ksbs ck JOIN ksbs k ON k.id = ck.ksb_id \
         WHERE ck.content_id IN ({}) ORDER BY ck.content_id, ck.weight DESC, k.sort",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

/// The learner opened their thread: every nudge in it is seen.
pub async fn nudges_opened(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE nudges SET opened_at = $1 WHERE learner_id = $2 AND opened_at IS NULL")
        .bind(now)
        .bind(learner_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A mentor says they are on it: the first acknowledgement is kept. False when it was
/// already acknowledged.
pub async fn acknowledge(
    conn: &mut AnyConnection,
    id: &str,
    mentor_id: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE coach_escalations SET acknowledged_by = $1, acknowledged_at = $2 \
         WHERE id = $3 AND acknowledged_at IS NULL",
    )
    .bind(mentor_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Safety questions nobody acknowledged since before `before`, not yet sent to admins.
pub async fn unacknowledged_safety(
    conn: &mut AnyConnection,
    before: i64,
) -> Result<Vec<EscalationRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ESCALATION_COLUMNS} FROM {ESCALATION_FROM} WHERE e.reason = 'safety' \
         AND e.acknowledged_at IS NULL AND e.admins_alerted_at IS NULL AND e.created_at <= $1 \
         ORDER BY e.created_at"
    ))
    .bind(before)
    .fetch_all(conn)
    .await?)
}

/// Marks a safety question as sent to admins; false when another instance did it first.
pub async fn mark_admins_alerted(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE coach_escalations SET admins_alerted_at = $1 \
         WHERE id = $2 AND admins_alerted_at IS NULL AND acknowledged_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The (id, name, e-mail) of the active mentors of a learner's cohorts.
pub async fn mentors_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT u.id, u.display_name, u.email FROM memberships l \
         JOIN memberships m ON m.cohort_id = l.cohort_id AND m.role = 'mentor' \
         JOIN users u ON u.id = m.user_id \
         WHERE l.user_id = $1 AND l.role = 'learner' \
         AND u.deleted_at IS NULL AND u.deactivated_at IS NULL",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// How many questions a learner asked since `since` (any channel).
pub async fn questions_since(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    since: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM coach_messages WHERE learner_id = $1 AND kind = 'question' \
         AND created_at > $2",
    )
    .bind(learner_id)
    .bind(since)
    .fetch_one(conn)
    .await?)
}

/// The learner has seen their thread up to `now`.
pub async fn mark_read(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO coach_reads (learner_id, read_at) VALUES ($1, $2) \
         ON CONFLICT (learner_id) DO UPDATE SET read_at = excluded.read_at",
    )
    .bind(learner_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Mentors' answers and nudges that arrived since the learner last opened the thread.
pub async fn unread(conn: &mut AnyConnection, learner_id: &LearnerId) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM coach_messages WHERE learner_id = $1 \
         AND kind IN ('mentor_answer', 'nudge') \
         AND created_at > COALESCE((SELECT read_at FROM coach_reads WHERE learner_id = $1), 0)",
    )
    .bind(learner_id)
    .fetch_one(conn)
    .await?)
}
