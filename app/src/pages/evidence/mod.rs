//! `/evidence`: evidence from the job. The apprentice takes photos (or picks a short video or
//! a voice note), says in a few words what they show and which KSBs, and saves: it is kept on
//! the phone at once and sent by the service worker when there is a signal, so a photo taken
//! with no signal reaches the mentor once the phone is back in range. Below: what waits on
//! this phone, and what was sent, with the mentor's answers.

#[cfg(feature = "hydrate")]
mod outbox;

use crate::components::job_evidence::{JobEvidenceCard, Reader};
use crate::components::ksb_picker::KsbChips;
use crate::offline::Offline;
use crate::rpc::learning::get_progress;
use flowline_core::domain::upload::{self, MAX_FILES};
use flowline_core::model::{KsbChoice, KsbProgress};
use leptos::prelude::*;
use leptos_meta::Title;
use send_wrapper::SendWrapper;

/// A file picked on the phone, checked against the limits before anything is sent.
#[derive(Clone)]
struct Picked {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    file: SendWrapper<web_sys::File>,
    label: String,
}

fn size_text(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{} kB", (bytes / 1024.0).ceil())
    }
}

#[component]
pub fn EvidencePage() -> impl IntoView {
    let offline = expect_context::<Offline>();
    // Saved here: the lists below read it to show what just changed.
    let saved = RwSignal::new(0u32);
    let refresh = Signal::derive(move || saved.get() + offline.captures.get());
    let progress = Resource::new(|| (), |_| get_progress());
    view! {
        <Title text="From the job" />
        <header class="page-header">
            <h1>"From the job"</h1>
            <p class="muted">"Photos, a short video or a voice note of work you did, for your mentor to sign off. Kept on this phone until there is a signal."</p>
        </header>
        <Capture progress=progress saved=saved />
        <WaitingCard refresh=refresh />
        <JobEvidenceCard learner=None reader=Reader::Apprentice refresh=refresh />
    }
}

