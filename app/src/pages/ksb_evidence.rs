//! `/assessor/learners/:id/ksbs/:code` and `/employer/apprentices/:id/ksbs/:code`: one KSB's
//! evidence, item by item, each with when, who saw it and its place on the chain.

use crate::components::{ErrorPanel, Loading};
use crate::rpc::assessor::ksb_evidence;
use flowline_core::domain::LearnerId;
use flowline_core::model::{EvidenceItem, KsbEvidence};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn KsbEvidencePage() -> impl IntoView {
    let params = use_params_map();
    let path = use_location().pathname.get_untracked();
    let back = path
        .split("/ksbs/")
        .next()
        .unwrap_or("/assessor")
        .to_owned();
    let evidence = Resource::new(
        move || {
            let p = params.read();
            (
                LearnerId::from(p.get("id").unwrap_or_default().as_str()),
                p.get("code").unwrap_or_default(),
            )
        },
        |(id, code)| ksb_evidence(id, code),
    );
    view! {
        <Suspense fallback=Loading>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    match evidence.await {
                        Ok(e) => view! { <Evidence e=e back=back /> }.into_any(),
                        Err(e) => view! {
                            <Title text="Evidence" />
                            <header class="page-header"><A href=back attr:class="back">"‹ Readiness"</A><h1>"Evidence"</h1></header>
                            <ErrorPanel error=e />
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Evidence(e: KsbEvidence, back: String) -> impl IntoView {
    let (status, label) = if e.ready {
        ("green", "Ready")
    } else {
        ("amber", "Not ready yet")
    };
    let count = e.items.len();
    view! {
        <Title text=format!("{} · {}", e.code, e.learner_name) />
        <header class="page-header">
            <A href=back attr:class="back">{format!("‹ {}", e.learner_name)}</A>
            <p class="eyebrow">{format!("{} · {}", e.standard, e.kind.as_str())}</p>
            <h1>{e.code.clone()}</h1>
            <p class="ksb-full-text">{e.text.clone()}</p>
            <p class=format!("status-pill status-{status}")>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{format!("{label} · {:.0} % mastery · evidence: {}", e.mastery, e.evidence)}</span>
            </p>
        </header>
        {e.quiz_only.then(|| view! {
            <p class="notice notice-warn" role="note">"Quiz answers only: nobody has seen this in practice yet."</p>
        })}
        <section class="card" aria-labelledby="items-title">
            <h2 class="card-title" id="items-title">{format!("Evidence · {count}")}</h2>
            {if e.items.is_empty() {
                view! { <p class="muted">"Nothing yet: no answers, sign-offs or confirmations for this KSB."</p> }.into_any()
            } else {
                view! {
                    <ol class="evidence-items">
                        {e.items.into_iter().map(|i| view! { <Item i=i /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "answer" => "Answer",
        "observation" => "Observed",
        "job_evidence" => "From the job",
        "confirmation" => "Line manager",
        _ => "Evidence",
    }
}

#[component]
fn Item(i: EvidenceItem) -> impl IntoView {
    let link = match (i.chain_seq, &i.chain_hash) {
        (Some(seq), Some(hash)) => {
            format!("Chain link {seq} · {}…", hash.get(..12).unwrap_or(hash))
        }
        _ => "Not on the chain yet".to_owned(),
    };
    let mark = match i.correct {
        Some(true) => "item-right",
        Some(false) => "item-wrong",
        None => "",
    };
    view! {
        <li class=format!("evidence-item evidence-{} {mark}", i.kind)>
            <p class="evidence-meta">
                <span class="chip chip-quiet">{kind_label(&i.kind)}</span>
                <span class="muted">{format!("{} · {}", i.when, i.by)}</span>
            </p>
            <p class="list-title">{i.title.clone()}</p>
            {(!i.detail.is_empty()).then(|| view! { <p class="evidence-detail">{i.detail.clone()}</p> })}
            {(!i.files.is_empty()).then(|| view! {
                <div class="evidence-files">
                    {i.files.iter().map(|f| {
                        if f.kind == "photo" {
                            view! { <a href=f.url.clone() target="_blank" rel="noopener"><img src=f.url.clone() alt="Photo of the work" loading="lazy" /></a> }.into_any()
                        } else {
                            view! { <a class="btn btn-small btn-outline" href=f.url.clone() target="_blank" rel="noopener">{format!("Open the {}", f.kind)}</a> }.into_any()
                        }
                    }).collect_view()}
                </div>
            })}
            <p class="evidence-chain muted"><code>{link}</code></p>
        </li>
    }
}
