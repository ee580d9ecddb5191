//! The browser entry point: hydrates the server-rendered page into the live app.
// The app's nested views are instantiated here too: the same type-depth allowance as `app`.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
