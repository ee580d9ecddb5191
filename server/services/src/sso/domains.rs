//! E-mail domains whose people sign in only with single sign-on (an admin's setting): a
//! password sign-in for such an address is refused before any password is checked, and the
//! password pages say to use the identity provider instead.

use crate::accounts::require_role;
use crate::db::Db;
use crate::store::sso as store;
use crate::store::users::User;
use flowline_core::domain::{EmailDomain, Role};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::SsoDomain;
use flowline_core::view::projection::rfc3339;

pub async fn is_sso_only(db: &Db, domain: &str) -> Result<bool, AppError> {
    let mut conn = db.pool.acquire().await?;
    store::is_sso_only(&mut conn, domain).await
}

/// Every SSO-only domain (admins).
pub async fn list(db: &Db, admin: &User) -> Result<Vec<SsoDomain>, AppError> {
    require_role(admin, &[Role::Admin])?;
    let mut conn = db.pool.acquire().await?;
    Ok(store::domains(&mut conn)
        .await?
        .into_iter()
        .map(|(domain, added_by, at)| SsoDomain {
            domain,
            added_by,
            added_at: rfc3339(at).unwrap_or_default(),
        })
        .collect())
}

/// Makes `domain` SSO-only. Refused while single sign-on is not set up (nobody at that
/// domain could sign in at all).
pub async fn add(
    db: &Db,
    admin: &User,
    sso_configured: bool,
    domain: &str,
    now: i64,
) -> Result<Vec<SsoDomain>, AppError> {
    require_role(admin, &[Role::Admin])?;
    let domain = EmailDomain::parse(domain)?;
    if !sso_configured {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "Single sign-on is not set up on this server, so nobody could sign in from that \
             domain. Set FLOWLINE_OIDC_ISSUER and FLOWLINE_OIDC_CLIENT_ID first.",
        ));
    }
    let mut tx = db.begin_write().await?;
    store::add_domain(&mut tx, domain.as_str(), &admin.id, now).await?;
    tx.commit().await?;
    tracing::info!(domain = domain.as_str(), "domain signs in with SSO only");
    list(db, admin).await
}

/// Lets people at `domain` sign in with a password again.
pub async fn remove(db: &Db, admin: &User, domain: &str) -> Result<Vec<SsoDomain>, AppError> {
    require_role(admin, &[Role::Admin])?;
    let domain = EmailDomain::parse(domain)?;
    let mut tx = db.begin_write().await?;
    store::remove_domain(&mut tx, domain.as_str()).await?;
    tx.commit().await?;
    tracing::info!(domain = domain.as_str(), "domain may use passwords again");
    list(db, admin).await
}
