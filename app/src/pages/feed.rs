use crate::components::icons::Icon;
use crate::components::{EmptyState, ErrorPanel, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

/// The learner's home: the micro-lesson feed.
#[component]
pub fn FeedPage() -> impl IntoView {
    view! {
        <Title text="Feed" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match super::signed_in().await {
                    Ok(me) => {
                        let first = me.display_name.split_whitespace().next().unwrap_or("there").to_owned();
                        let cohort = me.cohorts.first().cloned();
                        let standard = cohort.as_ref().map(|c| format!("{} · {}", c.standard, c.standard_title));
                        let illustrative = cohort.as_ref().is_some_and(|c| c.standard_is_demo);
                        let reference = cohort.map(|c| c.standard);
                        view! {
                            <header class="page-header">
                                <p class="eyebrow">{standard.unwrap_or_else(|| "Flowline".into())}</p>
                                <h1>{format!("Hi {first}")}</h1>
                                {illustrative.then(|| view! {
                                    <p class="notice" role="note">
                                        "Illustrative KSBs: your provider has not imported the official standard text yet."
                                    </p>
                                })}
                            </header>
                            <EmptyState title="Your lessons are on their way".to_owned() icon=Icon::Feed>
                                {match reference {
                                    Some(s) => view! {
                                        <p>{format!("No lessons are published for {s} yet. When your training provider publishes them, your feed starts here: a short video, a quick check, and your progress on every KSB.")}</p>
                                    }.into_any(),
                                    None => view! {
                                        <p>"You are not in a cohort yet. Once your training provider adds you to one, the lessons for your standard appear here."</p>
                                    }.into_any(),
                                }}
                            </EmptyState>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
