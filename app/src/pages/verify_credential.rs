//! `/verify/credential`, for an employer or assessor holding a learner's badge (no sign-in):
//! paste the credential or upload its `.json`, or follow the QR code / LinkedIn link
//! (`?id=`). Says whether the signature holds, who issued it, to whom, for what and when.

use crate::components::instructor::when::long_date;
use crate::components::Loading;
use crate::rpc::credentials::{verify_credential, verify_credential_id};
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{CredentialCheck, Verdict};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyCredentialPage() -> impl IntoView {
    let query = use_query_map();
    let id = move || query.read().get("id").filter(|i| !i.trim().is_empty());
    view! {
        <Title text="Verify a badge" />
        <main class="auth">
            <div class="auth-card verify-card">
                <p class="eyebrow">"Flowline · badge verification"</p>
                {move || match id() {
                    Some(id) => view! { <ById id=id /> }.into_any(),
                    None => view! { <Paste /> }.into_any(),
                }}
            </div>
        </main>
    }
}

/// Followed from a QR code or LinkedIn: the credential this site issued with that id.
#[component]
fn ById(id: String) -> impl IntoView {
    let found = Resource::new(move || id.clone(), verify_credential_id);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(c) => view! { <h1>"Open Badge"</h1><Outcome c=c /> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => {
                        super::not_found::answer_not_found();
                        view! {
                            <h1>"Not found"</h1>
                            <p class="lede">"No badge was issued here with this link. If you have the credential's .json file, check it below."</p>
                            <a class="btn btn-outline" href="/verify/credential">"Check a file instead"</a>
                        }.into_any()
                    }
                    Err(e) => view! { <h1>"Could not check"</h1><p class="form-error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
        <p class="auth-switch"><a href="/verify/credential">"Check another badge"</a></p>
    }
}

/// Paste the JSON or upload the file, then verify.
#[component]
fn Paste() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let check = Action::new(|t: &String| verify_credential(t.clone()));
    let upload_error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        upload_error.set(None);
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = crate::components::form::take_picked_file(&ev) else {
                return;
            };
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(v) => {
                        let body = v.as_string().unwrap_or_default();
                        text.set(body.clone());
                        check.dispatch(body);
                    }
                    Err(_) => upload_error.set(Some(
                        "That file could not be read. Try pasting its text.".into(),
                    )),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <h1>"Verify a badge"</h1>
        <p class="lede">"Paste an Open Badges 3.0 credential, or upload the .json file the learner gave you. No sign-in; nothing is kept."</p>
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            check.dispatch(text.get_untracked());
        }>
            <label class="field">
                <span>"Credential (JSON)"</span>
                <textarea
                    class="credential-text"
                    name="credential"
                    rows="6"
                    spellcheck="false"
                    placeholder="{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", …"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <label class="btn btn-outline file-pick">
                "Upload .json"
                <input type="file" accept=".json,application/json,application/ld+json" class="visually-hidden" on:change=on_file />
            </label>
            <button type="submit" class="btn btn-primary" disabled=move || check.pending().get()>
                {move || if check.pending().get() { "Checking…" } else { "Verify" }}
            </button>
        </form>
        {move || upload_error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || check.value().get().map(|r: Result<CredentialCheck, AppError>| match r {
            Ok(c) => view! { <Outcome c=c /> }.into_any(),
            Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
        })}
    }
}

/// The verdict and what the credential says.
#[component]
fn Outcome(c: CredentialCheck) -> impl IntoView {
    let (pill, label) = match c.verdict {
        Verdict::Valid => ("green", "Genuine: the signature verifies"),
        Verdict::Revoked => ("red", "Revoked by the issuer"),
        Verdict::Invalid => ("red", "Not genuine"),
        Verdict::UnknownIssuer => ("amber", "Unknown issuer"),
    };
    let trusted = matches!(c.verdict, Verdict::Valid | Verdict::Revoked);
    let issued = c
        .issued
        .as_deref()
        .map(|d| long_date(d.get(..10).unwrap_or_default()));
    let row = |term: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{term}</dt><dd>{v}</dd> })
    };
    view! {
        <div class="verify-outcome" data-verdict=format!("{:?}", c.verdict).to_lowercase()>
            <p class=format!("status-pill status-{pill}") role="status">
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{label}</span>
            </p>
            {c.reason.clone().map(|r| view! { <p class="lede">{r}</p> })}
            {(!trusted).then(|| view! {
                <p class="muted">"What it claims (not confirmed):"</p>
            })}
            <dl>
                {row("Achievement", c.achievement.clone())}
                {row("Learner", c.learner.clone())}
                {row("Issuer", c.issuer.clone())}
                {row("Issued", issued)}
                {row("Criteria", c.criteria.clone())}
            </dl>
            {c.credential_id.clone().map(|id| view! { <p class="muted hash">{id}</p> })}
        </div>
    }
}
