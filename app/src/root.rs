//! The HTML shell and the router: which page answers which path.

use crate::hydration::FeedFirstHydration;
use crate::layouts::{AppLayout, SessionRoot};
use crate::pages::{feed::FeedPage, lazy, not_found::NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <FeedFirstHydration options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let offline = crate::offline::Offline::new();
    provide_context(offline);
    // Effects run only in the browser: mark the page once the app has taken over, so tests
    // (and styles) can tell a live page from server-rendered HTML; then bring in the service
    // worker (after hydration, so it never delays the first screen).
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
        #[cfg(feature = "hydrate")]
        crate::offline::register(offline);
        #[cfg(not(feature = "hydrate"))]
        let _ = offline;
    });

    view! {
        <Title formatter=|t: String| if t.is_empty() { "Flowline".to_owned() } else { format!("{t} · Flowline") } />
        <Meta name="description" content="Micro-lessons for apprentice cable jointers, with mastery that builds as you learn." />
        <Meta name="theme-color" content="#0f766e" />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=SessionRoot ssr=SsrMode::Async>
                    <Route path=path!("login") view={Lazy::<lazy::Login>::new()} ssr=SsrMode::Async />
                    <Route path=path!("register") view={Lazy::<lazy::Register>::new()} ssr=SsrMode::Async />
                    <Route path=path!("verify/credential") view={Lazy::<lazy::VerifyCredential>::new()} ssr=SsrMode::Async />
                    <Route path=path!("verify/:token") view={Lazy::<lazy::Verify>::new()} ssr=SsrMode::Async />
                    <Route path=path!("invite/:token") view={Lazy::<lazy::Invite>::new()} ssr=SsrMode::Async />
                    <Route path=path!("forgot") view={Lazy::<lazy::Forgot>::new()} ssr=SsrMode::Async />
                    <Route path=path!("reset/:token") view={Lazy::<lazy::Reset>::new()} ssr=SsrMode::Async />
                    <Route path=path!("welcome/:token") view={Lazy::<lazy::Welcome>::new()} ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=FeedPage ssr=SsrMode::Async />
                        <Route path=path!("progress") view={Lazy::<lazy::Progress>::new()} ssr=SsrMode::Async />
                        <Route path=path!("coach") view={Lazy::<lazy::Coach>::new()} ssr=SsrMode::Async />
                        <Route path=path!("evidence") view={Lazy::<lazy::Evidence>::new()} ssr=SsrMode::Async />
                        <Route path=path!("me") view={Lazy::<lazy::Me>::new()} ssr=SsrMode::Async />
                        <Route path=path!("data/:id") view={Lazy::<lazy::Data>::new()} ssr=SsrMode::Async />
                        <Route path=path!("instructor") view={Lazy::<lazy::Instructor>::new()} ssr=SsrMode::Async />
                        <Route path=path!("instructor/inbox") view={Lazy::<lazy::Inbox>::new()} ssr=SsrMode::Async />
                        <Route path=path!("instructor/learners/:id") view={Lazy::<lazy::Learner>::new()} ssr=SsrMode::Async />
                        <Route path=path!("assessor") view={Lazy::<lazy::Assessor>::new()} ssr=SsrMode::Async />
                        <Route path=path!("assessor/learners/:id") view={Lazy::<lazy::Readiness>::new()} ssr=SsrMode::Async />
                        <Route path=path!("assessor/learners/:id/ksbs/:code") view={Lazy::<lazy::KsbEvidence>::new()} ssr=SsrMode::Async />
                        <Route path=path!("reviews/:id") view={Lazy::<lazy::Review>::new()} ssr=SsrMode::Async />
                        <Route path=path!("employer") view={Lazy::<lazy::Employer>::new()} ssr=SsrMode::Async />
                        <Route path=path!("employer/apprentices/:id") view={Lazy::<lazy::Readiness>::new()} ssr=SsrMode::Async />
                        <Route path=path!("employer/apprentices/:id/ksbs/:code") view={Lazy::<lazy::KsbEvidence>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin") view={Lazy::<lazy::Admin>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/lessons") view={Lazy::<lazy::Lessons>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/lessons/:id") view={Lazy::<lazy::LessonEditor>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/library") view={Lazy::<lazy::Library>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/script") view={Lazy::<lazy::Script>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/analytics") view={Lazy::<lazy::Analytics>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/people") view={Lazy::<lazy::People>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/people/import") view={Lazy::<lazy::PeopleImport>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/cohorts") view={Lazy::<lazy::Cohorts>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/badges") view={Lazy::<lazy::Badges>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/programme") view={Lazy::<lazy::Programme>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
