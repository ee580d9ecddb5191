//! `/verify/:token`, for anyone holding a portfolio's QR code (no sign-in): that the portfolio
//! was issued, when, for which standard, and whether the learner's evidence chain still
//! verifies. The learner's name only when they chose to show it. A token that does not exist
//! or was revoked gets a plain "not found".

use crate::components::instructor::when::long_date;
use crate::components::Loading;
use crate::rpc::assessor::verify_portfolio;
use flowline_core::error::ErrorCode;
use flowline_core::model::Verification;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let found = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        verify_portfolio,
    );
    view! {
        <Title text="Verify a portfolio" />
        <main class="auth">
            <div class="auth-card verify-card">
                <p class="eyebrow">"Flowline · portfolio verification"</p>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match found.await {
                            Ok(v) => view! { <Verified v=v /> }.into_any(),
                            Err(e) if e.code == ErrorCode::NotFound => {
                                super::not_found::answer_not_found();
                                view! {
                                    <h1>"Not found"</h1>
                                    <p class="lede">"No portfolio was issued with this link, or the learner has revoked it."</p>
                                }.into_any()
                            }
                            Err(e) => view! { <h1>"Could not check"</h1><p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

#[component]
fn Verified(v: Verification) -> impl IntoView {
    let (pill, label) = if v.chain_verifies {
        ("green", "Genuine: the evidence verifies")
    } else {
        ("red", "Warning: the evidence no longer verifies")
    };
    let issued = long_date(v.issued_at.get(..10).unwrap_or_default());
    view! {
        <h1>"Evidence portfolio"</h1>
        <p class=format!("status-pill status-{pill}") role="status">
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-label">{label}</span>
        </p>
        <p class="lede">{v.chain_note.clone()}</p>
        <dl>
            <dt>"Learner"</dt>
            <dd>{v.learner_name.clone().unwrap_or_else(|| "Not shown (the learner's choice)".into())}</dd>
            <dt>"Standard"</dt>
            <dd>{format!("{} {}", v.standard, v.standard_title)}</dd>
            <dt>"Issued"</dt>
            <dd>{format!("{issued} by {}", v.provider)}</dd>
            <dt>"At issue"</dt>
            <dd>{format!("{} · {} pieces of evidence", if v.ready_at_issue { "Ready for Gateway to Completion" } else { "Not yet ready for Gateway to Completion" }, v.evidence_count)}</dd>
            <dt>"Chain head"</dt>
            <dd class="hash">{v.chain_head.clone().unwrap_or_else(|| "none (no evidence yet)".into())}</dd>
            <dt>"Document hash"</dt>
            <dd class="hash">{v.document_hash.clone()}</dd>
        </dl>
        <p class="muted">"The hashes are printed on the portfolio too: if they match, this is the document that was issued."</p>
    }
}
