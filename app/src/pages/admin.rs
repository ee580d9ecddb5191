use crate::api::admin::admin_overview;
use crate::components::{ErrorPanel, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

/// The admin home: what the training provider has in Flowline.
#[component]
pub fn AdminPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| admin_overview());
    view! {
        <Title text="Admin" />
        <header class="page-header"><h1>"Admin"</h1></header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <section class="stats" aria-label="Totals">
                            <div class="stat"><span class="stat-value">{o.learners}</span><span class="stat-label">"Apprentices"</span></div>
                            <div class="stat"><span class="stat-value">{o.mentors}</span><span class="stat-label">"Mentors"</span></div>
                            <div class="stat"><span class="stat-value">{o.cohorts}</span><span class="stat-label">"Cohorts"</span></div>
                            <div class="stat"><span class="stat-value">{o.standards}</span><span class="stat-label">"Standards"</span></div>
                            <div class="stat"><span class="stat-value">{o.published_lessons}</span><span class="stat-label">"Published lessons"</span></div>
                            <div class="stat"><span class="stat-value">{o.admins}</span><span class="stat-label">"Admins"</span></div>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
