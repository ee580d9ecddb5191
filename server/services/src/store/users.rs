use crate::password::PasswordHashString;
use flowline_core::domain::CohortId;
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use sqlx::{AnyConnection, FromRow};

/// A signed-in (or looked-up) person, without secrets.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub timezone: String,
    pub created_at: i64,
}

impl User {
    /// This person's id as the learner whose data it names (their log, chain and thread).
    pub fn learner_id(&self) -> LearnerId {
        LearnerId::from(self.id.as_str())
    }
}

#[derive(FromRow)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    role: String,
    timezone: String,
    created_at: i64,
}

impl TryFrom<UserRow> for User {
    type Error = AppError;
    fn try_from(r: UserRow) -> Result<Self, AppError> {
        let role = Role::parse(&r.role).ok_or_else(|| {
            AppError::internal(format!(
                "unknown role in database (user {}, role {})",
                r.id, r.role
            ))
        })?;
        Ok(User {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role,
            timezone: r.timezone,
            created_at: r.created_at,
        })
    }
}

pub const USER_COLUMNS: &str = "u.id, u.email, u.display_name, u.role, u.timezone, u.created_at";

pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a PasswordHashString,
    pub role: Role,
    pub timezone: &'a str,
    pub now: i64,
}

/// Inserts an account; an e-mail already in use is a conflict on `email`.
pub async fn insert(conn: &mut AnyConnection, u: &NewUser<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, role, timezone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(u.id)
    .bind(u.email)
    .bind(u.display_name)
    .bind(u.password_hash.as_str())
    .bind(u.role.as_str())
    .bind(u.timezone)
    .bind(u.now)
    .execute(conn)
    .await
    .map_err(super::on_unique(
        "email",
        "An account with this e-mail address already exists.",
    ))?;
    Ok(())
}

/// An active account and its password hash, by (normalised) e-mail.
pub async fn find_credentials(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<(User, PasswordHashString)>, AppError> {
    let row: Option<(String, String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, email, display_name, role, timezone, created_at, password_hash FROM users \
         WHERE email = $1 AND deleted_at IS NULL AND deactivated_at IS NULL",
    )
    .bind(email)
    .fetch_optional(conn)
    .await?;
    row.map(
        |(id, email, display_name, role, timezone, created_at, hash)| {
            let user = User::try_from(UserRow {
                id,
                email,
                display_name,
                role,
                timezone,
                created_at,
            })?;
            Ok((user, PasswordHashString::from_stored(hash)))
        },
    )
    .transpose()
}

pub async fn find_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<User>, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1 AND u.deleted_at IS NULL"
    ))
    .bind(email)
    .fetch_optional(conn)
    .await?;
    row.map(User::try_from).transpose()
}

pub(crate) fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User, AppError> {
    UserRow::from_row(row)
        .map_err(AppError::from)
        .and_then(User::try_from)
}

pub async fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<User>, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(User::try_from).transpose()
}

/// Sets the person's IANA time zone.
pub async fn set_timezone(conn: &mut AnyConnection, id: &str, tz: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET timezone = $1 WHERE id = $2")
        .bind(tz)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the person's row lock for the rest of the transaction: one writer per learner at a
/// time, so a replay of their derived state sees every row written before it.
pub async fn lock(conn: &mut AnyConnection, id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET id = id WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A cohort's live learner accounts, by name.
pub async fn learners_of_cohort(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
) -> Result<Vec<User>, AppError> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users u JOIN memberships m ON m.user_id = u.id \
         WHERE m.cohort_id = $1 AND m.role = 'learner' \
         AND u.deleted_at IS NULL AND u.deactivated_at IS NULL ORDER BY u.display_name, u.id"
    ))
    .bind(cohort_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(User::try_from).collect()
}

/// A cohort's members (not deleted) with their role in it: mentors first, then by name.
pub async fn members_of_cohort(
    conn: &mut AnyConnection,
    cohort_id: &CohortId,
) -> Result<Vec<(User, Role)>, AppError> {
    #[derive(FromRow)]
    struct MemberRow {
        #[sqlx(flatten)]
        user: UserRow,
        membership_role: String,
    }
    let rows: Vec<MemberRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS}, m.role AS membership_role FROM users u \
         JOIN memberships m ON m.user_id = u.id WHERE m.cohort_id = $1 AND u.deleted_at IS NULL \
         ORDER BY m.role DESC, u.display_name, u.id"
    ))
    .bind(cohort_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let role = Role::parse(&r.membership_role).ok_or_else(|| {
                AppError::internal(format!(
                    "unknown membership role (cohort {cohort_id}, role {})",
                    r.membership_role
                ))
            })?;
            Ok((User::try_from(r.user)?, role))
        })
        .collect()
}

/// An account as the admin's user list shows it.
#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created_at: i64,
    pub deactivated_at: Option<i64>,
}

const ACCOUNT_COLUMNS: &str = "id, email, display_name, role, created_at, deactivated_at";

/// Every account that is not erased, by name.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<AccountRow>, AppError> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY display_name, email"
    ))
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

pub async fn account(conn: &mut AnyConnection, id: &str) -> Result<Option<AccountRow>, AppError> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

pub async fn set_role(conn: &mut AnyConnection, id: &str, role: Role) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deactivates (`Some(now)`) or reactivates (`None`) an account.
pub async fn set_deactivated(
    conn: &mut AnyConnection,
    id: &str,
    at: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An account made for someone invited (an import): no password yet, the zone by default.
pub struct Invited<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    /// The marker that no password has been chosen yet.
    pub password_hash: &'a str,
    pub role: Role,
    pub now: i64,
}

pub async fn insert_invited(conn: &mut AnyConnection, u: &Invited<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(u.id)
    .bind(u.email)
    .bind(u.display_name)
    .bind(u.password_hash)
    .bind(u.role.as_str())
    .bind(u.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets an account's password (an invited person chose theirs).
pub async fn set_password(
    conn: &mut AnyConnection,
    id: &str,
    hash: &PasswordHashString,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The (id, name, e-mail) of every active account with `role`.
pub async fn active_with_role(
    conn: &mut AnyConnection,
    role: Role,
) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name, email FROM users WHERE role = $1 \
         AND deleted_at IS NULL AND deactivated_at IS NULL ORDER BY email",
    )
    .bind(role.as_str())
    .fetch_all(conn)
    .await?)
}

/// The number a person gave their mentor, if any.
pub async fn phone_for_mentor(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT phone_for_mentor FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

/// Gives (or, with None, takes back) the number for the person's mentor.
pub async fn set_phone_for_mentor(
    conn: &mut AnyConnection,
    id: &str,
    phone: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET phone_for_mentor = $1 WHERE id = $2")
        .bind(phone)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
