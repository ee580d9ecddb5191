use crate::components::{BottomNav, ErrorPanel};
use crate::layouts::MeResource;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

/// The frame of every signed-in page: content above, navigation below. Visitors are sent
/// to the sign-in page.
#[component]
pub fn AppLayout() -> impl IntoView {
    let me = expect_context::<MeResource>();
    // In the browser, a learner's device keeps an outbox and syncs it.
    Effect::new(move |_| {
        if let Some(Ok(Some(me))) = me.get() {
            if me.role == flowline_core::domain::Role::Learner {
                #[cfg(feature = "hydrate")]
                crate::offline::start(expect_context::<crate::offline::Offline>(), me.id);
            }
        }
    });
    // The Coach tab's badge: looked up again on every navigation (opening Coach marks the
    // thread seen), never on Coach itself. Made here, once, not in the awaited part below.
    let path = use_location().pathname;
    let unread = Resource::new(
        move || path.get(),
        |path| async move {
            if path == "/coach" {
                0
            } else {
                crate::rpc::coach::coach_unread().await.unwrap_or(0)
            }
        },
    );
    // The page is built once, outside the awaited part: a `Suspense` re-runs its children
    // on the server (dry passes, then the real render), and a page inside it would be built,
    // and would fetch its data, that many times. Only what needs `me` waits for it.
    view! {
        <div class="app">
            <main class="page" id="main">
                <Outlet />
            </main>
            <crate::components::milestone::MilestoneMoment />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(me)) => view! { <BottomNav role=me.role unread=unread /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => view! { <div class="page"><ErrorPanel error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
