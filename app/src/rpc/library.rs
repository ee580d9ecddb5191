//! Server fns of the KSB library page (the same services as `/api/v1/admin/standards/…`).
//! Admins only.

use flowline_core::error::AppError;
use flowline_core::model::{ImportReport, KsbDto, KsbEdit, LibraryView, StandardOtjIn};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The standards, and `reference`'s KSBs (the first standard's when none is named).
#[server(prefix = "/rpc", endpoint = "library/page", input = Json)]
pub async fn library_page(reference: Option<String>) -> Result<LibraryView, AppError> {
    use crate::rpc::context;
    use services::library;
    context::as_user(|state, user, _| async move {
        library::page(&state.db, &user, reference.as_deref()).await
    })
    .await
}

/// Previews (`dry_run`) or imports the official standard's JSON text.
#[server(prefix = "/rpc", endpoint = "library/import", input = Json)]
pub async fn import_standard(text: String, dry_run: bool) -> Result<ImportReport, AppError> {
    use crate::rpc::context;
    use services::library;
    context::as_user(|state, user, now| async move {
        library::import_text(&state.db, &user, &text, dry_run, now).await
    })
    .await
}

/// Changes a KSB's text and prerequisites.
#[server(prefix = "/rpc", endpoint = "library/ksb", input = Json)]
pub async fn save_ksb(reference: String, code: String, edit: KsbEdit) -> Result<KsbDto, AppError> {
    use crate::rpc::context;
    use services::library;
    context::as_user(|state, user, now| async move {
        library::edit_ksb(&state.db, &user, &reference, &code, &edit, now).await
    })
    .await
}

/// Sets the standard's OTJ minimum and typical duration.
#[server(prefix = "/rpc", endpoint = "library/settings", input = Json)]
pub async fn save_settings(reference: String, input: StandardOtjIn) -> Result<(), AppError> {
    use crate::rpc::context;
    use services::library;
    context::as_user(|state, user, now| async move {
        library::settings(&state.db, &user, &reference, &input, now).await
    })
    .await
}
