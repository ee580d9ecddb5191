//! Server fns of a person's data rights (the same services as `/api/v1/users/{id}/export` and
//! `DELETE /api/v1/users/{id}`): the person themself, or an admin for anyone.

use flowline_core::error::AppError;
use flowline_core::model::{DataExport, DataExports};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The person's newest data export.
#[server(prefix = "/rpc", endpoint = "privacy/export-status", input = Json)]
pub async fn export_status(user_id: String) -> Result<DataExports, AppError> {
    use crate::rpc::context;
    use services::privacy;
    context::as_user(
        |state, user, _| async move { privacy::latest(&state.db, &user, &user_id).await },
    )
    .await
}

/// Asks for a copy of the person's data.
#[server(prefix = "/rpc", endpoint = "privacy/export", input = Json)]
pub async fn request_export(user_id: String) -> Result<DataExport, AppError> {
    use crate::rpc::context;
    use services::privacy;
    context::as_user(|state, user, now| async move {
        privacy::request(&state.db, &user, &user_id, now).await
    })
    .await
}

/// Erases the person's account (`confirm`: its e-mail address). Erasing oneself also ends
/// this browser's session.
#[server(prefix = "/rpc", endpoint = "privacy/erase", input = Json)]
pub async fn erase_account(user_id: String, confirm: String) -> Result<(), AppError> {
    use crate::rpc::context;
    use services::privacy::erase;
    context::with_call(|call| async move {
        let user = call.require_user().await?;
        erase::erase(&call.state.db, &user, &user_id, &confirm, call.now()).await?;
        if user.id == user_id {
            call.set_session_cookie("", 0)?;
        }
        Ok(())
    })
    .await
}
