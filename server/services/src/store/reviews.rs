//! Progress reviews and their signatures as stored.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A review as stored, with the drafting mentor's name now.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReviewRow {
    pub id: String,
    pub learner_id: LearnerId,
    pub number: i64,
    pub record: String,
    pub plan: String,
    pub drafted_by: String,
    pub drafted_by_name: String,
    pub drafted_at: i64,
    pub signed_at: Option<i64>,
}

const COLUMNS: &str = "r.id, r.learner_id, r.number, r.record, r.plan, r.drafted_by, \
     u.display_name AS drafted_by_name, r.drafted_at, r.signed_at";

/// A party's comment and signature, with the person's name now.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SignatureRow {
    pub party: String,
    pub user_id: String,
    pub name: String,
    pub comment: String,
    pub signed_hash: Option<String>,
    pub signed_at: Option<i64>,
}

pub struct NewReview<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub number: i64,
    pub record: &'a str,
    pub drafted_by: &'a str,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, r: &NewReview<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO reviews (id, learner_id, number, record, drafted_by, drafted_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(r.id)
    .bind(r.learner_id)
    .bind(r.number)
    .bind(r.record)
    .bind(r.drafted_by)
    .bind(r.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<ReviewRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reviews r JOIN users u ON u.id = r.drafted_by WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// A learner's reviews, newest first.
pub async fn of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<ReviewRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reviews r JOIN users u ON u.id = r.drafted_by \
         WHERE r.learner_id = $1 ORDER BY r.number DESC"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Reviews all three signed, oldest first (the evidence trail's reading).
pub async fn signed_of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<ReviewRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reviews r JOIN users u ON u.id = r.drafted_by \
         WHERE r.learner_id = $1 AND r.signed_at IS NOT NULL ORDER BY r.number"
    ))
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Sets the plan of a review that is not final.
pub async fn set_plan(conn: &mut AnyConnection, id: &str, plan: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE reviews SET plan = $1 WHERE id = $2 AND signed_at IS NULL")
        .bind(plan)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_signed(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE reviews SET signed_at = $1 WHERE id = $2 AND signed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn signatures(
    conn: &mut AnyConnection,
    review_id: &str,
) -> Result<Vec<SignatureRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.party, s.user_id, u.display_name AS name, s.comment, s.signed_hash, \
         s.signed_at FROM review_signatures s JOIN users u ON u.id = s.user_id \
         WHERE s.review_id = $1 ORDER BY s.party",
    )
    .bind(review_id)
    .fetch_all(conn)
    .await?)
}

/// Sets a party's comment (by `user_id`), keeping any signature as it was.
pub async fn set_comment(
    conn: &mut AnyConnection,
    review_id: &str,
    party: &str,
    user_id: &str,
    comment: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO review_signatures (review_id, party, user_id, comment) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (review_id, party) DO UPDATE SET \
         comment = excluded.comment, user_id = excluded.user_id",
    )
    .bind(review_id)
    .bind(party)
    .bind(user_id)
    .bind(comment)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a party's signature of what hashes to `hash`.
