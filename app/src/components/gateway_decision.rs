//! The assessor's Gateway decision card on a learner's readiness page: the newest decision
//! (who, when, why KSB by KSB, its place on the chain) and the form to record one. "Not yet"
//! and "ask for more evidence" need at least one KSB with a reason: every KSB is listed, those
//! with a gap first and prefilled with it, to tick and say more.

use crate::components::instructor::when::long_date;
use crate::rpc::assessor::decide_gateway;
use flowline_core::domain::LearnerId;
use flowline_core::model::{
    GatewayDecision, GatewayDecisionIn, GatewayVerdict, KsbReason, Readiness,
};
use leptos::prelude::*;

/// The ticked KSBs and their reasons, read from the form when it is sent.
fn reasons_in(form: &web_sys::HtmlFormElement) -> Vec<KsbReason> {
    use leptos::wasm_bindgen::JsCast;
    let mut out = Vec::new();
    let Ok(ticked) = form.query_selector_all("input[name=ksb]:checked") else {
        return out;
    };
    for n in 0..ticked.length() {
        let Some(code) = ticked
            .item(n)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
        else {
            continue;
        };
        let reason = form
            .query_selector(&format!("input[data-reason=\"{code}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        out.push(KsbReason { code, reason });
    }
    out
}

fn verdict_in(form: &web_sys::HtmlFormElement) -> GatewayVerdict {
    use leptos::wasm_bindgen::JsCast;
    form.query_selector("input[name=decision]:checked")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| GatewayVerdict::parse(&i.value()))
        .unwrap_or(GatewayVerdict::NotYet)
}

#[component]
fn Decided(d: GatewayDecision) -> impl IntoView {
    let status = match d.decision {
        GatewayVerdict::Ready => "green",
        _ => "amber",
    };
    view! {
        <div class="gateway-decided">
            <p class=format!("status-pill status-{status}")>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{d.decision.label()}</span>
            </p>
            <p class="muted">{format!(
                "{} · {}{}",
                d.assessor_name,
                long_date(&d.decided_on),
                d.chain_seq.map(|s| format!(" · chain link {s}")).unwrap_or_default()
            )}</p>
            {(!d.reasons.is_empty()).then(|| view! {
                <ul class="gaps">
                    {d.reasons.iter().map(|r| view! { <li><strong>{r.code.clone()}</strong>{format!(": {}", r.reason)}</li> }).collect_view()}
                </ul>
            })}
            {(!d.note.is_empty()).then(|| view! { <p class="evidence-detail">{d.note.clone()}</p> })}
        </div>
    }
}

/// `r` is the learner's readiness as the assessor reads it.
#[component]
pub fn GatewayDecisionCard(r: Readiness) -> impl IntoView {
    let latest = RwSignal::new(r.gateway_decision.clone());
    let form = NodeRef::<leptos::html::Form>::new();
    let note = NodeRef::<leptos::html::Textarea>::new();
    let id: LearnerId = r.learner_id.clone();
    let decide = Action::new(move |input: &GatewayDecisionIn| {
        let (id, input) = (id.clone(), input.clone());
        async move { decide_gateway(id, input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(d)) = decide.value().get() {
            latest.set(Some(d));
        }
    });
    // Every KSB, those with a gap first (hours and confirmations included), each prefilled
    // with what stands in its way.
    let mut open: Vec<(String, String)> = r
        .ksbs
        .iter()
        .map(|k| {
            let gap = r
                .gaps
                .iter()
                .filter_map(|g| g.strip_prefix(&format!("{}: ", k.code)))
                .collect::<Vec<_>>()
                .join("; ");
            (k.code.clone(), gap)
        })
        .collect();
    open.sort_by_key(|(_, gap)| gap.is_empty());
    view! {
        <section class="card gateway-decision" aria-labelledby="decision-title">
            <h2 class="card-title" id="decision-title">"Gateway decision"</h2>
            {move || match latest.get() {
                Some(d) => view! { <Decided d=d /> }.into_any(),
                None => view! { <p class="muted">"No decision recorded yet."</p> }.into_any(),
            }}
            <form class="form" node_ref=form on:submit=move |ev| {
                ev.prevent_default();
                let Some(f) = form.get() else { return };
                decide.dispatch(GatewayDecisionIn {
                    decision: verdict_in(&f),
                    reasons: reasons_in(&f),
                    note: note.get().map(|t| t.value()).unwrap_or_default(),
                });
            }>
                <fieldset class="choices">
                    <legend>"Your decision"</legend>
                    <label class="choice"><input type="radio" name="decision" value="ready" />" Ready for the Gateway"</label>
                    <label class="choice"><input type="radio" name="decision" value="not_yet" checked />" Not yet"</label>
                    <label class="choice"><input type="radio" name="decision" value="more_evidence" />" Ask for more evidence"</label>
                </fieldset>
                {(!open.is_empty()).then(|| view! {
                    <fieldset class="choices gateway-reasons">
                        <legend>"KSBs not there yet: tick each, and say why (those with a gap come first)"</legend>
                        {open.into_iter().map(|(code, gap)| view! {
                            <div class="gateway-reason">
                                <label class="choice"><input type="checkbox" name="ksb" value=code.clone() />" "<strong>{code.clone()}</strong></label>
                                <input type="text" class="input" maxlength="500" data-reason=code.clone()
                                    aria-label=format!("Why {code}") value=gap />
                            </div>
                        }).collect_view()}
                    </fieldset>
                })}
                <label class="field"><span>"Note for the provider and the apprentice"</span>
                    <textarea class="input" rows="3" maxlength="2000" node_ref=note></textarea>
                </label>
                <button type="submit" class="btn btn-primary" disabled=move || decide.pending().get()>"Record the decision"</button>
                {move || decide.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
                {move || matches!(decide.value().get(), Some(Ok(_))).then(|| view! { <p class="notice notice-ok" role="status">"Recorded on the evidence chain. A \u{201c}not yet\u{201d} reaches the mentor's queue."</p> })}
            </form>
        </section>
    }
}
