//! The HTML shell and the router: which page answers which path.

use crate::layouts::{AppLayout, SessionRoot};
use crate::pages::{
    admin::cohorts::CohortsPage, admin::lesson::LessonEditorPage, admin::lessons::LessonsPage,
    admin::people::PeoplePage, admin::AdminPage, auth::LoginPage, auth::RegisterPage,
    coach::CoachPage, feed::FeedPage, instructor::InstructorPage, learner::LearnerPage, me::MePage,
    not_found::NotFound, progress::ProgressPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

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
                <HydrationScripts options />
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
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("register") view=RegisterPage ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=FeedPage ssr=SsrMode::Async />
                        <Route path=path!("progress") view=ProgressPage ssr=SsrMode::Async />
                        <Route path=path!("coach") view=CoachPage ssr=SsrMode::Async />
                        <Route path=path!("me") view=MePage ssr=SsrMode::Async />
                        <Route path=path!("instructor") view=InstructorPage ssr=SsrMode::Async />
                        <Route path=path!("instructor/learners/:id") view=LearnerPage ssr=SsrMode::Async />
                        <Route path=path!("admin") view=AdminPage ssr=SsrMode::Async />
                        <Route path=path!("admin/lessons") view=LessonsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/lessons/:id") view=LessonEditorPage ssr=SsrMode::Async />
                        <Route path=path!("admin/people") view=PeoplePage ssr=SsrMode::Async />
                        <Route path=path!("admin/cohorts") view=CohortsPage ssr=SsrMode::Async />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
