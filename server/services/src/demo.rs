//! Demo mode (`FLOWLINE_DEMO=1`): a demo cohort on ST1332 with one account per role (the
//! employer's linked to the demo apprentice).

use crate::accounts::{create_account, AccountInput};
use crate::db::Db;
use crate::store::standards::{NewStandard, StandardSource};
use crate::store::{cohorts, employers, sessions, standards, users};
use flowline_core::domain::{DisplayName, Email, Password, Role, Timezone};
use flowline_core::error::AppError;

pub const DEMO_PASSWORD: &str = "flowline-demo";
pub const DEMO_COHORT: &str = "Demo cohort — ST1332";

/// A login printed on start so people can try each role.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
}

const DEMO_ACCOUNTS: [(Role, &str, &str); 5] = [
    (
        Role::Learner,
        "learner@demo.flowline.test",
        "Alex Apprentice",
    ),
    (Role::Mentor, "mentor@demo.flowline.test", "Morgan Mentor"),
    (Role::Admin, "admin@demo.flowline.test", "Ada Admin"),
    (
        Role::Assessor,
        "assessor@demo.flowline.test",
        "Ash Assessor",
    ),
    // Alex's line manager at their employer (linked to Alex below).
    (
        Role::Employer,
        "employer@demo.flowline.test",
        "Erin Employer",
    ),
];

/// The illustrative ST1332 library shipped with Flowline (official document shape).
pub const DEMO_LIBRARY: &str = include_str!("../../../content/standards/ST1332.demo.json");

/// Loads the demo KSB library unless an official ST1332 document has been imported.
async fn ensure_demo_library(db: &Db, now: i64) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    if standards::source_of(&mut conn, "ST1332").await? == Some(StandardSource::Official) {
        return Ok(());
    }
    drop(conn);
    let doc = serde_json::from_str(DEMO_LIBRARY)
        .map_err(|e| AppError::internal(format!("the shipped demo library does not parse: {e}")))?;
    super::standards::import(db, doc, StandardSource::Demo, false, now).await?;
    Ok(())
}

/// Creates what is missing of the demo library, cohort and accounts; running it again
/// changes nothing.
pub async fn ensure_demo(db: &Db, now: i64) -> Result<Vec<DemoLogin>, AppError> {
    ensure_demo_library(db, now).await?;
    let mut conn = db.pool.acquire().await?;
    let standard_id = standards::ensure(
        &mut conn,
        &NewStandard {
            reference: "ST1332",
            title: "Power industry distribution cable jointer",
            level: 3,
            version: "demo",
            source: StandardSource::Demo,
        },
        now,
    )
    .await?;
    let cohort_id = cohorts::ensure(&mut conn, DEMO_COHORT, &standard_id, now).await?;

    let mut logins = Vec::new();
    let mut learner = None;
    for (role, email, name) in DEMO_ACCOUNTS {
        let user = match users::find_credentials(&mut conn, email).await? {
            Some((u, hash)) if hash.as_str() == RETIRED => {
                // Demo mode is back on: the published password works again.
                let hash = crate::password::hash(DEMO_PASSWORD.to_owned()).await?;
                users::set_password(&mut conn, &u.id, &hash).await?;
                u
            }
            Some((u, _)) => u,
            None => {
                let input = AccountInput {
                    email: Email::parse(email)?,
                    display_name: DisplayName::parse(name)?,
                    password: Password::parse(DEMO_PASSWORD)?,
                    timezone: Timezone::default(),
                };
                create_account(db, input, role, now).await?
            }
        };
        match role {
            Role::Learner | Role::Mentor => {
                cohorts::add_member(&mut conn, &cohort_id, &user.id, role, now).await?;
            }
            Role::Admin | Role::Assessor => {}
            Role::Employer => {
                if let Some(learner) = &learner {
                    employers::link(&mut conn, &user.id, learner, now).await?;
                }
            }
        }
        if role == Role::Learner {
            learner = Some(user.learner_id());
        }
        logins.push(DemoLogin {
            role,
            email,
            password: DEMO_PASSWORD,
        });
    }
    Ok(logins)
}

/// Adds a new learner to the demo cohort (demo mode only), if the cohort exists.
pub async fn join_demo_cohort(db: &Db, user_id: &str, now: i64) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    if let Some(standard_id) = standards::id_by_reference(&mut conn, "ST1332").await? {
        if let Some(cohort_id) = cohorts::find(&mut conn, DEMO_COHORT, &standard_id).await? {
            cohorts::add_member(&mut conn, &cohort_id, user_id, Role::Learner, now).await?;
        }
    }
    Ok(())
}

/// The password hash of a demo account while demo mode is off: nothing matches it.
const RETIRED: &str = "!demo-off";

/// Without demo mode, the demo accounts (whose password is published) cannot sign in, and
/// their sessions end. Their data stays; demo mode turned on again restores them.
pub async fn retire_demo_accounts(db: &Db) -> Result<usize, AppError> {
    let mut tx = db.begin_write().await?;
    let mut retired = 0;
    for (_, email, _) in DEMO_ACCOUNTS {
        let Some((user, hash)) = users::find_credentials(&mut tx, email).await? else {
            continue;
        };
        if hash.as_str().starts_with('!') {
            continue;
        }
        users::set_password(
            &mut tx,
            &user.id,
            &crate::password::PasswordHashString::from_stored(RETIRED.to_owned()),
        )
        .await?;
        sessions::delete_for_user(&mut tx, &user.id).await?;
        retired += 1;
    }
    tx.commit().await?;
    if retired > 0 {
        tracing::warn!(
            retired,
            "demo mode is off: the demo accounts can no longer sign in"
        );
    }
    Ok(retired)
}
