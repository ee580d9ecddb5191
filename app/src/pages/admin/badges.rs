//! The admin's Badges page: every badge awarded, with the learner, what earned it and whether
//! it was downloaded; revoke one (with the reason the learner is shown) or reinstate it.

use super::AdminTabs;
use crate::components::icons::Icon;
use crate::components::milestone::Medal;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::rpc::badges::{admin_badges, reinstate_badge, revoke_badge};
use flowline_core::error::AppError;
use flowline_core::model::BadgeAward;
use leptos::prelude::*;
use leptos_meta::Title;

fn date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

type Change = Action<(String, Option<String>), Result<BadgeAward, AppError>>;

#[component]
pub fn BadgesPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let list = Resource::new(move || changed.get(), |_| admin_badges());
    let change: Change = Action::new(|(id, reason): &(String, Option<String>)| {
        let (id, reason) = (id.clone(), reason.clone());
        async move {
            match reason {
                Some(reason) => revoke_badge(id, reason).await,
                None => reinstate_badge(id).await,
            }
        }
    });
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
    let search = RwSignal::new(String::new());
    view! {
        <Title text="Badges · Admin" />
        <header class="page-header"><h1>"Badges"</h1></header>
        <AdminTabs />
        <section class="card" aria-labelledby="badges-title">
            <h2 class="card-title" id="badges-title">"Badges awarded"</h2>
            <p class="muted">"A badge issued in error can be revoked, downloaded or not: the apprentice sees why, it can no longer be downloaded or added to LinkedIn, and anyone checking a downloaded copy is told it was revoked. Reinstating it lets them download it again."</p>
            <label class="field">
                <span>"Find an apprentice or a badge"</span>
                <input type="search" class="input" placeholder="Name or badge"
                    on:input=move |ev| search.set(event_target_value(&ev)) />
            </label>
            {move || change.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(all) if all.is_empty() => view! {
                            <EmptyState title="No badges yet".to_owned() icon=Icon::Admin>
                                <p>"Apprentices earn badges as they master KSBs and keep their streaks; they appear here."</p>
                            </EmptyState>
                        }.into_any(),
                        Ok(all) => view! { <BadgeList all=all search=search change=change /> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BadgeList(all: Vec<BadgeAward>, search: RwSignal<String>, change: Change) -> impl IntoView {
    view! {
        <ul class="list badge-admin-list">
            {all.into_iter().map(|b| {
                let haystack = format!("{} {}", b.learner_name, b.title).to_lowercase();
                let shown = move || search.with(|s| haystack.contains(&s.trim().to_lowercase()));
                let award = b.id.clone();
                view! {
                    <li class="list-row badge-admin-row" class:hidden=move || !shown() data-award=award>
                        <Row b=b change=change />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Row(b: BadgeAward, change: Change) -> impl IntoView {
    let asking = RwSignal::new(false);
    let reason = NodeRef::<leptos::html::Textarea>::new();
    let downloads = match b.credentials {
        0 => "Not downloaded".to_owned(),
        1 => "Downloaded".to_owned(),
        n => format!("{n} credentials issued"),
    };
    let id = b.id.clone();
    let label = format!("{} · {}", b.title, b.learner_name);
    let state = match &b.revoked {
        Some(r) => view! {
            <p class="status-pill status-red">
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{format!("Revoked {}: {}", date(&r.at), r.reason)}</span>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="status-pill status-green">
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">"Stands"</span>
            </p>
        }
        .into_any(),
    };
    let action = if b.revoked.is_some() {
        let id = id.clone();
        view! {
            <button type="button" class="btn btn-small btn-outline" aria-label=format!("Reinstate {label}")
                disabled=move || change.pending().get()
                on:click=move |_| { change.dispatch((id.clone(), None)); }>"Reinstate"</button>
        }.into_any()
    } else {
        let id = id.clone();
        view! {
            <div class="badge-revoke">
                <button type="button" class="btn btn-small btn-ghost" class:hidden=move || asking.get()
                    aria-label=format!("Revoke {label}") on:click=move |_| asking.set(true)>"Revoke…"</button>
                <form class="form" class:hidden=move || !asking.get() on:submit=move |ev| {
                    ev.prevent_default();
                    let why = reason.get().map(|t| t.value()).unwrap_or_default();
                    change.dispatch((id.clone(), Some(why)));
                }>
                    <label class="field"><span>"Why is it revoked? The apprentice is shown this."</span>
                        <textarea class="input" rows="2" maxlength="500" required node_ref=reason></textarea>
                    </label>
                    <div class="row-actions">
                        <button type="submit" class="btn btn-small btn-danger btn-inline" disabled=move || change.pending().get()>"Revoke badge"</button>
                        <button type="button" class="btn btn-small btn-ghost" on:click=move |_| asking.set(false)>"Cancel"</button>
                    </div>
                </form>
            </div>
        }.into_any()
    };
    view! {
        <Medal key=b.key.clone() />
        <div class="badge-admin-main">
            <p class="list-title">{b.title.clone()}</p>
            <p class="muted">{format!("{} · {} · awarded {} · {downloads}", b.learner_name, b.standard, date(&b.awarded_at))}</p>
            <p class="muted small">{b.evidence.join(", ")}</p>
            {state}
            {action}
        </div>
    }
}
