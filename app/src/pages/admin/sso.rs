//! The People page's single sign-on card: e-mail domains whose people sign in only with the
//! provider's identity provider (their passwords stop working).

use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::{add_sso_domain, remove_sso_domain, sso_domains};
use leptos::prelude::*;

#[component]
pub fn SsoCard() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let setting = Resource::new(move || changed.get(), |_| sso_domains());
    let domain = RwSignal::new(String::new());
    let add = Action::new(move |d: &String| add_sso_domain(d.clone()));
    let remove = Action::new(move |d: &String| remove_sso_domain(d.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            domain.set(String::new());
            changed.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = remove.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card" aria-labelledby="sso-title">
            <h2 class="card-title" id="sso-title">"Single sign-on"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match setting.await {
                        Ok(s) => match s.provider {
                            None => view! {
                                <p class="muted">"Not set up. People sign in with a password. To let them use their work account, set "<code>"FLOWLINE_OIDC_ISSUER"</code>" and "<code>"FLOWLINE_OIDC_CLIENT_ID"</code>" (see the README)."</p>
                            }.into_any(),
                            Some(name) => view! {
                                <p class="muted">{format!("People can sign in with {name}. For the domains below, it is the only way: their passwords stop working.")}</p>
                                <ul class="list">
                                    {s.domains.is_empty().then(|| view! { <li class="list-row muted">"No SSO-only domains yet."</li> })}
                                    {s.domains.into_iter().map(|d| {
                                        let name = d.domain.clone();
                                        view! {
                                            <li class="list-row person-row">
                                                <div class="person-main">
                                                    <p class="list-title">"@"{d.domain.clone()}</p>
                                                    <p class="muted">{format!("Set by {}", d.added_by)}</p>
                                                </div>
                                                <button type="button" class="btn btn-ghost btn-small"
                                                    aria-label=format!("Allow passwords at {name}")
                                                    on:click=move |_| { remove.dispatch(name.clone()); }>"Allow passwords"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <form class="form" on:submit=move |ev| {
                                    ev.prevent_default();
                                    add.dispatch(domain.get_untracked());
                                }>
                                    <label class="field"><span>"E-mail domain"</span>
                                        <input type="text" inputmode="url" placeholder="example.co.uk" required
                                            prop:value=move || domain.get() on:input=move |ev| domain.set(event_target_value(&ev)) />
                                    </label>
                                    <button type="submit" class="btn btn-primary" disabled=move || add.pending().get()>
                                        {format!("Require {name}")}
                                    </button>
                                </form>
                            }.into_any(),
                        },
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
            {move || add.value().get().and_then(Result::err).or_else(|| remove.value().get().and_then(Result::err))
                .map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        </section>
    }
}
