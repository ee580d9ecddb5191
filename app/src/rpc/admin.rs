//! Server fns of the admin UI (the same services as `/api/v1/admin/…`).

use flowline_core::domain::CohortId;
use flowline_core::error::AppError;
use flowline_core::model::{
    AdminTotals, CohortOut, CohortUpdate, CohortsPage, MemberIn, NewCohortIn, NewUserIn, SsoDomain,
    SsoSetting, UserOut, UserUpdate,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Totals for the admin home. Admins only.
#[server(prefix = "/rpc", endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<AdminTotals, AppError> {
    use crate::rpc::context;
    use services::admin;
    context::as_user(|state, user, _now| async move { admin::overview(&state.db, &user).await })
        .await
}

#[server(prefix = "/rpc", endpoint = "admin/users")]
pub async fn admin_users() -> Result<Vec<UserOut>, AppError> {
    use crate::rpc::context;
    use services::admin::users;
    context::as_user(|state, user, _now| async move { users::list(&state.db, &user).await }).await
}

#[server(prefix = "/rpc", endpoint = "admin/users/create", input = Json)]
pub async fn create_user(input: NewUserIn) -> Result<UserOut, AppError> {
    use crate::rpc::context;
    use services::admin::users;
    context::as_user(
        |state, user, now| async move { users::create(&state.db, &user, input, now).await },
    )
    .await
}

#[server(prefix = "/rpc", endpoint = "admin/users/update", input = Json)]
pub async fn update_user(user_id: String, change: UserUpdate) -> Result<UserOut, AppError> {
    use crate::rpc::context;
    use services::admin::users;
    context::as_user(|state, user, now| async move {
        users::update(&state.db, &user, &user_id, change, now).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/create", input = Json)]
pub async fn create_cohort(input: NewCohortIn) -> Result<CohortOut, AppError> {
    use crate::rpc::context;
    use services::admin::cohorts;
    context::as_user(|state, user, now| async move {
        cohorts::create(&state.db, &user, input, now).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/member", input = Json)]
pub async fn add_cohort_member(
    cohort_id: CohortId,
    member: MemberIn,
) -> Result<CohortOut, AppError> {
    use crate::rpc::context;
    use services::admin::cohorts;
    context::as_user(|state, user, now| async move {
        cohorts::add_member(&state.db, &user, &cohort_id, member, now).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/update", input = Json)]
pub async fn update_cohort(
    cohort_id: CohortId,
    change: CohortUpdate,
) -> Result<CohortOut, AppError> {
    use crate::rpc::context;
    use services::admin::cohorts;
    context::as_user(|state, user, now| async move {
        cohorts::update(&state.db, &user, &cohort_id, change, now).await
    })
    .await
}

/// Every cohort with its members, and every account (the Cohorts page, in one call).
#[server(prefix = "/rpc", endpoint = "admin/cohorts/all")]
pub async fn admin_cohorts_page() -> Result<CohortsPage, AppError> {
    use crate::rpc::context;
    use services::admin::cohorts;
    context::as_user(|state, user, _now| async move { cohorts::page(&state.db, &user).await }).await
}

/// How a standard's lessons and KSBs do with learners (see `GET /api/v1/admin/analytics`).
#[server(prefix = "/rpc", endpoint = "admin/analytics", input = Json)]
pub async fn content_analytics(
    standard: String,
) -> Result<flowline_core::model::ContentAnalytics, AppError> {
    use crate::rpc::context;
    use services::analytics;
    context::as_user(|state, user, _now| async move {
        analytics::of_standard(&state.db, &user, &standard).await
    })
    .await
}

/// E-mails someone a new one-time sign-in link (see `POST /api/v1/admin/users/{id}/sign-in-link`).
#[server(prefix = "/rpc", endpoint = "admin/users/sign-in-link", input = Json)]
pub async fn send_sign_in_link(user_id: String) -> Result<String, AppError> {
    use crate::rpc::context;
    use services::people::invitations;
    context::as_user(|state, user, now| async move {
        invitations::send(&state.db, &state.public_url, &user, &user_id, now)
            .await
            .map(|n| n.message)
    })
    .await
}

/// E-mail domains whose people sign in only with single sign-on, and whether it is set up.
#[server(prefix = "/rpc", endpoint = "admin/sso-domains")]
pub async fn sso_domains() -> Result<SsoSetting, AppError> {
    use crate::rpc::context;
    use services::sso::domains;
    context::as_user(|state, user, _now| async move {
        Ok(SsoSetting {
            provider: state.sso.as_ref().map(|s| s.name().to_owned()),
            domains: domains::list(&state.db, &user).await?,
        })
    })
    .await
}

/// Makes a domain SSO-only (admins).
#[server(prefix = "/rpc", endpoint = "admin/sso-domains/add", input = Json)]
pub async fn add_sso_domain(domain: String) -> Result<Vec<SsoDomain>, AppError> {
    use crate::rpc::context;
    use services::sso::domains;
    context::as_user(|state, user, now| async move {
        domains::add(&state.db, &user, state.sso.is_some(), &domain, now).await
    })
    .await
}

/// Lets a domain use passwords again (admins).
#[server(prefix = "/rpc", endpoint = "admin/sso-domains/remove", input = Json)]
pub async fn remove_sso_domain(domain: String) -> Result<Vec<SsoDomain>, AppError> {
    use crate::rpc::context;
    use services::sso::domains;
    context::as_user(
        |state, user, _now| async move { domains::remove(&state.db, &user, &domain).await },
    )
    .await
}

/// The programme view, of one cohort or all (see `GET /api/v1/admin/programme`).
#[server(prefix = "/rpc", endpoint = "admin/programme", input = Json)]
pub async fn admin_programme(
    cohort: Option<CohortId>,
) -> Result<flowline_core::model::ProgrammeView, AppError> {
    use crate::rpc::context;
    context::as_user(|state, user, now| async move {
        services::programme::view(&state.db, &user, cohort.as_ref(), now).await
    })
    .await
}
