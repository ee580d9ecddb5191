use crate::components::feed::Reel;
use crate::components::icons::Icon;
use crate::components::{EmptyState, ErrorPanel, Loading};
use crate::offline::Offline;
use crate::rpc::learning::get_feed;
use flowline_core::error::{AppError, ErrorCode};
use leptos::prelude::*;
use leptos_meta::Title;

/// The learner's home: the micro-lesson feed.
#[component]
pub fn FeedPage() -> impl IntoView {
    let feed = Resource::new(|| (), |_| get_feed());
    let more = Callback::new(move |_| feed.refetch());
    view! {
        <Title text="Feed" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match feed.await {
                    Ok(f) if !f.items.is_empty() => view! { <Reel feed=f on_more=more /> }.into_any(),
                    Ok(f) => {
                        let text = if f.rendering > 0 {
                            format!("{} lesson videos are being made right now. Check back in a minute or two.", f.rendering)
                        } else {
                            f.nudge.clone()
                        };
                        view! {
                            <header class="page-header">
                                <h1>"Your feed"</h1>
                                {f.illustrative.then(|| view! {
                                    <p class="notice" role="note">
                                        "Illustrative KSBs: your provider has not imported the official standard text yet."
                                    </p>
                                })}
                            </header>
                            <EmptyState title="Your lessons are on their way".to_owned() icon=Icon::Feed>
                                <p>{text}</p>
                                <button class="btn btn-primary" on:click=move |_| feed.refetch()>"Check again"</button>
                            </EmptyState>
                        }.into_any()
                    }
                    // Only the browser ever fails to reach the server: then the kept feed.
                    // (Server-side errors render the same on both sides, so hydration matches.)
                    Err(e) if e.code == ErrorCode::Network => view! { <KeptFeed error=e on_more=more /> }.into_any(),
                    Err(e) if e.code == ErrorCode::Forbidden => view! {
                        <EmptyState title="The feed is for apprentices".to_owned() icon=Icon::Feed>
                            <p>"Your work starts elsewhere: your cohort's board in Instructor, or the Admin pages."</p>
                            <div class="row-buttons">
                                <a class="btn btn-primary" href="/instructor">"Instructor"</a>
                                <a class="btn btn-quiet" href="/admin">"Admin"</a>
                            </div>
                        </EmptyState>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Without a connection: the feed this device kept, or the error when it has none.
#[component]
fn KeptFeed(error: AppError, on_more: Callback<()>) -> impl IntoView {
    let offline = expect_context::<Offline>();
    let kept = LocalResource::new(move || async move {
        #[cfg(feature = "hydrate")]
        {
            crate::offline::stored_feed(offline).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = offline;
            None::<flowline_core::model::Feed>
        }
    });
    let error = StoredValue::new(error);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match kept.await {
                    Some(f) if !f.items.is_empty() => view! { <Reel feed=f on_more=on_more /> }.into_any(),
                    _ => view! { <ErrorPanel error=error.get_value() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
