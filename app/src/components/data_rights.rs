//! A person's data rights on Me (and for an admin, on a person's row): download a copy of
//! everything Flowline holds about them, and erase the account after reading what is kept.

use crate::api::privacy::{export_status, EraseAccount, RequestExport};
use crate::components::form::FormError;
use crate::components::instructor::when::long_date;
use crate::model::{DataExport, ExportStatus, RETENTION_RULE};
use leptos::prelude::*;

/// `user_id` is the person's; `own` when it is the signed-in person themself; `on_erased`
/// runs once someone else's account is erased (an admin's list refreshes).
#[component]
pub fn DataRights(
    user_id: String,
    email: String,
    own: bool,
    #[prop(optional)] on_erased: Option<Callback<()>>,
) -> impl IntoView {
    let ask = ServerAction::<RequestExport>::new();
    let tick = RwSignal::new(0u32);
    let id = user_id.clone();
    let status = Resource::new(
        move || (ask.version().get(), tick.get()),
        move |_| export_status(id.clone()),
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
    let who = if own { "your" } else { "their" };
    let id = user_id.clone();
    let request = move || {
        ask.dispatch(RequestExport {
            user_id: id.clone(),
        });
    };
    view! {
        <section class="card" id="data-rights">
            <h2 class="card-title">{if own { "Your data" } else { "Their data" }}</h2>
            <p class="muted">{format!("A copy of everything Flowline holds about {}: answers, progress, sign-offs, training hours, coach messages, shares and who looked. One ZIP of JSON and CSV files; the link works for 7 days.", if own { "you" } else { "this person" })}</p>
            <Transition fallback=|| ()>
                {move || {
                    let latest = status.get().and_then(|r| r.ok()).and_then(|s| s.latest);
                    export_view(latest, request.clone(), ask.pending())
                }}
            </Transition>
            {move || ask.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
            <Erase user_id=user_id.clone() email=email.clone() own=own who=who on_erased=on_erased />
        </section>
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
) -> impl IntoView {
    let button = move |label: &'static str| {
        let request = request.clone();
        view! {
            <button type="button" class="btn btn-primary" disabled=move || pending.get()
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
                {button("Make a new copy")}
            }.into_any()
        }
        Some(e) if e.status == ExportStatus::Failed => view! {
            <p class="form-error" role="alert">{e.error.unwrap_or_else(|| "The copy could not be made.".into())}</p>
            {button("Try again")}
        }.into_any(),
        Some(_) => view! {
            <p class="muted">"The last copy's link has expired."</p>
            {button("Download my data")}
        }.into_any(),
        None => button("Download my data").into_any(),
    }
}

#[component]
fn Erase(
    user_id: String,
    email: String,
    own: bool,
    who: &'static str,
    on_erased: Option<Callback<()>>,
) -> impl IntoView {
    let erase = ServerAction::<EraseAccount>::new();
    let typed = RwSignal::new(String::new());
    let error = Signal::derive(move || erase.value().get().and_then(|r| r.err()));
    let done = Signal::derive(move || erase.value().get().is_some_and(|r| r.is_ok()));
    Effect::new(move |_| {
        if !done.get() {
            return;
        }
        if own {
            // Signed out: start again at the sign-in page, which says what happened.
            let _ = window().location().assign("/login?erased=1");
        } else if let Some(cb) = on_erased {
            cb.run(());
        }
    });
    let id = user_id.clone();
    view! {
        <details class="danger-zone">
            <summary>{if own { "Delete my account" } else { "Delete this account" }}</summary>
            <p>{format!("What happens to {who} data:")}</p>
            <ul class="retention">
                {RETENTION_RULE.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}
            </ul>
            <Show when=move || !done.get() fallback=|| view! { <p class="notice" role="status">"The account is erased."</p> }>
                <div class="field" class:has-error=move || error.get().is_some_and(|e| e.field.as_deref() == Some("confirm"))>
                    <label for="field-erase-confirm">{format!("Type the account's e-mail address ({email}) to confirm")}</label>
                    <input id="field-erase-confirm" type="email" autocomplete="off"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{move || error.get().filter(|e| e.field.as_deref() == Some("confirm")).map(|e| e.message)}</p>
                </div>
                <FormError error=error fields=&["confirm"] />
                <button type="button" class="btn btn-danger" disabled=move || erase.pending().get() || typed.get().trim().is_empty()
                    on:click={
                        let id = id.clone();
                        move |_| { erase.dispatch(EraseAccount { user_id: id.clone(), confirm: typed.get_untracked() }); }
                    }>
                    {if own { "Delete my account for good" } else { "Delete this account for good" }}
                </button>
            </Show>
        </details>
    }
}