#[component]
fn Capture(
    progress: Resource<Result<flowline_core::model::Progress, flowline_core::error::AppError>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let files = RwSignal::new(Vec::<Picked>::new());
    let refused = RwSignal::new(Vec::<String>::new());
    // Read from the field when saving: words typed before the page's code loaded count too.
    let caption = NodeRef::<leptos::html::Textarea>::new();
    let picked = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let ksbs = RwSignal::new(Vec::<KsbProgress>::new());
    Effect::new(move |_| {
        if let Some(Ok(p)) = progress.get() {
            ksbs.set(p.ksbs);
        }
    });
    #[cfg(feature = "hydrate")]
    {
        // No signal: the KSBs this phone kept with the learner's progress.
        let offline = expect_context::<Offline>();
        Effect::new(move |_| {
            if let Some(Err(_)) = progress.get() {
                leptos::task::spawn_local(async move {
                    if let Some(p) = crate::offline::local_view(offline).await {
                        ksbs.set(p.ksbs);
                    }
                });
            }
        });
    }
    let on_files = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else {
            return;
        };
        let mut why = Vec::new();
        for i in 0..list.length() {
            let Some(file) = list.item(i) else { continue };
            if files.with_untracked(Vec::len) >= MAX_FILES {
                why.push(format!(
                    "{MAX_FILES} files at most: {} was left out.",
                    file.name()
                ));
                continue;
            }
            match upload::check(&file.type_(), file.size() as u64) {
                Ok(kind) => {
                    let label = format!(
                        "{} · {} · {}",
                        kind.as_str(),
                        file.name(),
                        size_text(file.size())
                    );
                    files.update(|f| {
                        f.push(Picked {
                            file: SendWrapper::new(file),
                            label,
                        })
                    });
                }
                Err(reason) => why.push(format!("{}: {reason}", file.name())),
            }
        }
        refused.set(why);
        input.set_value("");
        done.set(None);
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        if files.with_untracked(Vec::is_empty) {
            error.set(Some("Add a photo, a video or a voice note.".into()));
            return;
        }
        let text = caption
            .get_untracked()
            .map(|t| t.value())
            .unwrap_or_default();
        if text.trim().is_empty() {
            error.set(Some("Say in a few words what the files show.".into()));
            return;
        }
        if picked.with_untracked(Vec::is_empty) {
            error.set(Some("Pick at least one KSB the evidence shows.".into()));
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            let offline = expect_context::<Offline>();
            let Some(user) = offline.user.get_value() else {
                error.set(Some("Sign in again to keep evidence on this phone.".into()));
                return;
            };
            let capture = outbox::Capture {
                key: new_key(),
                caption: text.trim().to_owned(),
                ksb_codes: picked.get_untracked(),
                captured_at: String::from(js_sys::Date::new_0().to_iso_string()),
                files: files.get_untracked().into_iter().map(|p| p.file).collect(),
            };
            leptos::task::spawn_local(async move {
                match outbox::keep(&user, &capture).await {
                    Ok(()) => {
                        files.set(Vec::new());
                        if let Some(t) = caption.get_untracked() {
                            t.set_value("");
                        }
                        picked.set(Vec::new());
                        done.set(Some("Saved on this phone. It goes to your mentor as soon as there is a signal.".into()));
                        saved.update(|n| *n += 1);
                        crate::offline::send_captures();
                    }
                    Err(e) => error.set(Some(format!("This phone could not keep it: {e}"))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = saved;
    };
    view! {
        <section class="card capture" aria-labelledby="capture-title">
            <h2 class="card-title" id="capture-title">"Add evidence"</h2>
            <form class="sign-off-form" on:submit=on_save>
                <div class="button-row capture-buttons">
                    <label class="btn btn-primary file-button">
                        "Take a photo"
                        <input type="file" accept="image/*" capture="environment" class="visually-hidden" on:change=on_files />
                    </label>
                    <label class="btn btn-outline file-button">
                        "Add a video or voice note"
                        <input type="file" accept="image/*,video/*,audio/*" multiple=true class="visually-hidden" on:change=on_files />
                    </label>
                </div>
                <ul class="picked-files">
                    {move || files.get().into_iter().enumerate().map(|(i, p)| view! {
                        <li>
                            <span>{p.label}</span>
                            <button type="button" class="link-button" aria-label="Remove this file"
                                on:click=move |_| files.update(|f| { f.remove(i); })>"Remove"</button>
                        </li>
                    }).collect_view()}
                </ul>
                {move || refused.get().into_iter().map(|r| view! { <p class="form-error" role="alert">{r}</p> }).collect_view()}
                <label class="field">
                    <span class="field-label">"What it shows"</span>
                    <textarea rows="3" maxlength="1000" placeholder="e.g. Straight joint on 11 kV XLPE, before the heat-shrink"
                        node_ref=caption></textarea>
                </label>
                <fieldset class="field ksb-picker">
                    <legend>"Which KSBs"</legend>
                    <KsbChips picked=picked choices=Signal::derive(move || {
                        ksbs.get()
                            .into_iter()
                            .map(|k| KsbChoice { code: k.code, kind: k.kind, text: k.text })
                            .collect::<Vec<_>>()
                    }) />
                </fieldset>
                <button type="submit" class="btn btn-primary">"Save and send"</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                {move || done.get().map(|d| view! { <p class="notice notice-ok" role="status">{d}</p> })}
            </form>
        </section>
    }
}

/// An id for new evidence, chosen on the phone (the server stores it once, however often it
/// is sent).
#[cfg(feature = "hydrate")]
fn new_key() -> String {
    let crypto = js_sys::Reflect::get(&window(), &"crypto".into()).ok();
    let uuid = crypto.and_then(|c| {
        let f = js_sys::Reflect::get(&c, &"randomUUID".into()).ok()?;
        let f: &js_sys::Function = leptos::wasm_bindgen::JsCast::dyn_ref(&f)?;
        f.call0(&c).ok()?.as_string()
    });
    uuid.unwrap_or_else(|| {
        format!(
            "{:x}-{:x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 1e15) as u64
        )
    })
}

/// What waits on this phone to be sent.
#[component]
fn WaitingCard(refresh: Signal<u32>) -> impl IntoView {
    let waiting = RwSignal::new(Vec::<(String, String, usize, Option<String>)>::new());
    #[cfg(feature = "hydrate")]
    {
        let offline = expect_context::<Offline>();
        Effect::new(move |_| {
            refresh.track();
            let Some(user) = offline.user.get_value() else {
                return;
            };
            leptos::task::spawn_local(async move {
                if let Ok(list) = outbox::waiting(&user).await {
                    waiting.set(
                        list.into_iter()
                            .map(|w| (w.key, w.caption, w.files, w.refused))
                            .collect(),
                    );
                }
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = refresh;
    let offline = expect_context::<Offline>();
    let discard = move |key: String| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(user) = offline.user.get_value() {
                leptos::task::spawn_local(async move {
                    let _ = outbox::discard(&user, &key).await;
                    waiting.update(|w| w.retain(|x| x.0 != key));
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    };
    view! {
        <Show when=move || !waiting.with(Vec::is_empty)>
            <section class="card" aria-labelledby="waiting-title">
                <h2 class="card-title" id="waiting-title">"On this phone"</h2>
                <ul class="list">
                    {move || waiting.get().into_iter().map(|(key, caption, n, refused)| {
                        let state = match (&refused, offline.online.get()) {
                            (Some(_), _) => "Not accepted".to_owned(),
                            (None, false) => "Waiting for a signal".to_owned(),
                            (None, true) => "Sending…".to_owned(),
                        };
                        let files = if n == 1 { "1 file".to_owned() } else { format!("{n} files") };
                        view! {
                            <li class="list-row waiting-capture">
                                <div>
                                    <p class="list-title">{caption}</p>
                                    <p class="muted">{format!("{files} · {state}")}</p>
                                    {refused.clone().map(|r| view! {
                                        <p class="form-error">{r}</p>
                                        <button type="button" class="link-button" on:click={
                                            let key = key.clone();
                                            move |_| discard(key.clone())
                                        }>"Discard"</button>
                                    })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
