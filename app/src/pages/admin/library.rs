//! The KSB library: import the official standard with a preview of what changes (nothing is
//! written until the admin says so), edit a KSB's text and prerequisites, and set the
//! standard's off-the-job minimum and typical duration.

use super::AdminTabs;
use crate::components::form::live;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::library::{import_standard, library_page, save_ksb, save_settings};
use flowline_core::error::AppError;
use flowline_core::model::{
    ChangeKind, ImportReport, KsbDto, KsbEdit, StandardDetail, StandardOtjIn,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LibraryPage() -> impl IntoView {
    let query = use_query_map();
    let changed = RwSignal::new(0u32);
    let page = Resource::new(
        move || (query.with(|q| q.get("standard")), changed.get()),
        |(reference, _)| library_page(reference),
    );
    view! {
        <Title text="KSB library" />
        <header class="page-header"><h1>"KSB library"</h1></header>
        <AdminTabs />
        <ImportCard changed=changed />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => match p.detail {
                        Some(d) => view! {
                            {(p.standards.len() > 1).then(|| view! {
                                <nav class="chips" aria-label="Standards">
                                    {p.standards.iter().map(|s| view! {
                                        <a class="filter-chip" href=format!("/admin/library?standard={}", s.reference)>{s.reference.clone()}</a>
                                    }).collect_view()}
                                </nav>
                            })}
                            <Settings d=d.clone() changed=changed />
                            <Ksbs d=d changed=changed />
                        }.into_any(),
                        None => view! { <p class="muted">"No standard yet: import the official document above."</p> }.into_any(),
                    },
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Paste or upload the official JSON, preview what changes, then import.
#[component]
fn ImportCard(changed: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let preview = Action::new(|t: &String| import_standard(t.clone(), true));
    let import = Action::new(|t: &String| import_standard(t.clone(), false));
    // The preview shown is of the text as it is now: typing again asks for a new one.
    let previewed = RwSignal::new(None::<String>);
    let read_error = RwSignal::new(None::<String>);
    let live = live();
    Effect::new(move |_| {
        if let Some(Ok(_)) = preview.value().get() {
            previewed.set(Some(text.get_untracked()));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = import.value().get() {
            previewed.set(None);
            changed.update(|n| *n += 1);
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        read_error.set(None);
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
                        preview.dispatch(body);
                    }
                    Err(_) => read_error.set(Some(
                        "That file could not be read. Try pasting its text.".into(),
                    )),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let current = move || previewed.get().is_some_and(|p| p == text.get());
    view! {
        <section class="card" id="import-standard">
            <h2 class="card-title">"Import the official standard"</h2>
            <p class="muted">"The standard's JSON from Skills England. You see what it adds, changes and retires before anything is written; KSBs keep their lessons and learners' history by code."</p>
            <div class="form">
                <label class="field">
                    <span>"Standard (JSON)"</span>
                    <textarea class="credential-text" rows="5" spellcheck="false"
                        placeholder="{\"referenceNumber\": \"ST1332\", \"title\": …"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <label class="btn btn-outline file-pick">
                    "Choose the .json file"
                    <input type="file" accept=".json,application/json" class="visually-hidden" disabled=move || !live.get() on:change=on_file />
                </label>
                <button type="button" class="btn btn-primary" disabled=move || !live.get() || preview.pending().get()
                    on:click=move |_| { preview.dispatch(text.get_untracked()); }>
                    {move || if preview.pending().get() { "Reading…" } else { "Preview" }}
                </button>
            </div>
            {move || read_error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            {move || preview.value().get().map(|r| match r {
                Ok(report) if current() => view! {
                    <Preview report=report />
                    <button type="button" class="btn btn-primary import-go" disabled=move || import.pending().get()
                        on:click=move |_| { import.dispatch(text.get_untracked()); }>"Import it"</button>
                }.into_any(),
                Ok(_) => ().into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
            {move || import.value().get().map(|r: Result<ImportReport, AppError>| match r {
                Ok(done) => view! { <p class="notice notice-ok" role="status">{format!("Imported {} version {}: {} added, {} changed or kept, {} retired.", done.reference, done.version, done.created, done.updated, done.retired)}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Preview(report: ImportReport) -> impl IntoView {
    let count = |k: ChangeKind| report.changes.iter().filter(|c| c.change == k).count();
    let (added, changed, retired) = (
        count(ChangeKind::Added),
        count(ChangeKind::Changed),
        count(ChangeKind::Retired),
    );
    view! {
        <div class="import-preview" role="status">
            <p class="list-title">{format!("{} · {} (version {})", report.reference, report.title, report.version)}</p>
            <p class="muted">{format!("{} knowledge, {} skills, {} behaviours. Nothing is written until you import.", report.knowledges, report.skills, report.behaviours)}</p>
            <div class="summary-chips">
                <span class="chip chip-added">{format!("{added} added")}</span>
                <span class="chip chip-changed">{format!("{changed} changed")}</span>
                <span class="chip chip-retired">{format!("{retired} retired")}</span>
            </div>
            {if report.changes.is_empty() {
                view! { <p class="muted">"Nothing changes: the library already matches this document."</p> }.into_any()
            } else {
                view! {
                    <ul class="list changes">
                        {report.changes.into_iter().map(|c| {
                            let (class, word) = match c.change {
                                ChangeKind::Added => ("chip chip-added", "Added"),
                                ChangeKind::Changed => ("chip chip-changed", "Changed"),
                                ChangeKind::Retired => ("chip chip-retired", "Retired"),
                            };
                            view! {
                                <li class="list-row change-row">
                                    <div>
                                        <p class="list-title"><span class=class>{word}</span>" "{c.code.clone()}{c.was_code.map(|w| format!(" (was {w})"))}</p>
                                        {c.before.map(|b| view! { <p class="change-before">{b}</p> })}
                                        {(c.change != ChangeKind::Retired).then(|| c.after.map(|a| view! { <p class="change-after">{a}</p> }))}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// The server's message for the field `name`, when the last save failed on it.
fn message_for(
    error: Signal<Option<AppError>>,
    name: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    }
}

#[component]
fn Settings(d: StandardDetail, changed: RwSignal<u32>) -> impl IntoView {
    let reference = d.summary.reference.clone();
    let hours = RwSignal::new(
        d.summary
            .otj_min_hours
            .map(|h| h.to_string())
            .unwrap_or_default(),
    );
    let months = RwSignal::new(
        d.typical_duration_months
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let daily = RwSignal::new(d.otj_daily_hours.to_string());
    let save =
        Action::new(move |input: &StandardOtjIn| save_settings(reference.clone(), input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field_error = move |name: &'static str| message_for(error, name);
    let live = live();
    view! {
        <section class="card" id="standard-settings">
            <h2 class="card-title">{format!("{} · {}", d.summary.reference, d.summary.title)}</h2>
            <p class="muted">{format!("Level {} · version {} · {} KSBs · {}", d.summary.level, d.summary.version, d.summary.ksb_count, if d.summary.source == "official" { "the official text" } else { "illustrative text until the official document is imported" })}</p>
            <div class="form settings-row">
                <label class="field">
                    <span>"Off-the-job minimum (hours)"</span>
                    <input type="number" min="1" inputmode="numeric" prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{field_error("otj_min_hours")}</p>
                </label>
                <label class="field">
                    <span>"Typical duration (months)"</span>
                    <input type="number" min="1" inputmode="numeric" prop:value=move || months.get() on:input=move |ev| months.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{field_error("typical_duration_months")}</p>
                </label>
                <label class="field">
                    <span>"Most lesson and check time counted a day (hours)"</span>
                    <input type="number" min="0.5" max="12" step="0.5" inputmode="decimal" prop:value=move || daily.get() on:input=move |ev| daily.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{field_error("otj_daily_hours")}</p>
                </label>
            </div>
            <button type="button" class="btn btn-primary" disabled=move || !live.get() || save.pending().get() on:click=move |_| {
                let parse = |s: String| s.trim().parse::<i64>().ok();
                save.dispatch(StandardOtjIn {
                    otj_min_hours: parse(hours.get_untracked()),
                    typical_duration_months: parse(months.get_untracked()),
                    otj_daily_hours: daily.get_untracked().trim().parse::<f64>().ok(),
                });
            }>"Save"</button>
            {move || save.value().get().and_then(Result::ok).map(|_| view! { <p class="notice notice-ok" role="status">"Saved."</p> })}
        </section>
    }
}

#[component]
fn Ksbs(d: StandardDetail, changed: RwSignal<u32>) -> impl IntoView {
    let reference = d.summary.reference.clone();
    view! {
        <section class="card" id="ksbs">
            <h2 class="card-title">"Knowledge, skills and behaviours"</h2>
            <p class="muted">"Prerequisites are what a learner masters first: the feed offers them before the KSBs that need them."</p>
            <ul class="list">
                {d.ksbs.into_iter().map(|k| view! { <KsbRow k=k reference=reference.clone() changed=changed /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn KsbRow(k: KsbDto, reference: String, changed: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(k.text.clone());
    let needs = RwSignal::new(k.prerequisites.join(", "));
    let code = k.code.clone();
    let save =
        Action::new(move |edit: &KsbEdit| save_ksb(reference.clone(), code.clone(), edit.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field_error = move |name: &'static str| message_for(error, name);
    let id = format!("ksb-{}", k.code);
    let live = live();
    view! {
        <li class="list-row ksb-row" id=id.clone()>
            <div class="ksb-main">
                <p class="list-title"><span class="chip">{k.code.clone()}</span>" "{k.text.clone()}</p>
                <p class="muted">{if k.prerequisites.is_empty() { "Needs nothing first".to_owned() } else { format!("Needs first: {}", k.prerequisites.join(", ")) }}</p>
                <details class="ksb-edit">
                    <summary>{format!("Edit {}", k.code)}</summary>
                    <label class="field">
                        <span>"Text"</span>
                        <textarea rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        <p class="field-error" role="alert">{field_error("text")}</p>
                    </label>
                    <label class="field">
                        <span>"Needs first (codes, e.g. K1, K3)"</span>
                        <input type="text" autocapitalize="characters" prop:value=move || needs.get() on:input=move |ev| needs.set(event_target_value(&ev)) />
                        <p class="field-error" role="alert">{field_error("prerequisites")}</p>
                    </label>
                    <button type="button" class="btn btn-primary" disabled=move || !live.get() || save.pending().get() on:click=move |_| {
                        let prerequisites = needs.get_untracked().split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                        save.dispatch(KsbEdit { text: text.get_untracked(), prerequisites });
                    }>{format!("Save {}", k.code)}</button>
                </details>
            </div>
        </li>
    }
}
