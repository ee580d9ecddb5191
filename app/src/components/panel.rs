use super::icons::{Icon, IconSvg};
use flowline_core::error::AppError;
use leptos::prelude::*;

/// Shown while a page's data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span class="visually-hidden">"Loading…"</span>
        </div>
    }
}

/// A calm explanation of an empty screen, and what will fill it.
#[component]
pub fn EmptyState(title: String, icon: Icon, children: Children) -> impl IntoView {
    view! {
        <section class="empty-state">
            <span class="empty-icon"><IconSvg icon=icon /></span>
            <h2>{title}</h2>
            {children()}
        </section>
    }
}

/// A readable error in place of a page's content.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <section class="error-panel" role="alert">
            <h2>"We could not load this"</h2>
            <p>{error.message}</p>
        </section>
    }
}
