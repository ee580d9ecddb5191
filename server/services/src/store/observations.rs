//! Mentor sign-offs: evidence of observed work, replayed with the learner's answers.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

pub struct NewObservation<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub mentor_id: &'a str,
    pub notes: &'a str,
    pub occurred_at: i64,
    pub created_at: i64,
    pub duration_min: i64,
    pub ksb_ids: &'a [String],
}

/// Stores a sign-off and the KSBs it covers (inside the caller's transaction).
pub async fn insert(conn: &mut AnyConnection, o: &NewObservation<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO observations (id, learner_id, mentor_id, notes, occurred_at, created_at, \
         duration_min) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(o.id)
    .bind(o.learner_id)
    .bind(o.mentor_id)
    .bind(o.notes)
    .bind(o.occurred_at)
    .bind(o.created_at)
    .bind(o.duration_min)
    .execute(&mut *conn)
    .await?;
    for ksb in o.ksb_ids {
        sqlx::query("INSERT INTO observation_ksbs (observation_id, ksb_id) VALUES ($1, $2)")
            .bind(o.id)
            .bind(ksb)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether `mentor_id` mentors a cohort `learner_id` learns in.
pub async fn mentors(
    conn: &mut AnyConnection,
    mentor_id: &str,
    learner_id: &LearnerId,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN memberships l ON l.cohort_id = m.cohort_id \
         WHERE m.user_id = $1 AND m.role = 'mentor' AND l.user_id = $2 AND l.role = 'learner'",
    )
    .bind(mentor_id)
    .bind(learner_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The learners of the cohorts `mentor_id` mentors: (id, name, cohort, standard id, reference).
pub async fn learners_of(
    conn: &mut AnyConnection,
    mentor_id: &str,
) -> Result<Vec<(String, String, String, String, String)>, AppError> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, c.name, c.standard_id, s.reference \
         FROM memberships m JOIN memberships l ON l.cohort_id = m.cohort_id AND l.role = 'learner' \
         JOIN users u ON u.id = l.user_id JOIN cohorts c ON c.id = m.cohort_id \
         JOIN standards s ON s.id = c.standard_id \
         WHERE m.user_id = $1 AND m.role = 'mentor' ORDER BY u.display_name, c.name",
    )
    .bind(mentor_id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// A sign-off as the drilldown lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOff {
    pub id: String,
    pub mentor: String,
    pub notes: String,
    pub occurred_at: i64,
    pub duration_min: i64,
    pub ksb_codes: Vec<String>,
    pub files: Vec<StoredFile>,
}

/// A learner's sign-offs, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<SignOff>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        mentor: String,
        notes: String,
        occurred_at: i64,
        duration_min: i64,
        code: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, u.display_name AS mentor, o.notes, o.occurred_at, o.duration_min, k.code \
         FROM observations o \
         JOIN users u ON u.id = o.mentor_id JOIN observation_ksbs ok ON ok.observation_id = o.id \
         JOIN ksbs k ON k.id = ok.ksb_id WHERE o.learner_id = $1 \
         ORDER BY o.occurred_at DESC, o.id, k.sort",
    )
    .bind(learner_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<SignOff> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last) if last.id == r.id => last.ksb_codes.push(r.code),
            _ => out.push(SignOff {
                id: r.id,
                mentor: r.mentor,
                notes: r.notes,
                occurred_at: r.occurred_at,
                duration_min: r.duration_min,
                ksb_codes: vec![r.code],
                files: Vec::new(),
            }),
        }
    }
    let ids: Vec<String> = out.iter().map(|o| o.id.clone()).collect();
    for f in crate::store::uploads::of_observations(&mut *conn, &ids).await? {
        if let Some(o) = out.iter_mut().find(|o| o.id == f.owner) {
            o.files.push(f.into());
        }
    }
    Ok(out)
}

/// A sign-off as stored (ids only), for the evidence chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: String,
    pub learner_id: LearnerId,
    pub mentor_id: String,
    pub notes: String,
    pub occurred_at: i64,
    pub created_at: i64,
    /// Minutes of observed practice (0: none recorded).
    pub duration_min: i64,
    /// Sorted.
    pub ksb_ids: Vec<String>,
    /// Photos, a video or a voice note of the work, in order.
    pub files: Vec<StoredFile>,
}

/// A file a sign-off carries, as the evidence chain holds it: its bytes by hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub upload_id: String,
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
}

impl From<&crate::store::uploads::UploadRow> for StoredFile {
    fn from(u: &crate::store::uploads::UploadRow) -> Self {
        Self {
            upload_id: u.id.clone(),
            sha256: u.sha256.clone(),
            content_type: u.content_type.clone(),
            size: u.size,
        }
    }
}

impl From<crate::store::uploads::FileRow> for StoredFile {
    fn from(f: crate::store::uploads::FileRow) -> Self {
        Self {
            upload_id: f.upload_id,
            sha256: f.sha256,
            content_type: f.content_type,
            size: f.size,
        }
    }
}

/// A learner's sign-offs as stored, by id.
pub async fn stored_of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Stored>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        learner_id: LearnerId,
        mentor_id: String,
        notes: String,
        occurred_at: i64,
        created_at: i64,
        duration_min: i64,
        ksb_id: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, o.learner_id, o.mentor_id, o.notes, o.occurred_at, o.created_at, \
         o.duration_min, ok.ksb_id \
         FROM observations o LEFT JOIN observation_ksbs ok ON ok.observation_id = o.id \
         WHERE o.learner_id = $1 ORDER BY o.id, ok.ksb_id",
    )
    .bind(learner_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<Stored> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|last| last.id != r.id) {
            out.push(Stored {
                id: r.id,
                learner_id: r.learner_id,
                mentor_id: r.mentor_id,
                notes: r.notes,
                occurred_at: r.occurred_at,
                created_at: r.created_at,
                duration_min: r.duration_min,
                ksb_ids: Vec::new(),
                files: Vec::new(),
            });
        }
        if let (Some(last), Some(k)) = (out.last_mut(), r.ksb_id) {
            last.ksb_ids.push(k);
        }
    }
    let ids: Vec<String> = out.iter().map(|o| o.id.clone()).collect();
    for f in crate::store::uploads::of_observations(&mut *conn, &ids).await? {
        if let Some(o) = out.iter_mut().find(|o| o.id == f.owner) {
            o.files.push(f.into());
        }
    }
    Ok(out)
}
