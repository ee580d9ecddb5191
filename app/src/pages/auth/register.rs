use crate::components::{Brand, Field, FormError};
use crate::layouts::AuthActions;
use flowline_core::domain::Password;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Fills the hidden time-zone field from the browser, before or after hydration.
const FILL_TIMEZONE: &str = "(function(){var f=document.getElementById('field-timezone');\
if(f){try{f.value=Intl.DateTimeFormat().resolvedOptions().timeZone||'';}catch(e){}}})();";

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = expect_context::<AuthActions>().register;
    let error = Signal::derive(move || register.value().get().and_then(Result::err));
    // Outside demo mode the account waits for the e-mailed link; the page says so whatever
    // the address (it never tells whether one has an account).
    let query = use_query_map();
    let sent = Memo::new(move |_| query.with(|q| q.get("sent").is_some()));
    view! {
        <Title text="Create your account" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <Show when=move || sent.get()>
                    <h1>"Check your e-mail"</h1>
                    <p class="lede">"We have sent you a link to finish creating your account. It works for 24 hours."</p>
                    <p class="muted">"Nothing there? Check your spam folder, or create your account again."</p>
                </Show>
                <Show when=move || !sent.get()>
                <h1>"Create your account"</h1>
                <p class="lede">"Short videos, quick checks, and your progress on every KSB — on your phone."</p>
                <ActionForm action=register attr:class="form" attr:novalidate="">
                    <FormError error=error fields=&["display_name", "email", "password"] />
                    <Field label="Your name" name="display_name" autocomplete="name" error=error />
                    <Field label="E-mail" name="email" input_type="email" autocomplete="email" error=error />
                    <Field
                        label="Password"
                        name="password"
                        input_type="password"
                        autocomplete="new-password"
                        hint="At least 10 characters. A short sentence works well."
                        minlength=Password::MIN_CHARS
                        error=error
                    />
                    <input type="hidden" name="timezone" id="field-timezone" value="" />
                    <script inner_html=FILL_TIMEZONE></script>
                    <button type="submit" class="btn btn-primary" disabled=move || register.pending().get()>
                        {move || if register.pending().get() { "Creating your account…" } else { "Create account" }}
                    </button>
                </ActionForm>
                </Show>
                <p class="auth-switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
            </div>
        </main>
    }
}
