use leptos::prelude::*;

/// The Flowline word mark with its wave symbol.
#[component]
pub fn Brand() -> impl IntoView {
    view! {
        <div class="brand" aria-label="Flowline">
            <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                <rect width="32" height="32" rx="9" fill="currentColor" />
                <path d="M7 19c3-6 6-6 9 0s6 6 9 0" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" />
            </svg>
            <span class="brand-name">"Flowline"</span>
        </div>
    }
}
