//! Signed in on, on Me: the browsers this account is signed in on, and "Sign out everywhere
//! else" (a lost phone, a shared computer).

use crate::rpc::auth::{my_sessions, SignOutOthers};
use leptos::prelude::*;

/// "7 Dec 2026, 14:05" from RFC 3339 (UTC on the server's render and the phone alike).
fn when(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

#[component]
pub fn Devices() -> impl IntoView {
    let end_others = ServerAction::<SignOutOthers>::new();
    let list = Resource::new(move || end_others.version().get(), |_| my_sessions());
    let live = crate::components::form::live();
    view! {
        <section class="card devices">
            <h2 class="card-title">"Signed in on"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(devices) => {
                            let others = devices.iter().filter(|d| !d.this_device).count();
                            view! {
                                <ul class="list">
                                    {devices.into_iter().map(|d| view! {
                                        <li class="list-row">
                                            <div>
                                                <p class="list-title">{d.label.clone()}{d.this_device.then_some(" · this device")}</p>
                                                <p class="muted">{format!("Signed in {}{}", when(&d.signed_in_at), d.last_seen_at.as_deref().map(|s| format!(" · last used {}", when(s))).unwrap_or_default())}</p>
                                            </div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(others > 0).then(|| view! {
                                    <ActionForm action=end_others attr:class="form">
                                        <button type="submit" class="btn btn-quiet" disabled=move || !live.get() || end_others.pending().get()>
                                            {if others == 1 { "Sign out on the other device".to_owned() } else { format!("Sign out on the other {others} devices") }}
                                        </button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
            {move || matches!(end_others.value().get(), Some(Ok(()))).then(|| view! {
                <p class="notice notice-ok" role="status">"Signed out everywhere else."</p>
            })}
        </section>
    }
}
