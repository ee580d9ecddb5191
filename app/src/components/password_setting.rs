//! Change password, on Me: the current password first, then the new one. Every other device
//! is signed out; this one stays signed in.

use crate::components::{Field, FormError};
use crate::rpc::auth::ChangePassword;
use leptos::prelude::*;

#[component]
pub fn PasswordSetting() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let done = move || matches!(change.value().get(), Some(Ok(())));
    let live = crate::components::form::live();
    view! {
        <details class="ksb-edit password-setting">
            <summary>"Change password"</summary>
            <ActionForm action=change attr:class="form" attr:novalidate="">
                <FormError error=error fields=&["current_password", "new_password"] />
                <Field label="Current password" name="current_password" input_type="password" autocomplete="current-password" error=error />
                <Field label="New password (at least 10 characters)" name="new_password" input_type="password" autocomplete="new-password" hint="A few unrelated words together are easy to remember and hard to guess." error=error />
                <button type="submit" class="btn btn-primary" disabled=move || !live.get() || change.pending().get()>
                    {move || if change.pending().get() { "Saving…" } else { "Change password" }}
                </button>
            </ActionForm>
            {move || done().then(|| view! {
                <p class="notice notice-ok" role="status">"Password changed. Every other device has been signed out."</p>
            })}
        </details>
    }
}
