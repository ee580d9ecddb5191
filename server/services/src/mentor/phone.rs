//! The number an apprentice gives their mentor, so the mentor can call or text them in one
//! tap: given and taken back by the apprentice alone (their consent is the act), shown only
//! to the mentors of their cohort on their page, gone when the account is erased.

use crate::db::Db;
use crate::store::users::{self, User};
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::MentorPhone;

/// The signed-in apprentice's number for their mentor.
pub async fn get(db: &Db, learner: &User) -> Result<MentorPhone, AppError> {
    crate::accounts::require_role(learner, &[Role::Learner])?;
    let mut conn = db.pool.acquire().await?;
    Ok(MentorPhone {
        phone: users::phone_for_mentor(&mut conn, &learner.id).await?,
    })
}

/// The apprentice gives their mentor a number (None or blank takes it back).
#[tracing::instrument(skip_all, fields(caller = %learner.id))]
pub async fn set(db: &Db, learner: &User, input: &MentorPhone) -> Result<MentorPhone, AppError> {
    crate::accounts::require_role(learner, &[Role::Learner])?;
    let phone = match input.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(crate::coach::whatsapp::e164(text)?),
    };
    let mut conn = db.pool.acquire().await?;
    users::set_phone_for_mentor(&mut conn, &learner.id, phone.as_deref()).await?;
    Ok(MentorPhone { phone })
}