pub async fn sign(
    conn: &mut AnyConnection,
    review_id: &str,
    party: &str,
    user_id: &str,
    hash: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO review_signatures (review_id, party, user_id, signed_hash, signed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (review_id, party) DO UPDATE SET \
         user_id = excluded.user_id, signed_hash = excluded.signed_hash, \
         signed_at = excluded.signed_at",
    )
    .bind(review_id)
    .bind(party)
    .bind(user_id)
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The cohort's weeks between reviews for a learner (12 when not in a cohort).
pub async fn every_weeks(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<i64, AppError> {
    let weeks: Option<i64> = sqlx::query_scalar(
        "SELECT c.review_weeks FROM memberships m JOIN cohorts c ON c.id = m.cohort_id \
         WHERE m.user_id = $1 AND m.role = 'learner' ORDER BY m.created_at LIMIT 1",
    )
    .bind(learner_id)
    .fetch_optional(conn)
    .await?;
    Ok(weeks.unwrap_or(12))
}

/// Counts of a learner's evidence in `[from, to)`: checks answered (by when they reached
/// the server), sign-offs and approved training (by when they were chained).
pub async fn evidence_between(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    from: i64,
    to: i64,
) -> Result<(i64, i64, i64), AppError> {
    let answers: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM interactions WHERE learner_id = $1 AND kind = 'answered' \
         AND received_at >= $2 AND received_at < $3",
    )
    .bind(learner_id)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    let chained = |kind: &'static str| {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM evidence_records WHERE chain_id = $1 AND kind = $2 \
             AND recorded_at >= $3 AND recorded_at < $4",
        )
        .bind(learner_id)
        .bind(kind)
        .bind(from)
        .bind(to)
    };
    let observations = chained("observation").fetch_one(&mut *conn).await?;
    let training = chained("training").fetch_one(&mut *conn).await?;
    Ok((answers, observations, training))
}

/// Where each learner of a cohort stands with progress reviews: (learner, their time zone,
/// joined the cohort, number, drafted and signed times of their latest review), one grouped
/// read for the board.
pub async fn cohort_states(
    conn: &mut AnyConnection,
    cohort_id: &flowline_core::domain::CohortId,
) -> Result<
    Vec<(
        LearnerId,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    )>,
    AppError,
> {
    Ok(sqlx::query_as(
        "SELECT m.user_id, u.timezone, m.created_at, r.number, r.drafted_at, r.signed_at \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         LEFT JOIN reviews r ON r.learner_id = m.user_id \
         AND r.number = (SELECT MAX(x.number) FROM reviews x WHERE x.learner_id = m.user_id) \
         WHERE m.cohort_id = $1 AND m.role = 'learner'",
    )
    .bind(cohort_id)
    .fetch_all(conn)
    .await?)
}

/// Reviews drafted before `before` and not final: id, learner, number, drafted.
pub async fn open_before(
    conn: &mut AnyConnection,
    before: i64,
) -> Result<Vec<(String, LearnerId, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, learner_id, number, drafted_at FROM reviews \
         WHERE signed_at IS NULL AND drafted_at < $1 ORDER BY drafted_at",
    )
    .bind(before)
    .fetch_all(conn)
    .await?)
}

/// Every active learner in a cohort with the cohort's weeks between reviews and their latest
/// review: (learner, joined, weeks, number, drafted, signed).
pub async fn all_states(
    conn: &mut AnyConnection,
) -> Result<Vec<(LearnerId, i64, i64, Option<i64>, Option<i64>, Option<i64>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.user_id, m.created_at, c.review_weeks, r.number, r.drafted_at, r.signed_at \
         FROM memberships m JOIN cohorts c ON c.id = m.cohort_id \
         JOIN users u ON u.id = m.user_id \
         LEFT JOIN reviews r ON r.learner_id = m.user_id \
         AND r.number = (SELECT MAX(x.number) FROM reviews x WHERE x.learner_id = m.user_id) \
         WHERE m.role = 'learner' AND u.deleted_at IS NULL AND u.deactivated_at IS NULL",
    )
    .fetch_all(conn)
    .await?)
}

/// The e-mail and name of each active mentor of a learner's cohorts.
pub async fn mentors_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT u.email, u.display_name FROM memberships l \
         JOIN memberships m ON m.cohort_id = l.cohort_id AND m.role = 'mentor' \
         JOIN users u ON u.id = m.user_id \
         WHERE l.user_id = $1 AND l.role = 'learner' \
         AND u.deleted_at IS NULL AND u.deactivated_at IS NULL ORDER BY u.display_name",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?)
}

/// Records a notice as sent; false when it was sent before (then it is not sent again).
pub async fn note_sent(conn: &mut AnyConnection, key: &str, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO review_notices (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
