//! Sharing evidence with an assessor: the learner (or their provider's admin) shares it for a
//! period and can revoke it; the assessor's home lists who is shared with them now; the learner
//! sees every look at their evidence.

use super::readiness;
use crate::db::Db;
use crate::store::shares::{self as store, NewShare, ShareRow};
use crate::store::users::{self, User};
use flowline_core::domain::LearnerId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{EvidenceView, Share, ShareIn, SharedLearner};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// The longest a share may last.
pub const MAX_DAYS: i64 = 365;
const DAY_MS: i64 = 86_400_000;

fn to_dto(r: ShareRow, now: i64) -> Share {
    Share {
        active: r.revoked_at.is_none() && r.expires_at > now,
        revoked: r.revoked_at.is_some(),
        id: r.id,
        learner_id: r.learner_id.clone(),
        assessor_id: r.assessor_id,
        assessor_name: r.assessor_name,
        assessor_email: r.assessor_email,
        created_at: rfc3339(r.created_at).unwrap_or_default(),
        expires_at: rfc3339(r.expires_at).unwrap_or_default(),
    }
}

/// The learner themself or an admin manages a learner's shares; anyone else is told the
/// learner does not exist.
pub(crate) async fn manageable(
    conn: &mut AnyConnection,
    caller: &User,
    learner_id: &LearnerId,
) -> Result<User, AppError> {
    let learner = users::find_by_id(&mut *conn, learner_id)
        .await?
        .filter(|l| l.role == Role::Learner)
        .ok_or_else(|| AppError::not_found("Learner"))?;
    match caller.role {
        Role::Admin => Ok(learner),
        Role::Learner if caller.id == learner.id => Ok(learner),
        _ => Err(AppError::not_found("Learner")),
    }
}

/// Shares a learner's evidence with an assessor for `days`.
pub async fn create(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    ask: &ShareIn,
    now: i64,
) -> Result<Share, AppError> {
    if !(1..=MAX_DAYS).contains(&ask.days) {
        return Err(AppError::invalid("days", "Share for 1 to 365 days."));
    }
    let mut tx = db.begin_write().await?;
    let learner = manageable(&mut tx, caller, learner_id).await?;
    let email = ask.assessor_email.trim().to_lowercase();
    let assessor = users::find_by_email(&mut tx, &email)
        .await?
        .filter(|u| u.role == Role::Assessor)
        .ok_or_else(|| {
            AppError::invalid(
                "assessor_email",
                "No assessor account has that e-mail. Ask your training provider to add the assessor.",
            )
        })?;
    let id = crate::new_id();
    store::insert(
        &mut tx,
        &NewShare {
            id: &id,
            learner_id: &learner.learner_id(),
            assessor_id: &assessor.id,
            created_by: &caller.id,
            now,
            expires_at: now + ask.days * DAY_MS,
        },
    )
    .await?;
    let row = store::find(&mut tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("the share just written is gone"))?;
    tx.commit().await?;
    Ok(to_dto(row, now))
}

/// A learner's shares, newest first.
pub async fn list(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<Vec<Share>, AppError> {
    let mut conn = db.pool.acquire().await?;
    manageable(&mut conn, caller, learner_id).await?;
    Ok(store::of_learner(&mut conn, learner_id)
        .await?
        .into_iter()
        .map(|r| to_dto(r, now))
        .collect())
}

/// Ends a share now (revoking one already ended changes nothing).
pub async fn revoke(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    share_id: &str,
    now: i64,
) -> Result<Share, AppError> {
    let mut tx = db.begin_write().await?;
    manageable(&mut tx, caller, learner_id).await?;
    let row = store::find(&mut tx, share_id)
        .await?
        .filter(|r| r.learner_id == *learner_id)
        .ok_or_else(|| AppError::not_found("Share"))?;
    store::revoke(&mut tx, &row.id, now).await?;
    let row = store::find(&mut tx, share_id)
        .await?
        .ok_or_else(|| AppError::internal("the share just written is gone"))?;
    tx.commit().await?;
    Ok(to_dto(row, now))
}

/// An assessor's home: the learners shared with them now, with their readiness.
pub async fn shared_with(db: &Db, caller: &User, now: i64) -> Result<Vec<SharedLearner>, AppError> {
    if caller.role != Role::Assessor {
        return Err(AppError::forbidden());
    }
    let shared = {
        let mut conn = db.pool.acquire().await?;
        let mut out = Vec::new();
        for (learner_id, until) in store::active_for_assessor(&mut conn, &caller.id, now).await? {
            if let Some(l) = users::find_by_id(&mut conn, &learner_id).await? {
                out.push((l, until));
            }
        }
        out
    };
    let mut out = Vec::with_capacity(shared.len());
    for (learner, until) in shared {
        let r = readiness::summary(db, &learner, now).await?;
        out.push(SharedLearner {
            learner_id: learner.learner_id(),
            learner_name: learner.display_name,
            standard: r.standard,
            ready: r.ready,
            summary: r.summary,
            overall: r.overall,
            gaps: r.gaps.len(),
            shared_until: rfc3339(until).unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| (!a.ready, &a.learner_name).cmp(&(!b.ready, &b.learner_name)));
    Ok(out)
}

/// Who looked at a learner's evidence (newest first), for the learner or an admin.
pub async fn views(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
) -> Result<Vec<EvidenceView>, AppError> {
    let mut conn = db.pool.acquire().await?;
    manageable(&mut conn, caller, learner_id).await?;
    Ok(store::views_of(&mut conn, learner_id, 200)
        .await?
        .into_iter()
        .map(|v| EvidenceView {
            viewer_name: v.viewer_name,
            viewer_role: v.viewer_role,
            what: v.what,
            viewed_at: rfc3339(v.viewed_at).unwrap_or_default(),
        })
        .collect())
}
