//! Evidence from the job (`job_evidence`, its KSBs and files).

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub learner_name: String,
    pub client_id: String,
    pub caption: String,
    pub captured_at: i64,
    pub submitted_at: i64,
    pub status: String,
    pub reviewer: Option<String>,
    pub review_note: String,
    pub reviewed_at: Option<i64>,
    pub observation_id: Option<String>,
}

const SELECT: &str = "SELECT e.id, e.learner_id, l.display_name AS learner_name, e.client_id, \
     e.caption, e.captured_at, e.submitted_at, e.status, r.display_name AS reviewer, \
     e.review_note, e.reviewed_at, e.observation_id FROM job_evidence e \
     JOIN users l ON l.id = e.learner_id LEFT JOIN users r ON r.id = e.reviewer_id";

/// What a submission stores.
pub struct NewEvidence<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub client_id: &'a str,
    pub caption: &'a str,
    pub captured_at: i64,
    pub now: i64,
    pub ksb_ids: &'a [String],
    pub upload_ids: &'a [String],
}

/// Stores a submission; false (and nothing stored) when the learner already sent one with
/// the same `client_id`.
pub async fn insert(conn: &mut AnyConnection, e: &NewEvidence<'_>) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO job_evidence (id, learner_id, client_id, caption, captured_at, \
         submitted_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'submitted') \
         ON CONFLICT (learner_id, client_id) DO NOTHING",
    )
    .bind(e.id)
    .bind(e.learner_id)
    .bind(e.client_id)
    .bind(e.caption)
    .bind(e.captured_at)
    .bind(e.now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    put_parts(conn, e.id, e.ksb_ids, e.upload_ids).await?;
    Ok(true)
}

/// Replaces the KSBs and files of `id`.
async fn put_parts(
    conn: &mut AnyConnection,
    id: &str,
    ksb_ids: &[String],
    upload_ids: &[String],
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM job_evidence_ksbs WHERE evidence_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM job_evidence_files WHERE evidence_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for ksb in ksb_ids {
        sqlx::query("INSERT INTO job_evidence_ksbs (evidence_id, ksb_id) VALUES ($1, $2)")
            .bind(id)
            .bind(ksb)
            .execute(&mut *conn)
            .await?;
    }
    for (position, upload) in upload_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO job_evidence_files (evidence_id, position, upload_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(upload)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The learner changed evidence the mentor asked more of, and sends it again.
pub async fn resubmit(conn: &mut AnyConnection, e: &NewEvidence<'_>) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE job_evidence SET caption = $1, captured_at = $2, submitted_at = $3, \
         status = 'submitted' WHERE id = $4",
    )
    .bind(e.caption)
    .bind(e.captured_at)
    .bind(e.now)
    .bind(e.id)
    .execute(&mut *conn)
    .await?;
    put_parts(conn, e.id, e.ksb_ids, e.upload_ids).await
}

/// The mentor's answer.
pub async fn review(
    conn: &mut AnyConnection,
    id: &str,
    status: &str,
    reviewer_id: &str,
    note: &str,
    observation_id: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE job_evidence SET status = $1, reviewer_id = $2, review_note = $3, \
         reviewed_at = $4, observation_id = $5 WHERE id = $6",
    )
    .bind(status)
    .bind(reviewer_id)
    .bind(note)
    .bind(now)
    .bind(observation_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<EvidenceRow>, AppError> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn find_by_client(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    client_id: &str,
) -> Result<Option<EvidenceRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE e.learner_id = $1 AND e.client_id = $2"
    ))
    .bind(learner_id)
    .bind(client_id)
    .fetch_optional(conn)
    .await?)
}

/// A learner's evidence from the job, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<EvidenceRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE e.learner_id = $1 ORDER BY e.captured_at DESC, e.id"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Evidence waiting for `mentor_id` (from learners of the cohorts they mentor), oldest first.
pub async fn waiting_for(
    conn: &mut AnyConnection,
    mentor_id: &str,
) -> Result<Vec<EvidenceRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE e.status = 'submitted' AND l.deleted_at IS NULL AND e.learner_id IN \
         (SELECT l2.user_id FROM memberships m JOIN memberships l2 ON l2.cohort_id = m.cohort_id \
         AND l2.role = 'learner' WHERE m.user_id = $1 AND m.role = 'mentor') \
         ORDER BY e.submitted_at, e.id"
    ))
    .bind(mentor_id)
    .fetch_all(conn)
    .await?)
}

/// Evidence waiting for a mentor, per learner of `learner_ids`.
pub async fn waiting_counts(
    conn: &mut AnyConnection,
    learner_ids: &[LearnerId],
) -> Result<Vec<(LearnerId, i64)>, AppError> {
    if learner_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT learner_id, COUNT(*) FROM job_evidence WHERE status = 'submitted' \
         AND learner_id IN ({}) GROUP BY learner_id",
        super::params(1, learner_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in learner_ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

/// The KSB codes of each of `ids`: (evidence id, code), by the standard's order.
pub async fn codes_of(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<(String, String)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ek.evidence_id, k.code FROM job_evidence_ksbs ek JOIN ksbs k ON k.id = ek.ksb_id \
         WHERE ek.evidence_id IN ({}) ORDER BY ek.evidence_id, k.sort",
        super::params(1, ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(conn).await?)
}

/// The KSB ids of one piece of evidence, sorted.
pub async fn ksb_ids_of(conn: &mut AnyConnection, id: &str) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT ksb_id FROM job_evidence_ksbs WHERE evidence_id = $1 ORDER BY ksb_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}
