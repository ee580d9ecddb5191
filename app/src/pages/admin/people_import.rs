//! Bringing people in from the LMS: pick the CSV export (or read TalentLMS), check the
//! preview (which column is which, what each row becomes, the rows that cannot go in and
//! why), then import; new people's one-time sign-in links are listed to send.

use super::AdminTabs;
use crate::components::form::live;
use flowline_core::error::AppError;
#[cfg(feature = "hydrate")]
use flowline_core::error::ErrorCode;
use flowline_core::model::{ColumnMapping, ImportMode, PeopleReport};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Where the rows come from.
#[derive(Clone)]
enum Source {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Csv(send_wrapper::SendWrapper<web_sys::File>),
    TalentLms,
}

#[cfg(feature = "hydrate")]
fn query(mode: ImportMode, m: &ColumnMapping) -> String {
    let mode = match mode {
        ImportMode::Preview => "preview",
        ImportMode::All => "all",
        ImportMode::GoodRows => "good_rows",
    };
    let mut q = format!("mode={mode}");
    for (key, value) in [
        ("email", &m.email),
        ("first_name", &m.first_name),
        ("last_name", &m.last_name),
        ("name", &m.name),
        ("cohort", &m.cohort),
        ("role", &m.role),
    ] {
        if let Some(v) = value {
            q.push_str(&format!("&{key}={}", js_encode(v)));
        }
    }
    q
}

#[cfg(feature = "hydrate")]
fn js_encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

#[cfg(not(feature = "hydrate"))]
fn js_encode(s: &str) -> String {
    s.to_owned()
}

/// Sends the rows to the server and reads its report (or its error).
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
async fn run(
    source: Source,
    mode: ImportMode,
    mapping: ColumnMapping,
) -> Result<PeopleReport, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_net::http::Request;
        let request = match &source {
            Source::Csv(file) => Request::post(&format!(
                "/api/v1/admin/people/import?{}",
                query(mode, &mapping)
            ))
            .header("Content-Type", "text/csv")
            .body(leptos::wasm_bindgen::JsValue::from((**file).clone())),
            Source::TalentLms => Request::post("/api/v1/admin/people/import/talentlms")
                .json(&serde_json::json!({ "mode": mode })),
        };
        let network = || {
            AppError::new(
                ErrorCode::Network,
                "Flowline could not be reached. Check your connection and try again.",
            )
        };
        let res = request
            .map_err(|_| network())?
            .send()
            .await
            .map_err(|_| network())?;
        if res.ok() {
            return res.json::<PeopleReport>().await.map_err(AppError::internal);
        }
        let body: serde_json::Value = res.json().await.unwrap_or_default();
        let mut e = AppError::new(
            ErrorCode::Invalid,
            body["error"]["message"]
                .as_str()
                .unwrap_or("The import could not be done.")
                .to_owned(),
        );
        e.field = body["error"]["field"].as_str().map(str::to_owned);
        Err(e)
    }
    #[cfg(not(feature = "hydrate"))]
    Err(AppError::internal(
        "the import is sent from the browser only",
    ))
}

