//! Me: the apprentice gives their mentor a number to call or text them on, or takes it back.
//! Nothing is shared until they press the button.

use crate::components::form::{FieldError, FormError};
use crate::rpc::auth::{mentor_phone, set_mentor_phone};
use flowline_core::error::AppError;
use flowline_core::model::MentorPhone;
use leptos::prelude::*;

#[component]
pub fn MentorPhoneSetting() -> impl IntoView {
    let current = Resource::new(|| (), |_| mentor_phone());
    view! {
        <section class="card" aria-labelledby="mentor-phone-title">
            <h2 class="card-title" id="mentor-phone-title">"Your mentor can call you"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(p) => view! { <PhoneForm phone=p /> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PhoneForm(phone: MentorPhone) -> impl IntoView {
    let shown = RwSignal::new(phone.phone);
    let save = Action::new(move |p: &Option<String>| set_mentor_phone(p.clone()));
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(p)) => {
            error.set(None);
            shown.set(p.phone);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let input = NodeRef::<leptos::html::Input>::new();
    move || {
        match shown.get() {
        Some(number) => view! {
            <p>{format!("Your mentor can call or text you on {number}. Only the mentors of your cohort see it.")}</p>
            <button type="button" class="btn btn-outline" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(None); }>"Take the number back"</button>
        }
        .into_any(),
        None => view! {
            <p class="hint">"Give your mentor a number to reach you on, for when something on site cannot wait. Only the mentors of your cohort see it, and you can take it back here at any time."</p>
            <div class="field">
                <label for="mentor-phone">"Mobile number"</label>
                <input id="mentor-phone" type="tel" inputmode="tel" autocomplete="tel" placeholder="+44 7700 900123" node_ref=input />
                <FieldError error=error field="phone" />
            </div>
            <FormError error=error fields=&["phone"] />
            <button type="button" class="btn btn-primary" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(Some(input.get().map(|i| i.value()).unwrap_or_default())); }>"Give my mentor this number"</button>
        }
        .into_any(),
    }
    }
}
