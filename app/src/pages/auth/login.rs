use crate::components::{Brand, Field, FormError};
use crate::layouts::{AuthActions, MeResource};
use flowline_core::model::SsoRefusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<AuthActions>().login;
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    let me = expect_context::<MeResource>();
    let erased = use_query_map().with_untracked(|q| q.get("erased").is_some());
    let refusal = use_query_map()
        .with_untracked(|q| q.get("sso").and_then(|code| SsoRefusal::from_code(&code)));
    let sso = Resource::new(|| (), |_| crate::rpc::auth::sso_name());
    view! {
        <Title text="Sign in" />
        // Someone already signed in goes where their work starts.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| view! { <Redirect path=me.role.home() /> })
            })}
        </Suspense>
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <h1>"Welcome back"</h1>
                <p class="lede">"Sign in to pick up where you left off."</p>
                {erased.then(|| view! { <p class="notice" role="status">"Your account has been deleted. Thank you for learning with Flowline."</p> })}
                {refusal.map(|r| view! { <p class="form-error" role="alert">{r.message()}</p> })}
                // Single sign-on, when the provider set it up: a plain link (a server route).
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        sso.await.ok().flatten().map(|name| view! {
                            <a class="btn btn-sso" href="/sso/start" rel="external">
                                {format!("Sign in with {name}")}
                            </a>
                            <p class="auth-or"><span>"or with your password"</span></p>
                        })
                    })}
                </Suspense>
                <ActionForm action=login attr:class="form" attr:novalidate="">
                    <FormError error=error fields=&["email", "password"] />
                    <Field label="E-mail" name="email" input_type="email" autocomplete="username" error=error />
                    <Field label="Password" name="password" input_type="password" autocomplete="current-password" error=error />
                    <button type="submit" class="btn btn-primary" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p class="auth-forgot"><a href="/forgot">"Forgot your password?"</a></p>
                <p class="auth-switch">"New to Flowline? " <a href="/register">"Create an account"</a></p>
            </div>
        </main>
    }
}
