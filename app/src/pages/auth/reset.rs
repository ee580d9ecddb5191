//! `/reset/:token`: the link from a password reset e-mail. The person sees whose account it
//! is, chooses a new password, and lands where their work starts, signed in; every other
//! device is signed out.

use crate::components::form::live;
use crate::components::{Brand, Field, FormError, Loading};
use crate::rpc::auth::reset_link;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResetPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let who = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        reset_link,
    );
    let reset = ServerAction::<crate::rpc::auth::ResetPassword>::new();
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let live = live();
    // Signed in: a full load, so every part of the app knows who this is.
    Effect::new(move |_| {
        if let Some(Ok(home)) = reset.value().get() {
            let _ = window().location().set_href(&home);
        }
    });
    view! {
        <Title text="Choose a new password" />
        <main class="auth">
            <div class="auth-card">
                <Brand />
                <Suspense fallback=Loading>
                    {move || {
                        let token = token.clone();
                        Suspend::new(async move {
                            match who.await {
                                Ok(v) => view! {
                                    <h1>"Choose a new password"</h1>
                                    <p class="lede">{format!("For {}. Choosing it signs you out on every other device.", v.display_name)}</p>
                                    <p class="muted invite-email">{v.email.clone()}</p>
                                    <ActionForm action=reset attr:class="form" attr:novalidate="">
                                        <input type="hidden" name="token" value=token />
                                        <FormError error=error fields=&["password"] />
                                        <Field label="New password (at least 10 characters)" name="password" input_type="password" autocomplete="new-password" hint="A few unrelated words together are easy to remember and hard to guess." error=error />
                                        <button type="submit" class="btn btn-primary" disabled=move || !live.get() || reset.pending().get()>
                                            {move || if reset.pending().get() { "Saving…" } else { "Save and sign in" }}
                                        </button>
                                    </ActionForm>
                                }.into_any(),
                                Err(e) => view! {
                                    <h1>"This link does not work any more"</h1>
                                    <p class="lede">{e.message}</p>
                                    <a class="btn btn-outline" href="/forgot">"Send me a new link"</a>
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            </div>
        </main>
    }
}
