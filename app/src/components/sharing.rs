//! The learner's sharing card on Me: share the portfolio with an assessor for a period, end a
//! share, and see who looked at the evidence.

use crate::components::form::FormError;
use crate::components::instructor::when::long_date;
use crate::components::Loading;
use crate::rpc::assessor::{evidence_sharing, RevokePortfolio, RevokeShare, ShareEvidence};
use flowline_core::model::Sharing;
use leptos::prelude::*;

fn day(rfc3339: &str) -> String {
    long_date(rfc3339.get(..10).unwrap_or_default())
}

#[component]
pub fn SharingCard() -> impl IntoView {
    let share = ServerAction::<ShareEvidence>::new();
    let revoke = ServerAction::<RevokeShare>::new();
    let unissue = ServerAction::<RevokePortfolio>::new();
    let sharing = Resource::new(
        move || {
            (
                share.version().get(),
                revoke.version().get(),
                unissue.version().get(),
            )
        },
        |_| evidence_sharing(),
    );
    let error = Signal::derive(move || share.value().get().and_then(|r| r.err()));
    let field_error = move |name: &str| {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    };
    let email = NodeRef::<leptos::html::Input>::new();
    let days = NodeRef::<leptos::html::Select>::new();
    view! {
        <section class="card" id="sharing">
            <h2 class="card-title">"Share your evidence"</h2>
            <p class="muted">"An assessor you share with can read your readiness and evidence until the date you choose. You can end a share at any time."</p>
            // Not a <form>: a tap before the page is live does nothing, rather than reloading
            // the page and losing what was typed.
            <div class="form">
                <div class="field" class:has-error=move || field_error("assessor_email").is_some()>
                    <label for="field-assessor-email">"Assessor's e-mail"</label>
                    <input id="field-assessor-email" name="assessor_email" type="email" autocomplete="off" node_ref=email />
                    <p class="field-error" role="alert">{move || field_error("assessor_email")}</p>
                </div>
                <div class="field">
                    <label for="field-days">"For"</label>
                    <select id="field-days" name="days" class="select" node_ref=days>
                        <option value="7">"1 week"</option>
                        <option value="30" selected>"30 days"</option>
                        <option value="90">"90 days"</option>
                    </select>
                    <p class="field-error" role="alert">{move || field_error("days")}</p>
                </div>
                <FormError error=error fields=&["assessor_email", "days"] />
                <button type="button" class="btn btn-primary" disabled=move || share.pending().get() on:click=move |_| {
                    let email = email.get().map(|i| i.value()).unwrap_or_default();
                    let days = days.get().and_then(|s| s.value().parse().ok()).unwrap_or(30);
                    share.dispatch(ShareEvidence { assessor_email: email, days });
                }>"Share"</button>
            </div>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match sharing.await {
                        Ok(s) => view! { <SharingLists s=s.clone() revoke=revoke /> <Portfolios s=s unissue=unissue /> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SharingLists(s: Sharing, revoke: ServerAction<RevokeShare>) -> impl IntoView {
    let active: Vec<_> = s.shares.into_iter().filter(|x| x.active).collect();
    view! {
        <h3 class="card-subtitle">"Shared now"</h3>
        {if active.is_empty() {
            view! { <p class="muted">"Not shared with anyone."</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {active.into_iter().map(|x| {
                        let id = x.id.clone();
                        view! {
                            <li class="list-row">
                                <div>
                                    <p class="list-title">{x.assessor_name.clone()}</p>
                                    <p class="muted">{format!("{} · until {}", x.assessor_email, day(&x.expires_at))}</p>
                                </div>
                                <button class="btn btn-small" on:click=move |_| { revoke.dispatch(RevokeShare { share_id: id.clone() }); }>"End"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h3 class="card-subtitle">"Who looked"</h3>
        {if s.views.is_empty() {
            view! { <p class="muted">"Nobody has looked at your evidence yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {s.views.into_iter().take(20).map(|v| view! {
                        <li class="list-row">
                            <div>
                                <p class="list-title">{v.viewer_name.clone()}</p>
                                <p class="muted">{format!("{} · your {} · {}", v.viewer_role, v.what, day(&v.viewed_at))}</p>
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The portfolio: download it (each PDF gets its own verify link, printed as a QR code), and
/// revoke a link given out.
#[component]
fn Portfolios(s: Sharing, unissue: ServerAction<RevokePortfolio>) -> impl IntoView {
    let show_name = RwSignal::new(false);
    let base = format!("/api/v1/learners/{}/portfolio", s.learner_id);
    let pdf = {
        let base = base.clone();
        move || {
            if show_name.get() {
                format!("{base}.pdf?show_name=true")
            } else {
                format!("{base}.pdf")
            }
        }
    };
    let live: Vec<_> = s.portfolios.into_iter().filter(|p| !p.revoked).collect();
    view! {
        <h3 class="card-subtitle">"Your portfolio"</h3>
        <p class="muted">"Everything an assessor needs: readiness, every KSB, observations, off-the-job hours and the evidence trail. Its QR code opens a page that proves it is genuine."</p>
        <label class="check">
            <input type="checkbox" prop:checked=move || show_name.get() on:change=move |ev| show_name.set(event_target_checked(&ev)) />
            " Show my name on its verify page"
        </label>
        <div class="row-actions">
            <a class="btn btn-primary btn-small" href=pdf download>"Download PDF"</a>
            <a class="btn btn-small btn-outline" href=base download>"JSON"</a>
        </div>
        {(!live.is_empty()).then(|| view! {
            <ul class="list">
                {live.into_iter().map(|p| {
                    let id = p.id.clone();
                    view! {
                        <li class="list-row">
                            <div>
                                <p class="list-title">{format!("Issued {}", day(&p.issued_at))}</p>
                                <p class="muted">{format!("{} pieces of evidence · name {}", p.evidence_count, if p.show_name { "shown" } else { "hidden" })}</p>
                            </div>
                            <button class="btn btn-small" on:click=move |_| { unissue.dispatch(RevokePortfolio { issue_id: id.clone() }); }>"Revoke"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
