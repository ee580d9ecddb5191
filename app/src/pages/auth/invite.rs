//! A one-time sign-in link from the training provider: the person sees whose account it is,
//! chooses a password, and lands where their work starts.

use crate::components::form::live;
use crate::components::{Brand, Field, FormError, Loading};
use crate::rpc::auth::invitation;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let who = Resource::new(move || token.clone(), invitation);
    let accept = ServerAction::<crate::rpc::auth::AcceptInvitation>::new();
    let error = Signal::derive(move || accept.value().get().and_then(Result::err));
    let live = live();
    // Signed in: a full load, so every part of the app knows who this is.
    Effect::new(move |_| {
        if let Some(Ok(home)) = accept.value().get() {
            let _ = window().location().set_href(&home);
        }
    });
    view! {
        <Title text="Welcome to Flowline" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match who.await {
                            Ok(v) => view! {
                                <h1>{format!("Welcome, {}", v.display_name)}</h1>
                                <p class="lede">"Your training provider made you a Flowline account. Choose a password to sign in; from now on you sign in with it and your e-mail."</p>
                                <p class="muted invite-email">{v.email.clone()}</p>
                                <ActionForm action=accept attr:class="form" attr:novalidate="">
                                    <input type="hidden" name="token" value=use_params_map().with_untracked(|p| p.get("token").unwrap_or_default()) />
                                    <FormError error=error fields=&["password"] />
                                    <Field label="Choose a password (at least 10 characters)" name="password" input_type="password" autocomplete="new-password" error=error />
                                    <button type="submit" class="btn btn-primary" disabled=move || !live.get() || accept.pending().get()>
                                        {move || if accept.pending().get() { "Signing in…" } else { "Set password and sign in" }}
                                    </button>
                                </ActionForm>
                            }.into_any(),
                            Err(e) => view! {
                                <h1>"This link does not work any more"</h1>
                                <p class="lede">{e.message}</p>
                                <a class="btn btn-outline" href="/login">"Sign in"</a>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}
