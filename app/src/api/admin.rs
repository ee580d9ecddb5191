use crate::error::AppError;
use crate::model::AdminTotals;
use leptos::prelude::*;

/// Totals for the admin home. Admins only.
#[server(prefix = "/rpc", endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<AdminTotals, AppError> {
    use crate::domain::Role;
    use crate::ssr::{
        context,
        services::{accounts, admin},
    };
    async move {
        let state = context::app_state()?;
        let user = context::require_user().await?;
        accounts::require_role(&user, &[Role::Admin])?;
        admin::overview(&state.db).await
    }
    .await
    .map_err(context::fail)
}
