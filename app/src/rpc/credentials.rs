//! Server fns of the public verify page (the same service as `/api/v1/verify/credential`).

use flowline_core::error::AppError;
use flowline_core::model::CredentialCheck;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Checks a pasted or uploaded credential (no sign-in).
#[server(prefix = "/rpc", endpoint = "verify/credential", input = Json)]
pub async fn verify_credential(text: String) -> Result<CredentialCheck, AppError> {
    use crate::rpc::context;
    use services::credentials::verify;
    context::with_call(|call| async move {
        verify::check_text(&call.state.db, &call.state.issuer(), &text).await
    })
    .await
}

/// Checks a credential this site issued, by the id in its QR code or LinkedIn link.
#[server(prefix = "/rpc", endpoint = "verify/credential-id", input = Json)]
pub async fn verify_credential_id(id: String) -> Result<CredentialCheck, AppError> {
    use crate::rpc::context;
    use services::credentials::verify;
    context::with_call(|call| async move {
        let (check, _) = verify::check_stored(&call.state.db, &call.state.issuer(), &id).await?;
        Ok(check)
    })
    .await
}
