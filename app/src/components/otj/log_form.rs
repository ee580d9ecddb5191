//! The learner logs training off Flowline: what, when, how long, what it was, which KSBs.
//! Progress reviews and English/maths are not offered: they never count.

use crate::components::form::{FieldError, FormError};
use crate::components::sign_off::today;
use crate::rpc::otj::log_training;
use flowline_core::domain::otj::Activity;
use flowline_core::error::AppError;
use flowline_core::model::OtjLogIn;
use leptos::prelude::*;

/// The fields shown, each with its own message; others go to the form's.
const FIELDS: &[&str] = &[
    "activity",
    "occurred_on",
    "minutes",
    "description",
    "ksb_codes",
];

/// Durations offered (minutes, label).
const LENGTHS: [(i64, &str); 8] = [
    (30, "30 min"),
    (60, "1 h"),
    (90, "1.5 h"),
    (120, "2 h"),
    (180, "3 h"),
    (240, "4 h"),
    (360, "6 h"),
    (450, "A full day (7.5 h)"),
];

#[component]
pub fn LogTraining(logged: RwSignal<u32>) -> impl IntoView {
    let activity = NodeRef::<leptos::html::Select>::new();
    let date = NodeRef::<leptos::html::Input>::new();
    let length = NodeRef::<leptos::html::Select>::new();
    let description = NodeRef::<leptos::html::Textarea>::new();
    let codes = NodeRef::<leptos::html::Input>::new();
    let send = Action::new(|input: &OtjLogIn| {
        let input = input.clone();
        async move { log_training(input).await }
    });
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            done.set(true);
            if let Some(d) = description.get() {
                d.set_value("");
            }
            logged.update(|n| *n += 1);
        }
        Some(Err(e)) => {
            done.set(false);
            error.set(Some(e));
        }
        None => {}
    });
    let submit = move |_| {
        let input = OtjLogIn {
            activity: activity.get().map(|s| s.value()).unwrap_or_default(),
            occurred_on: date.get().map(|i| i.value()).unwrap_or_default(),
            minutes: length
                .get()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(0),
            description: description.get().map(|t| t.value()).unwrap_or_default(),
            ksb_codes: codes
                .get()
                .map(|i| i.value())
                .unwrap_or_default()
                .split([',', ' '])
                .filter(|c| !c.trim().is_empty())
                .map(|c| c.trim().to_owned())
                .collect(),
        };
        done.set(false);
        send.dispatch(input);
    };
    view! {
        <details class="otj-log-form">
            <summary>"Log training off Flowline"</summary>
            <p class="hint">"Classroom, shadowing, practical training, visits. It counts once your mentor approves it. Progress reviews and English or maths do not count."</p>
            <div class="field">
                <label for="otj-activity">"What"</label>
                <select id="otj-activity" class="select" node_ref=activity>
                    {Activity::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
                </select>
                <FieldError error=error field="activity" />
            </div>
            <div class="field">
                <label for="otj-date">"When"</label>
                <input id="otj-date" type="date" value=today() max=today() node_ref=date />
                <FieldError error=error field="occurred_on" />
            </div>
            <div class="field">
                <label for="otj-length">"How long"</label>
                <select id="otj-length" class="select" node_ref=length>
                    {LENGTHS.iter().map(|&(m, label)| view! { <option value=m.to_string() selected=m == 180>{label}</option> }).collect_view()}
                </select>
                <FieldError error=error field="minutes" />
            </div>
            <div class="field">
                <label for="otj-description">"What it was"</label>
                <textarea id="otj-description" class="select" rows="2" node_ref=description
                    placeholder="e.g. LV jointing theory at the training centre"></textarea>
                <FieldError error=error field="description" />
            </div>
            <div class="field">
                <label for="otj-ksbs">"KSBs it covered (optional)"</label>
                <input id="otj-ksbs" type="text" autocomplete="off" placeholder="e.g. K1, S3" node_ref=codes />
                <FieldError error=error field="ksb_codes" />
            </div>
            <FormError error=error fields=FIELDS />
            <button type="button" class="btn btn-primary" disabled=move || send.pending().get() on:click=submit>"Log it"</button>
            <p class="notice notice-ok" role="status" hidden=move || !done.get()>"Logged. Your mentor sees it to approve."</p>
        </details>
    }
}
