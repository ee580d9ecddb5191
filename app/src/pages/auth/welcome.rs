//! `/welcome/:token`: the link from the e-mail that finishes a registration. The person sees
//! the account about to be made, confirms, and lands on their feed, signed in.

use crate::components::{Brand, FormError, Loading};
use crate::rpc::auth::welcome_link;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn WelcomePage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let who = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        welcome_link,
    );
    let welcome = ServerAction::<crate::rpc::auth::Welcome>::new();
    let error = Signal::derive(move || welcome.value().get().and_then(Result::err));
    // Signed in: a full load, so every part of the app knows who this is.
    Effect::new(move |_| {
        if let Some(Ok(home)) = welcome.value().get() {
            let _ = window().location().set_href(&home);
        }
    });
    view! {
        <Title text="Finish creating your account" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <Suspense fallback=Loading>
                    {move || {
                        let token = token.clone();
                        Suspend::new(async move {
                            match who.await {
                                Ok(v) => view! {
                                    <h1>"Your address is confirmed"</h1>
                                    <p class="lede">{format!("Welcome, {}. One tap and your account is ready.", v.display_name)}</p>
                                    <p class="muted invite-email">{v.email.clone()}</p>
                                    <ActionForm action=welcome attr:class="form">
                                        <input type="hidden" name="token" value=token />
                                        <FormError error=error fields=&[] />
                                        <button type="submit" class="btn btn-primary" disabled=move || welcome.pending().get()>
                                            {move || if welcome.pending().get() { "Creating…" } else { "Create my account" }}
                                        </button>
                                    </ActionForm>
                                }.into_any(),
                                Err(e) => view! {
                                    <h1>"This link does not work any more"</h1>
                                    <p class="lede">{e.message}</p>
                                    <a class="btn btn-outline" href="/login">"Sign in"</a>
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            </div>
        </main>
    }
}
