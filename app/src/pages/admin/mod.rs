//! The admin web UI: totals, the content studio, people and cohorts.

pub mod analytics;
pub mod badges;
pub mod cohorts;
pub mod lesson;
pub mod lessons;
pub mod library;
pub mod line_managers;
pub mod people;
pub mod people_import;
pub mod programme;
pub mod script;
pub mod sso;

use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::admin_overview;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The admin sections.
#[component]
pub fn AdminTabs() -> impl IntoView {
    view! {
        <nav class="chips admin-tabs" aria-label="Admin">
            <A href="/admin" exact=true attr:class="filter-chip">"Overview"</A>
            <A href="/admin/lessons" attr:class="filter-chip">"Lessons"</A>
            <A href="/admin/library" attr:class="filter-chip">"KSBs"</A>
            <A href="/admin/programme" attr:class="filter-chip">"Programme"</A>
            <A href="/admin/people" attr:class="filter-chip">"People"</A>
            <A href="/admin/cohorts" attr:class="filter-chip">"Cohorts"</A>
            <A href="/admin/badges" attr:class="filter-chip">"Badges"</A>
            <A href="/admin/analytics" attr:class="filter-chip">"Analytics"</A>
        </nav>
    }
}

/// The admin home: what the training provider has in Flowline.
#[component]
pub fn AdminPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| admin_overview());
    view! {
        <Title text="Admin" />
        <header class="page-header"><h1>"Admin"</h1></header>
        <AdminTabs />
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
