use flowline_core::domain::CohortId;
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::CohortSummary;
use sqlx::AnyConnection;

/// The id of the cohort with this name on this standard.
pub async fn find(
    conn: &mut AnyConnection,
    name: &str,
    standard_id: &str,
) -> Result<Option<CohortId>, AppError> {
    sqlx::query_scalar("SELECT id FROM cohorts WHERE name = $1 AND standard_id = $2")
        .bind(name)
        .bind(standard_id)
        .fetch_optional(conn)
        .await
        .map_err(AppError::from)
}

/// The id of the cohort with this name on this standard, creating it when missing.
pub async fn ensure(
    conn: &mut AnyConnection,
    name: &str,
    standard_id: &str,
    now: i64,
) -> Result<CohortId, AppError> {
    if let Some(id) = find(&mut *conn, name, standard_id).await? {
        return Ok(id);
    }
    create(
        conn,
        name,
        standard_id,
        flowline_core::domain::competency::DEFAULT_RETENTION,
        now,
    )
    .await
}

/// Adds a member in a role (`learner` or `mentor`); adding an existing member changes nothing.
pub async fn add_member(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
    user_id: &str,
    role: Role,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (cohort_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (cohort_id, user_id) DO NOTHING",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The cohorts a person belongs to, by name.
pub async fn for_user(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<CohortSummary>, AppError> {
    let rows: Vec<(CohortId, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, s.reference, s.title, s.source, m.role, \
         (SELECT COUNT(*) FROM memberships l WHERE l.cohort_id = c.id AND l.role = 'learner') \
         FROM memberships m \
         JOIN cohorts c ON c.id = m.cohort_id JOIN standards s ON s.id = c.standard_id \
         WHERE m.user_id = $1 ORDER BY c.name",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(
            |(id, name, standard, standard_title, source, role, learners)| {
                let role = Role::parse(&role).ok_or_else(|| {
                    AppError::internal(format!("unknown membership role {role} in cohort {id}"))
                })?;
                Ok(CohortSummary {
                    id,
                    name,
                    standard,
                    standard_title,
                    standard_is_demo: source == "demo",
                    role,
                    learners,
                })
            },
        )
        .collect()
}

/// The cohort a learner learns in: its standard and scheduling policy.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Enrolment {
    pub cohort_id: CohortId,
    pub standard_id: String,
    pub reference: String,
    pub standard_title: String,
    pub source: String,
    pub desired_retention: f64,
    /// When the learner joined it (their start on the programme).
    pub joined_at: i64,
}

/// The learner's first cohort (the one they joined first), if any.
pub async fn enrolment(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Option<Enrolment>, AppError> {
    sqlx::query_as(
        "SELECT c.id AS cohort_id, c.standard_id, s.reference, s.title AS standard_title, s.source, \
         c.desired_retention, m.created_at AS joined_at FROM memberships m \
         JOIN cohorts c ON c.id = m.cohort_id JOIN standards s ON s.id = c.standard_id \
         WHERE m.user_id = $1 AND m.role = 'learner' ORDER BY m.created_at, c.id LIMIT 1",
    )
    .bind(learner_id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// A cohort with its standard, for the mentor board.
pub async fn info(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
) -> Result<Option<flowline_core::model::CohortInfo>, AppError> {
    let row: Option<(CohortId, String, String, String, f64)> = sqlx::query_as(
        "SELECT c.id, c.name, s.reference, s.title, c.desired_retention FROM cohorts c \
         JOIN standards s ON s.id = c.standard_id WHERE c.id = $1",
    )
    .bind(cohort_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(id, name, standard, standard_title, desired_retention)| {
            flowline_core::model::CohortInfo {
                id,
                name,
                standard,
                standard_title,
                desired_retention,
            }
        }),
    )
}

/// Whether `user_id` is in the cohort in `role`.
pub async fn has_member(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
    user_id: &str,
    role: Role,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE cohort_id = $1 AND user_id = $2 AND role = $3",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(role.as_str())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Every cohort (for admins), by name; `role` is reported as mentor (the viewer's access).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<CohortSummary>, AppError> {
    let rows: Vec<(CohortId, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, s.reference, s.title, s.source, \
         (SELECT COUNT(*) FROM memberships l WHERE l.cohort_id = c.id AND l.role = 'learner') \
         FROM cohorts c JOIN standards s ON s.id = c.standard_id ORDER BY c.name, s.reference",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, standard, standard_title, source, learners)| CohortSummary {
                id,
                name,
                standard,
                standard_title,
                standard_is_demo: source == "demo",
                role: Role::Mentor,
                learners,
            },
        )
        .collect())
}

pub async fn create(
    conn: &mut AnyConnection,
    name: &str,
    standard_id: &str,
    desired_retention: f64,
    now: i64,
) -> Result<CohortId, AppError> {
    let id = CohortId::from(crate::new_id());
    sqlx::query(
        "INSERT INTO cohorts (id, name, standard_id, desired_retention, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(name)
    .bind(standard_id)
    .bind(desired_retention)
    .bind(now)
    .execute(conn)
    .await
    .map_err(super::on_unique(
        "name",
        "A cohort with this name already exists on this standard.",
    ))?;
    Ok(id)
}

pub async fn set_retention(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
    desired_retention: f64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE cohorts SET desired_retention = $1 WHERE id = $2")
        .bind(desired_retention)
        .bind(cohort_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_review_weeks(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
    weeks: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE cohorts SET review_weeks = $1 WHERE id = $2")
        .bind(weeks)
        .bind(cohort_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn review_weeks(conn: &mut AnyConnection, cohort_id: &CohortId) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT review_weeks FROM cohorts WHERE id = $1")
            .bind(cohort_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(12),
    )
}

/// Drops a person's memberships held in another role than `role` (after a role change).
pub async fn drop_memberships_not_in_role(
    conn: &mut AnyConnection,
    user_id: &str,
    role: Role,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND role <> $2")
        .bind(user_id)
        .bind(role.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every learner in a cohort of the standard (ids, each once).
pub async fn learners_of_standard(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT m.user_id FROM memberships m JOIN cohorts c ON c.id = m.cohort_id \
         WHERE c.standard_id = $1 AND m.role = 'learner' ORDER BY m.user_id",
    )
    .bind(standard_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Every cohort's id and name.
pub async fn names(conn: &mut AnyConnection) -> Result<Vec<(CohortId, String)>, AppError> {
    sqlx::query_as("SELECT id, name FROM cohorts")
        .fetch_all(conn)
        .await
        .map_err(AppError::from)
}
