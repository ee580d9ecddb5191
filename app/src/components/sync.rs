//! What the learner is told about sync: offline, "N waiting to sync", syncing, all synced —
//! and every interaction the server refused, with its reason, until they dismiss it.

use crate::offline::Offline;
use leptos::prelude::*;

#[component]
pub fn SyncStatus() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let status = move || offline.status();
    view! {
        <div class="sync-area">
            {move || status().map(|(state, text)| view! {
                <p class=format!("sync sync-{state}") role="status" aria-live="polite" data-sync=state>
                    <span class="sync-dot" aria-hidden="true"></span>
                    {text}
                </p>
            })}
            <For each=move || offline.rejected.get() key=|e| e.id.clone() let:entry>
                <div class="sync-refused" role="alert">
                    <p>
                        <strong>{format!("Not saved: {}", if entry.title.is_empty() { "an answer".to_owned() } else { entry.title.clone() })}</strong>
                        " — "{entry.rejected.clone().unwrap_or_default()}
                    </p>
                    <button class="btn btn-ghost btn-small" on:click={
                        let id = entry.id.clone();
                        move |_| {
                            #[cfg(feature = "hydrate")]
                            leptos::task::spawn_local(crate::offline::dismiss(offline, id.clone()));
                            #[cfg(not(feature = "hydrate"))]
                            let _ = &id;
                        }
                    }>"Dismiss"</button>
                </div>
            </For>
        </div>
    }
    .into_any()
}
