//! Badges the admin manages: every award with its learner, revoked with a reason (before or
//! after its credential was downloaded) and reinstated. Revoking an award revokes its live
//! credential too (its bit in the status list is set, for good); a revoked badge cannot be
//! downloaded or added to LinkedIn, and the learner sees why. A reinstated badge is signed
//! afresh at its next download. Each revocation and reinstatement is chained on the system
//! chain (who, which award).

use crate::db::Db;
use crate::evidence::Kind;
use crate::store::credentials as issued;
use crate::store::milestones::{self, AwardRow, Listed};
use crate::store::users::User;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{BadgeAward, BadgeRevocation};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// Awards the admin's list shows at most (newest first).
pub const LISTED: i64 = 2000;
/// The longest reason.
pub const MAX_REASON: usize = 500;

fn require_admin(caller: &User) -> Result<(), AppError> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

fn shown(l: Listed) -> BadgeAward {
    let a = l.award;
    BadgeAward {
        evidence: serde_json::from_str(&a.evidence).unwrap_or_default(),
        awarded_at: rfc3339(a.awarded_at).unwrap_or_default(),
        credentials: u32::try_from(l.downloads).unwrap_or(u32::MAX),
        revoked: a.revoked_at.map(|at| BadgeRevocation {
            at: rfc3339(at).unwrap_or_default(),
            reason: a.revoked_reason.clone().unwrap_or_default(),
        }),
        id: a.id,
        learner_id: a.learner_id,
        learner_name: l.learner_name,
        key: a.milestone_key,
        title: a.title,
        standard: a.standard,
    }
}

/// Every award, newest first.
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn list(db: &Db, caller: &User) -> Result<Vec<BadgeAward>, AppError> {
    require_admin(caller)?;
    let mut conn = db.pool.acquire().await?;
    Ok(milestones::listed(&mut conn, LISTED)
        .await?
        .into_iter()
        .map(shown)
        .collect())
}

async fn one(conn: &mut AnyConnection, id: &str) -> Result<BadgeAward, AppError> {
    milestones::listed_one(conn, id)
        .await?
        .map(shown)
        .ok_or_else(|| AppError::not_found("Badge"))
}

async fn award(conn: &mut AnyConnection, id: &str) -> Result<AwardRow, AppError> {
    milestones::by_id(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Badge"))
}

/// The reason, trimmed: required, at most [`MAX_REASON`] characters.
pub(crate) fn reason_of(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(AppError::invalid(
            "reason",
            format!(
                "Say why it is revoked (up to {MAX_REASON} characters): the learner and the verify page are shown it."
            ),
        ));
    }
    Ok(reason)
}

/// Revokes award `id` and its live credential, in the caller's transaction; false when the
/// award was revoked already.
pub(crate) async fn revoke_in(
    conn: &mut AnyConnection,
    id: &str,
    by: &str,
    reason: &str,
    now: i64,
) -> Result<bool, AppError> {
    let revoked = milestones::revoke(conn, id, by, reason, now).await?;
    if let Some(c) = issued::by_award(conn, id).await? {
        issued::revoke(conn, &c.id, by, reason, now).await?;
    }
    if revoked {
        // Who revoked which award, on the system chain (the reason stays with the award).
        let event = serde_json::json!({"act": "badge_revoked", "award": id, "by": by});
        crate::evidence::chain_act(conn, Kind::BadgeRevoked, id, &event, now).await?;
    }
    Ok(revoked)
}

/// An admin revokes a badge, with the reason the learner and the verify page are shown.
#[tracing::instrument(skip(db, caller, reason), fields(caller = %caller.id))]
pub async fn revoke(
    db: &Db,
    caller: &User,
    id: &str,
    reason: &str,
    now: i64,
) -> Result<BadgeAward, AppError> {
    require_admin(caller)?;
    let reason = reason_of(reason)?;
    let mut tx = db.begin_write().await?;
    award(&mut tx, id).await?;
    if !revoke_in(&mut tx, id, &caller.id, reason, now).await? {
        return Err(AppError::conflict("id", "This badge is revoked already."));
    }
    tx.commit().await?;
    tracing::info!(award = %id, by = %caller.id, "badge revoked");
    let mut conn = db.pool.acquire().await?;
    one(&mut conn, id).await
}

/// An admin reinstates a revoked badge: the learner can download it again (a new credential;
/// the revoked one stays revoked).
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn reinstate(db: &Db, caller: &User, id: &str, now: i64) -> Result<BadgeAward, AppError> {
    require_admin(caller)?;
    let mut tx = db.begin_write().await?;
    award(&mut tx, id).await?;
    if !milestones::reinstate(&mut tx, id).await? {
        return Err(AppError::conflict("id", "This badge is not revoked."));
    }
    let event = serde_json::json!({"act": "badge_reinstated", "award": id, "by": caller.id});
    crate::evidence::chain_act(&mut tx, Kind::BadgeReinstated, id, &event, now).await?;
    tx.commit().await?;
    tracing::info!(award = %id, by = %caller.id, "badge reinstated");
    let mut conn = db.pool.acquire().await?;
    one(&mut conn, id).await
}

/// The refusal to hand out a revoked badge, with the provider's reason.
pub fn refused(a: &AwardRow) -> Option<AppError> {
    a.revoked_at.map(|_| {
        AppError::conflict(
            "key",
            format!(
                "Your training provider revoked this badge: {}",
                a.revoked_reason.as_deref().unwrap_or("no reason given")
            ),
        )
    })
}
