//! Server fns of the admin's Badges page (the same service as `/api/v1/admin/badges…`).

use flowline_core::error::AppError;
use flowline_core::model::BadgeAward;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Every badge awarded, newest first (see `GET /api/v1/admin/badges`).
#[server(prefix = "/rpc", endpoint = "admin/badges")]
pub async fn admin_badges() -> Result<Vec<BadgeAward>, AppError> {
    use crate::rpc::context;
    use services::credentials::badges;
    context::as_user(|state, user, _now| async move { badges::list(&state.db, &user).await }).await
}

/// Revokes a badge with a reason (see `POST /api/v1/admin/badges/{id}/revoke`).
#[server(prefix = "/rpc", endpoint = "admin/badge-revoke", input = Json)]
pub async fn revoke_badge(id: String, reason: String) -> Result<BadgeAward, AppError> {
    use crate::rpc::context;
    use services::credentials::badges;
    context::as_user(|state, user, now| async move {
        badges::revoke(&state.db, &user, &id, &reason, now).await
    })
    .await
}

/// Reinstates a revoked badge (see `POST /api/v1/admin/badges/{id}/reinstate`).
#[server(prefix = "/rpc", endpoint = "admin/badge-reinstate", input = Json)]
pub async fn reinstate_badge(id: String) -> Result<BadgeAward, AppError> {
    use crate::rpc::context;
    use services::credentials::badges;
    context::as_user(|state, user, now| async move {
        badges::reinstate(&state.db, &user, &id, now).await
    })
    .await
}
