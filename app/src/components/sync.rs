//! What the learner is told about sync: offline, "N waiting to sync", syncing, all synced —
//! and every interaction the server refused, with its reason, until they dismiss it.

use crate::offline::Offline;
use leptos::prelude::*;

#[component]
pub fn SyncStatus() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let status = move || offline.status();
    let open = RwSignal::new(false);
    let has_pending = move || offline.waiting.get() > 0;
    view! {
        <div class="sync-area">
            {move || status().map(|(state, text)| view! {
                <div class="sync-row">
                    <p class=format!("sync sync-{state}") role="status" aria-live="polite" data-sync=state>
                        <span class="sync-dot" aria-hidden="true"></span>
                        {text}
                    </p>
                    <Show when=has_pending>
                        <button class="sync-which" aria-expanded=move || open.get().to_string()
                            aria-controls="sync-pending" on:click=move |_| open.update(|o| *o = !*o)>
                            {move || if open.get() { "Hide" } else { "Which?" }}
                        </button>
                    </Show>
                </div>
            })}
            <Show when=move || open.get() && has_pending()>
                <ul class="sync-pending" id="sync-pending">
                    <For each=move || offline.pending.get() key=|p| p.0.clone() let:line>
                        <li>{line.1}</li>
                    </For>
                </ul>
            </Show>
            <Show when=move || { offline.unreadable.get() > 0 }>
                <p class="sync-note" data-unreadable=move || offline.unreadable.get().to_string()>
                    {move || match offline.unreadable.get() {
                        1 => "1 item kept from an earlier version of the app; it is sent as it is.".to_owned(),
                        n => format!("{n} items kept from an earlier version of the app; they are sent as they are."),
                    }}
                </p>
            </Show>
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
