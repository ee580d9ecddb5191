//! A person's data rights: download a copy of everything Flowline holds about them, and
//! erase the account after reading what is kept. The page `/data/:id`, reached from Me (the
//! person themself) and from People (an admin, for anyone).

use crate::components::form::{live, FormError};
use crate::components::instructor::when::long_date;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::privacy::{export_status, EraseAccount, RequestExport};
use flowline_core::model::{DataExport, DataExports, ExportStatus, RETENTION_RULE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// A link to the page, for Me and People.
#[component]
pub fn DataRightsLink(user_id: String, #[prop(into)] label: String) -> impl IntoView {
    view! { <A href=format!("/data/{user_id}") attr:class="btn btn-ghost data-link">{label}</A> }
}

/// `/data/:id`.
#[component]
pub fn DataRightsPage() -> impl IntoView {
    let params = use_params_map();
    let ask = ServerAction::<RequestExport>::new();
    let tick = RwSignal::new(0u32);
    let status = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                ask.version().get(),
                tick.get(),
            )
        },
        |(id, _, _)| export_status(id),
    );
    // While an export is being made, ask again every second.
    Effect::new(move |_| {
        let busy = status
            .get()
            .and_then(|r| r.ok())
            .and_then(|s| s.latest)
            .is_some_and(|e| e.status.in_progress());
        if busy {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_millis(1000),
            );
        }
    });
    view! {
        <Title text="Data" />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let me = crate::pages::signed_in().await.ok().map(|m| m.id);
                match status.await {
                    Ok(s) => {
                        let own = me.as_deref() == Some(s.user_id.as_str());
                        view! { <Rights s=s ask=ask own=own /> }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Rights(s: DataExports, ask: ServerAction<RequestExport>, own: bool) -> impl IntoView {
    let back = if own { "/me" } else { "/admin/people" };
    let id = s.user_id.clone();
    let live = live();
    let request = move || {
        ask.dispatch(RequestExport {
            user_id: id.clone(),
        });
    };
    view! {
        <header class="page-header">
            <A href=back attr:class="back">{if own { "‹ Me" } else { "‹ People" }}</A>
            <h1>{if own { "Your data".to_owned() } else { format!("{}'s data", s.name) }}</h1>
        </header>
        <section class="card" id="data-rights">
            <h2 class="card-title">"A copy of the data"</h2>
            <p class="muted">{format!("Everything Flowline holds about {}: answers, progress, sign-offs, training hours, coach messages, shares and who looked. One ZIP of JSON and CSV files; the link works for 7 days.", if own { "you" } else { "this person" })}</p>
            {export_view(s.latest, request, ask.pending(), live)}
            {move || ask.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        </section>
        <Erase user_id=s.user_id email=s.email own=own />
    }
}

fn size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} kB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn export_view(
    latest: Option<DataExport>,
    request: impl Fn() + Clone + Send + Sync + 'static,
    pending: Memo<bool>,
    live: Signal<bool>,
) -> impl IntoView {
    let button = move |label: &'static str, class: &'static str| {
        let request = request.clone();
        view! {
            <button type="button" class=class disabled=move || !live.get() || pending.get()
                on:click=move |_| request()>{label}</button>
        }
    };
    match latest {
        Some(e) if e.status.in_progress() => {
            let pct = (e.progress * 100.0).round();
            view! {
                <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=format!("{pct:.0}") aria-label="Preparing the copy">
                    <span style=format!("width: {:.1}%", pct.max(4.0))></span>
                </div>
                <p class="muted" role="status">{if e.status == ExportStatus::Queued { "Waiting to start…".to_owned() } else { format!("Preparing the copy… {pct:.0} %") }}</p>
            }.into_any()
        }
        Some(e) if e.status == ExportStatus::Ready => {
            let until = e.expires_at.as_deref().map(|t| long_date(t.get(..10).unwrap_or_default())).unwrap_or_default();
            view! {
                <div class="export-ready">
                    <a class="btn btn-primary" href=e.download_url.clone().unwrap_or_default() download>
                        {format!("Download ZIP ({})", size(e.bytes.unwrap_or(0)))}
                    </a>
                    <p class="muted" role="status">{format!("Ready. The link works until {until}.")}</p>
                </div>
                {button("Make a new copy", "btn btn-ghost data-link")}
            }.into_any()
        }
        Some(e) if e.status == ExportStatus::Failed => view! {
            <p class="form-error" role="alert">{e.error.unwrap_or_else(|| "The copy could not be made.".into())}</p>
            {button("Try again", "btn btn-primary")}
        }.into_any(),
        Some(_) => view! {
            <p class="muted">"The last copy's link has expired."</p>
            {button("Download the data", "btn btn-primary")}
        }.into_any(),
        None => button("Download the data", "btn btn-primary").into_any(),
    }
}

#[component]
fn Erase(user_id: String, email: String, own: bool) -> impl IntoView {
    let erase = ServerAction::<EraseAccount>::new();
    let typed = RwSignal::new(String::new());
    let live = live();
    let error = Signal::derive(move || erase.value().get().and_then(|r| r.err()));
    let done = Signal::derive(move || erase.value().get().is_some_and(|r| r.is_ok()));
    Effect::new(move |_| {
        if done.get() {
            // Signed out after erasing oneself: the sign-in page says what happened.
            let to = if own {
                "/login?erased=1"
            } else {
                "/admin/people"
            };
            let _ = window().location().assign(to);
        }
    });
    let id = user_id.clone();
    view! {
        <section class="card danger-zone" id="erase">
            <h2 class="card-title">{if own { "Delete my account" } else { "Delete this account" }}</h2>
            <p>{format!("What happens to {} data:", if own { "your" } else { "their" })}</p>
            <ul class="retention">
                {RETENTION_RULE.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}
            </ul>
            <div class="field" class:has-error=move || error.get().is_some_and(|e| e.field.as_deref() == Some("confirm"))>
                <label for="field-erase-confirm">{format!("Type the account's e-mail address ({email}) to confirm")}</label>
                <input id="field-erase-confirm" type="email" autocomplete="off"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                <p class="field-error" role="alert">{move || error.get().filter(|e| e.field.as_deref() == Some("confirm")).map(|e| e.message)}</p>
            </div>
            <FormError error=error fields=&["confirm"] />
            <button type="button" class="btn btn-danger" disabled=move || !live.get() || erase.pending().get() || done.get()
                on:click=move |_| { erase.dispatch(EraseAccount { user_id: id.clone(), confirm: typed.get_untracked() }); }>
                {if own { "Delete my account for good" } else { "Delete this account for good" }}
            </button>
        </section>
    }
}