#[component]
pub fn PeopleImportPage() -> impl IntoView {
    let live = live();
    let source = RwSignal::new(None::<Source>);
    let mapping = RwSignal::new(ColumnMapping::default());
    let file_name = RwSignal::new(String::new());
    let preview = Action::new_unsync(|(s, m): &(Source, ColumnMapping)| {
        run(s.clone(), ImportMode::Preview, m.clone())
    });
    let import = Action::new_unsync(|(s, m, mode): &(Source, ColumnMapping, ImportMode)| {
        run(s.clone(), *mode, m.clone())
    });
    let check = move || {
        if let Some(s) = source.get_untracked() {
            import.value().set(None);
            preview.dispatch((s, mapping.get_untracked()));
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(file) = crate::components::form::take_picked_file(&ev) {
            file_name.set(file.name());
            mapping.set(ColumnMapping::default());
            source.set(Some(Source::Csv(send_wrapper::SendWrapper::new(file))));
            check();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let from_lms = move |_| {
        file_name.set("TalentLMS".into());
        mapping.set(ColumnMapping::default());
        source.set(Some(Source::TalentLms));
        check();
    };
    let go = move |mode: ImportMode| {
        if let Some(s) = source.get_untracked() {
            import.dispatch((s, mapping.get_untracked(), mode));
        }
    };
    view! {
        <Title text="Import people" />
        <header class="page-header">
            <A href="/admin/people" attr:class="back-link">"← People"</A>
            <h1>"Import people"</h1>
        </header>
        <AdminTabs />
        <section class="card" id="import-people">
            <h2 class="card-title">"From your LMS"</h2>
            <p class="muted">"Export the users from TalentLMS (or any LMS) as CSV. Nothing is written until you have seen what each row becomes. People are matched by e-mail, so importing the same file again changes nothing. Nobody gets a password from the file: each new person gets a one-time sign-in link for you to send."</p>
            <div class="form-row">
                <label class="btn btn-primary file-pick">
                    "Choose the CSV export"
                    <input type="file" accept=".csv,text/csv" class="visually-hidden" disabled=move || !live.get() on:change=on_file />
                </label>
                <button type="button" class="btn btn-outline" disabled=move || !live.get() || preview.pending().get() on:click=from_lms>
                    "Read from TalentLMS"
                </button>
            </div>
            {move || preview.pending().get().then(|| view! { <p class="muted" role="status">{format!("Checking {}…", file_name.get())}</p> })}
            {move || preview.value().get().map(|r| match r {
                Ok(report) => {
                    let report = StoredValue::new(report);
                    view! {
                        <Mapping report=report mapping=mapping on_change=Callback::new(move |_| check()) />
                        <Outcome report=report />
                        <Show when=move || import.value().with(|v| !matches!(v, Some(Ok(r)) if r.written))>
                            <div class="form-row import-actions">
                                {move || {
                                    let r = report.get_value();
                                    let all = format!("Import all {}", r.good_rows);
                                    let good = format!("Import the {} good rows", r.good_rows);
                                    let blocked = r.bad_rows > 0 || r.good_rows == 0;
                                    let partial = r.bad_rows > 0 && r.good_rows > 0;
                                    view! {
                                        <button type="button" class="btn btn-primary" data-import="all"
                                            disabled=move || import.pending().get() || blocked
                                            on:click=move |_| go(ImportMode::All)>{all}</button>
                                        {partial.then(|| view! {
                                            <button type="button" class="btn btn-outline" data-import="good_rows"
                                                disabled=move || import.pending().get()
                                                on:click=move |_| go(ImportMode::GoodRows)>{good}</button>
                                        })}
                                    }
                                }}
                            </div>
                        </Show>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
            {move || import.value().get().map(|r| match r {
                Ok(done) => view! { <Imported report=done /> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </section>
    }
}

/// Which column is which: the guess, changeable; a change checks the file again.
#[component]
fn Mapping(
    report: StoredValue<PeopleReport>,
    mapping: RwSignal<ColumnMapping>,
    on_change: Callback<()>,
) -> impl IntoView {
    let r = report.get_value();
    if r.source != "csv" {
        return ().into_any();
    }
    let fields: [(&str, &str, Option<String>); 6] = [
        ("email", "E-mail", r.mapping.email.clone()),
        ("first_name", "First name", r.mapping.first_name.clone()),
        ("last_name", "Last name", r.mapping.last_name.clone()),
        ("name", "Whole name", r.mapping.name.clone()),
        ("cohort", "Cohort", r.mapping.cohort.clone()),
        ("role", "Role", r.mapping.role.clone()),
    ];
    let columns = r.columns.clone();
    view! {
        <fieldset class="mapping">
            <legend>"Columns"</legend>
            {fields.into_iter().map(|(key, label, chosen)| {
                let columns = columns.clone();
                let on_pick = move |ev: leptos::ev::Event| {
                    let v = event_target_value(&ev);
                    let v = (!v.is_empty()).then_some(v);
                    mapping.update(|m| match key {
                        "email" => m.email = v,
                        "first_name" => m.first_name = v,
                        "last_name" => m.last_name = v,
                        "name" => m.name = v,
                        "cohort" => m.cohort = v,
                        _ => m.role = v,
                    });
                    on_change.run(());
                };
                view! {
                    <label class="field mapping-field">
                        <span>{label}</span>
                        <select data-field=key on:change=on_pick>
                            <option value="" selected=chosen.is_none()>"(none)"</option>
                            {columns.iter().map(|c| {
                                let selected = chosen.as_deref() == Some(c.as_str());
                                view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// What the rows become, and the ones that cannot go in.
#[component]
fn Outcome(report: StoredValue<PeopleReport>) -> impl IntoView {
    let r = report.get_value();
    let summary = format!(
        "{} row{} read: {} ready ({} new, {} joining a cohort, {} unchanged), {} with problems.",
        r.rows,
        if r.rows == 1 { "" } else { "s" },
        r.good_rows,
        r.new_people,
        r.updated_people,
        r.unchanged,
        r.bad_rows
    );
    let more = r.bad_rows.saturating_sub(r.problems.len() as u64);
    view! {
        <p class="import-summary" role="status">{summary}</p>
        {(!r.problems.is_empty()).then(|| view! {
            <div class="import-problems" role="alert">
                <h3>"Rows that cannot go in"</h3>
                <ul class="list">
                    {r.problems.iter().map(|p| view! {
                        <li class="problem"><strong>{format!("Line {}", p.line)}</strong>" · "{p.field.clone()}": "{p.message.clone()}</li>
                    }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p class="muted">{format!("…and {more} more.")}</p> })}
                <p class="muted">"Fix them in the file and choose it again, or import only the good rows."</p>
            </div>
        })}
        {(!r.sample.is_empty()).then(|| view! {
            <h3 class="sample-title">"First rows"</h3>
            <ul class="list sample">
                {r.sample.iter().map(|s| view! {
                    <li class="list-row">
                        <div class="ksb-main">
                            <p class="list-title">{s.display_name.clone()}</p>
                            <p class="muted">{format!("{} · {}{}", s.email, s.role, s.cohort.as_ref().map(|c| format!(" · {c}")).unwrap_or_default())}</p>
                        </div>
                        <span class=format!("chip outcome-{}", s.outcome)>{match s.outcome.as_str() { "new" => "New", "update" => "Joins cohort", _ => "Unchanged" }}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// Links listed on the page (all of them are in the download).
const SHOWN: usize = 200;

/// Done: what was written, and the links to send.
#[component]
fn Imported(report: PeopleReport) -> impl IntoView {
    if !report.written {
        return view! {
            <p class="form-error" role="alert">{format!("Nothing was imported: {} row{} cannot go in.", report.bad_rows, if report.bad_rows == 1 { "" } else { "s" })}</p>
        }
        .into_any();
    }
    let csv = {
        let mut out = String::from("name,email,link,expires\n");
        for i in &report.invitations {
            out.push_str(&format!(
                "\"{}\",{},{},{}\n",
                i.display_name.replace('"', "\"\""),
                i.email,
                i.link,
                i.expires_at
            ));
        }
        out
    };
    let download = format!("data:text/csv;charset=utf-8,{}", js_encode(&csv));
    view! {
        <p class="notice notice-ok" role="status">{format!(
            "Imported: {} new, {} joined a cohort, {} unchanged.",
            report.new_people, report.updated_people, report.unchanged
        )}</p>
        {(report.invitations_total > 0).then(|| view! {
            <div class="invitations">
                <h3>"Sign-in links to send"</h3>
                <p class="muted">"Each link works once, for 14 days: the person opens it and chooses a password."</p>
                <a class="btn btn-outline" href=download.clone() download="flowline-sign-in-links.csv">"Download the links (CSV)"</a>
                <ul class="list">
                    {report.invitations.iter().take(SHOWN).map(|i| view! {
                        <li class="list-row invitation">
                            <div class="ksb-main">
                                <p class="list-title">{i.display_name.clone()}</p>
                                <p class="muted">{i.email.clone()}</p>
                                <input class="link-text" readonly=true value=i.link.clone() aria-label=format!("Sign-in link for {}", i.display_name) />
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
                {(report.invitations.len() > SHOWN).then(|| view! {
                    <p class="muted">{format!("{} more links are in the download.", report.invitations.len() - SHOWN)}</p>
                })}
            </div>
        })}
    }
    .into_any()
}
