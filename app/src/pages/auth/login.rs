use crate::components::{Brand, Field, FormError};
use crate::layouts::AuthActions;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<AuthActions>().login;
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <Title text="Sign in" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <h1>"Welcome back"</h1>
                <p class="lede">"Sign in to pick up where you left off."</p>
                <ActionForm action=login attr:class="form" attr:novalidate="">
                    <FormError error=error fields=&["email", "password"] />
                    <Field label="E-mail" name="email" input_type="email" autocomplete="username" error=error />
                    <Field label="Password" name="password" input_type="password" autocomplete="current-password" error=error />
                    <button type="submit" class="btn btn-primary" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p class="auth-switch">"New to Flowline? " <a href="/register">"Create an account"</a></p>
            </div>
        </main>
    }
}
