//! Observation sign-off at phone size: pick the apprentice, tap the KSBs you watched (Skills and
//! Behaviours first), say how long it took if you like (it counts as off-the-job training),
//! add a note, sign off. The date defaults to today.

use crate::components::ksb_picker::KsbChips;
use crate::components::ErrorPanel;
use crate::rpc::mentor::sign_off_observation;
use flowline_core::domain::ksb_title::short_title;
use flowline_core::error::AppError;
use flowline_core::model::{KsbChoice, ObservationIn, SignOffForm};
use leptos::prelude::*;

/// The sign-off card, given what it offers (loaded with the page: see `InstructorPage`).
#[component]
pub fn SignOff(form: Result<SignOffForm, AppError>) -> impl IntoView {
    view! {
        <section class="card sign-off" id="sign-off" aria-labelledby="sign-off-title">
            <h2 class="card-title" id="sign-off-title">"Sign off observed work"</h2>
            {match form {
                Ok(f) if f.learners.is_empty() => view! {
                    <p class="muted">"Your cohorts have no apprentices yet."</p>
                }.into_any(),
                Ok(f) => view! { <SignOffFields form=f /> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The durations a mentor picks from (minutes, label); a second tap clears the choice.
const DURATIONS: [(i64, &str); 5] = [
    (15, "15 min"),
    (30, "30 min"),
    (60, "1 h"),
    (120, "2 h"),
    (240, "Half a day"),
];

/// Today's date on this device (YYYY-MM-DD).
pub(crate) fn today() -> String {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().date_naive().to_string()
    }
}

/// When the work was watched: now for today, else midday of the chosen day.
fn watched_at(day: &str) -> String {
    if day == today() {
        chrono::Utc::now().to_rfc3339()
    } else {
        format!("{day}T12:00:00Z")
    }
}

#[component]
fn SignOffFields(form: SignOffForm) -> impl IntoView {
    // Coming from an apprentice's page (`?learner=ID`), they are chosen already.
    let asked = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("learner")
        .filter(|id| form.learners.iter().any(|l| &l.id == id))
        .unwrap_or_default();
    let form = StoredValue::new(form);
    let learner = RwSignal::new(asked);
    let picked = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let minutes = RwSignal::new(None::<i64>);
    let date = RwSignal::new(today());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<String>);

    let ksbs = move || -> Vec<KsbChoice> {
        form.with_value(|f| {
            let standard = f
                .learners
                .iter()
                .find(|l| l.id == learner.get())
                .map(|l| l.standard.clone());
            f.standards
                .iter()
                .find(|(r, _)| Some(r) == standard.as_ref())
                .map(|(_, k)| k.clone())
                .unwrap_or_default()
        })
    };
    let submit = Action::new(move |input: &ObservationIn| {
        let input = input.clone();
        async move { sign_off_observation(input).await }
    });
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(out) => {
                    let name = form.with_value(|f| {
                        f.learners
                            .iter()
                            .find(|l| l.id == out.learner_id.as_str())
                            .map(|l| l.name.clone())
                            .unwrap_or_default()
                    });
                    let named = form.with_value(|f| {
                        out.ksb_codes
                            .iter()
                            .map(|code| {
                                f.standards
                                    .iter()
                                    .flat_map(|(_, ksbs)| ksbs.iter())
                                    .find(|k| &k.code == code)
                                    .map(|k| format!("{code} ({})", short_title(&k.text)))
                                    .unwrap_or_else(|| code.clone())
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    });
                    done.set(Some(format!(
                        "Signed off {named} for {name}. It counts on their progress now."
                    )));
                    error.set(None);
                    picked.set(Vec::new());
                    minutes.set(None);
                    note.set(String::new());
                }
                Err(e) => {
                    done.set(None);
                    error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if learner.get_untracked().is_empty() {
            error.set(Some(AppError::invalid(
                "learner_id",
                "Pick the apprentice you watched.",
            )));
            return;
        }
        let occurred_at = watched_at(&date.get_untracked());
        submit.dispatch(ObservationIn {
            learner_id: learner.get_untracked().into(),
            ksb_codes: picked.get_untracked(),
            note: note.get_untracked(),
            occurred_at,
            duration_minutes: minutes.get_untracked(),
            uploads: Vec::new(),
        });
    };
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field.as_deref() == Some(field))
                .map(|e| e.message)
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| {
                !matches!(
                    e.field.as_deref(),
                    Some("learner_id" | "ksb_codes" | "note" | "occurred_at" | "duration_minutes")
                )
            })
            .map(|e| e.message)
    };

    view! {
        <form class="sign-off-form" on:submit=on_submit novalidate=true>
            <div class="field">
                <p class="field-label" id="sign-off-learner">"Apprentice"</p>
                <div class="learner-pick" role="radiogroup" aria-labelledby="sign-off-learner">
                    {form.with_value(|f| f.learners.iter().map(|l| {
                        let id = l.id.clone();
                        let chosen = {
                            let id = id.clone();
                            move || learner.with(|c| *c == id)
                        };
                        view! {
                            <button type="button" role="radio" class="learner-option" class:on=chosen.clone()
                                aria-checked=move || chosen().to_string()
                                on:click=move |_| {
                                    learner.set(id.clone());
                                    picked.set(Vec::new());
                                    done.set(None);
                                    error.set(None);
                                }>
                                <span class="learner-name">{l.name.clone()}</span>
                                <span class="muted">{l.cohort.clone()}</span>
                            </button>
                        }
                    }).collect_view())}
                </div>
                <p class="field-error" role="alert">{field_error("learner_id")}</p>
            </div>
            <Show when=move || !learner.get().is_empty()>
                <fieldset class="field ksb-picker">
                    <legend>"What you watched"</legend>
                    <KsbChips choices=Signal::derive(ksbs) picked=picked />
                    <p class="field-error" role="alert">{field_error("ksb_codes")}</p>
                </fieldset>
                <div class="field">
                    <p class="field-label" id="sign-off-minutes">"How long (optional, counts as off-the-job hours)"</p>
                    <div class="chips" role="radiogroup" aria-labelledby="sign-off-minutes">
                        {DURATIONS.iter().map(|&(m, label)| {
                            let on = move || minutes.get() == Some(m);
                            view! {
                                <button type="button" role="radio" class="ksb-chip" class:on=on
                                    aria-checked=move || on().to_string()
                                    on:click=move |_| minutes.update(|v| *v = if *v == Some(m) { None } else { Some(m) })>
                                    {label}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                    <p class="field-error" role="alert">{field_error("duration_minutes")}</p>
                </div>
                <div class="field">
                    <label for="sign-off-note">"Note (optional)"</label>
                    <textarea id="sign-off-note" rows="2" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                        placeholder="What went well, what to practise"></textarea>
                    <p class="field-error" role="alert">{field_error("note")}</p>
                </div>
                <div class="field">
                    <label for="sign-off-date">"Date watched"</label>
                    <input id="sign-off-date" type="date" prop:value=move || date.get() max=today()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{field_error("occurred_at")}</p>
                </div>
                <p class="form-error" role="alert" hidden=move || other_error().is_none()>{other_error}</p>
                <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>
                    {move || match picked.with(Vec::len) {
                        0 => "Sign off".to_owned(),
                        n => format!("Sign off {n} KSB{}", if n == 1 { "" } else { "s" }),
                    }}
                </button>
            </Show>
            <p class="notice notice-ok" role="status" hidden=move || done.get().is_none()>{move || done.get()}</p>
        </form>
    }
    .into_any()
}
