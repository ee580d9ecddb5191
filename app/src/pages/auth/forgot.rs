//! `/forgot`: "Forgot your password?" — the person gives their e-mail address and is told a
//! link is on its way (the same words whether or not the address has an account).

use crate::components::{Brand, Field, FormError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let ask = ServerAction::<crate::rpc::auth::ForgotPassword>::new();
    let error = Signal::derive(move || ask.value().get().and_then(Result::err));
    let sent = move || ask.value().get().and_then(Result::ok);
    view! {
        <Title text="Forgot your password?" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <h1>"Forgot your password?"</h1>
                {move || match sent() {
                    Some(message) => view! {
                        <p class="notice" role="status">{message}</p>
                        <p class="auth-switch"><a href="/login">"Back to sign in"</a></p>
                    }.into_any(),
                    None => view! {
                        <p class="lede">"Tell us the e-mail address you sign in with and we will send you a link to choose a new password."</p>
                        <ActionForm action=ask attr:class="form" attr:novalidate="">
                            <FormError error=error fields=&["email"] />
                            <Field label="E-mail" name="email" input_type="email" autocomplete="username" error=error />
                            <button type="submit" class="btn btn-primary" disabled=move || ask.pending().get()>
                                {move || if ask.pending().get() { "Sending…" } else { "Send me a link" }}
                            </button>
                        </ActionForm>
                        <p class="auth-switch">"Remembered it? " <a href="/login">"Sign in"</a></p>
                    }.into_any(),
                }}
            </div>
        </main>
    }
}
