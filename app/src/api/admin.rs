//! Server fns of the admin UI (the same services as `/api/v1/admin/…`).

use crate::error::AppError;
use crate::model::{
    AdminTotals, CohortOut, CohortSummary, CohortUpdate, MemberIn, NewCohortIn, NewUserIn, UserOut,
    UserUpdate,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Totals for the admin home. Admins only.
#[server(prefix = "/rpc", endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<AdminTotals, AppError> {
    use crate::ssr::{context, services::admin};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        admin::require_admin(&user)?;
        admin::overview(&state.db).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/users")]
pub async fn admin_users() -> Result<Vec<UserOut>, AppError> {
    use crate::ssr::{context, services::admin::users};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        users::list(&state.db, &user).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/users/create", input = Json)]
pub async fn create_user(input: NewUserIn) -> Result<UserOut, AppError> {
    use crate::ssr::{context, now_ms, services::admin::users};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        users::create(&state.db, &user, input, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/users/update", input = Json)]
pub async fn update_user(user_id: String, change: UserUpdate) -> Result<UserOut, AppError> {
    use crate::ssr::{context, now_ms, services::admin::users};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        users::update(&state.db, &user, &user_id, change, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// Every cohort with its learner count.
#[server(prefix = "/rpc", endpoint = "admin/cohorts")]
pub async fn admin_cohorts() -> Result<Vec<CohortSummary>, AppError> {
    use crate::ssr::{context, services::admin, services::mentor::board};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        admin::require_admin(&user)?;
        board::cohorts(&state.db, &user).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/cohort", input = Json)]
pub async fn admin_cohort(cohort_id: String) -> Result<CohortOut, AppError> {
    use crate::ssr::{context, services::admin::cohorts};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        cohorts::detail(&state.db, &user, &cohort_id).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/create", input = Json)]
pub async fn create_cohort(input: NewCohortIn) -> Result<CohortOut, AppError> {
    use crate::ssr::{context, now_ms, services::admin::cohorts};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        cohorts::create(&state.db, &user, input, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/member", input = Json)]
pub async fn add_cohort_member(cohort_id: String, member: MemberIn) -> Result<CohortOut, AppError> {
    use crate::ssr::{context, now_ms, services::admin::cohorts};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        cohorts::add_member(&state.db, &user, &cohort_id, member, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

#[server(prefix = "/rpc", endpoint = "admin/cohorts/update", input = Json)]
pub async fn update_cohort(cohort_id: String, change: CohortUpdate) -> Result<CohortOut, AppError> {
    use crate::ssr::{context, now_ms, services::admin::cohorts};
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        cohorts::update(&state.db, &user, &cohort_id, change, now_ms()).await
    }
    .await
    .map_err(context::fail)
}

/// Every cohort with its members, and every account (the Cohorts page, in one call).
#[server(prefix = "/rpc", endpoint = "admin/cohorts/all")]
pub async fn admin_cohorts_page() -> Result<(Vec<CohortOut>, Vec<UserOut>), AppError> {
    use crate::ssr::{
        context, services::admin, services::admin::cohorts, services::admin::users,
        services::mentor::board,
    };
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        admin::require_admin(&user)?;
        let mut out = Vec::new();
        for c in board::cohorts(&state.db, &user).await? {
            out.push(cohorts::detail(&state.db, &user, &c.id).await?);
        }
        Ok((out, users::list(&state.db, &user).await?))
    }
    .await
    .map_err(context::fail)
}
