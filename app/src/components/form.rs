use flowline_core::error::AppError;
use leptos::prelude::*;

/// False until this page's code runs in the browser: buttons that need it stay disabled until
/// then, so a tap before a lazily loaded page is live is not lost.
pub fn live() -> Signal<bool> {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    live.into()
}

/// The file just picked in an `<input type="file">` (from its change event), taken: the input
/// is cleared, so picking the same file again is a new change.
#[cfg(feature = "hydrate")]
pub fn take_picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use leptos::wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// A labelled input that shows the server's (or the parser's) message for its own field.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] minlength: Option<usize>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let msg_id = format!("{id}-msg");
    let message = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    };
    let described = {
        let msg_id = msg_id.clone();
        move || message().map(|_| msg_id.clone())
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                minlength=minlength
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <p class="field-error" id=msg_id role="alert">{message}</p>
        </div>
    }
}

/// A form-wide message for errors that belong to none of the form's visible `fields`.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| e.field.as_deref().is_none_or(|f| !fields.contains(&f)))
            .map(|e| e.message)
    };
    view! {
        <Show when=move || message().is_some()>
            <div class="form-error" role="alert">{message}</div>
        </Show>
    }
}

/// The message for one field of a hand-built form (a select, a textarea), under it.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(field))
            .map(|e| e.message)
    };
    view! { <p class="field-error" role="alert">{message}</p> }
}
