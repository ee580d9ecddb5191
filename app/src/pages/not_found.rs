use leptos::prelude::*;
use leptos_meta::Title;

/// A server-rendered page that says "not found" answers 404 too (no-op in the browser).
pub fn answer_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    answer_not_found();
    view! {
        <Title text="Not found" />
        <main class="auth">
            <div class="auth-card">
                <h1>"This page does not exist"</h1>
                <p class="lede">"The link may be old, or mistyped."</p>
                <a class="btn btn-primary" href="/">"Go to your feed"</a>
            </div>
        </main>
    }
}
