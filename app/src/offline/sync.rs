//! The outbox and its sync. An interaction is on disk before the learner sees its result; it
//! leaves the outbox only when the server has answered `accepted` or `duplicate` for its id.
//! Sync runs when the app opens, when the browser comes back online, every 30 s while
//! something waits, and right after something is queued. Retrying is always safe: the ids
//! are the device's, so the server records each once however often it is sent.

use super::{store, Offline};
use flowline_core::model::{
    Feed, InteractionKind, InteractionsReply, OutboxEntry, Progress, ResultStatus,
};
use flowline_core::view::projection::project;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rexie::Rexie;
use std::time::Duration;

/// Items per request (the server takes up to 500).
const BATCH: usize = 100;
const EVERY: Duration = Duration::from_secs(30);

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn user(offline: &Offline) -> Option<String> {
    offline.user.get_value()
}

/// Opens the signed-in person's store, does `work`, closes it (None without either).
async fn with_db<T>(offline: &Offline, work: impl AsyncFnOnce(&Rexie) -> T) -> Option<T> {
    let db = store::open(&user(offline)?).await.ok()?;
    let out = work(&db).await;
    db.close();
    Some(out)
}

/// Starts the offline side for the signed-in person (once per page load).
pub fn start(offline: Offline, user_id: String) {
    if offline.user.get_value().as_deref() == Some(user_id.as_str()) {
        return;
    }
    offline.user.set_value(Some(user_id));
    offline.online.set(window().navigator().on_line());
    let online = window_event_listener(leptos::ev::online, move |_| {
        offline.online.set(true);
        spawn_local(sync(offline));
        super::send_captures();
    });
    let gone = window_event_listener(leptos::ev::offline, move |_| offline.online.set(false));
    // The listeners live as long as the page.
    std::mem::forget(online);
    std::mem::forget(gone);
    let _ = set_interval_with_handle(
        move || {
            let something = offline.waiting.get_untracked() + offline.quiet.get_untracked() > 0;
            if something && offline.online.get_untracked() {
                spawn_local(sync(offline));
            }
        },
        EVERY,
    );
    // Ask the browser not to evict the store under storage pressure.
    if let Ok(storage) = js_sys::Reflect::get(&window().navigator(), &"storage".into()) {
        if !storage.is_undefined() {
            let storage: web_sys::StorageManager =
                leptos::wasm_bindgen::JsCast::unchecked_into(storage);
            let _ = storage.persist();
        }
    }
    super::send_captures();
    spawn_local(async move {
        refresh(offline).await;
        sync(offline).await;
    });
}

/// Re-reads the outbox and the snapshot into the signals.
pub async fn refresh(offline: Offline) {
    let Some((outbox, snapshot)) = with_db(&offline, async |db| {
        let outbox = store::outbox(db).await.unwrap_or_default();
        (outbox, store::progress(db).await.ok().flatten())
    })
    .await
    else {
        return;
    };
    let (waiting, rejected): (Vec<OutboxEntry>, Vec<OutboxEntry>) =
        outbox.entries.into_iter().partition(OutboxEntry::waiting);
    let shown: Vec<&OutboxEntry> = waiting.iter().filter(|e| !e.quiet()).collect();
    offline.unreadable.set(outbox.unreadable.len());
    let raw_waiting = outbox
        .unreadable
        .iter()
        .filter(|u| u.item().is_some())
        .count();
    offline.waiting.set(shown.len() + raw_waiting);
    offline.quiet.set(waiting.len() - shown.len());
    offline.only_answers.set(
        shown
            .iter()
            .all(|e| e.item.kind == InteractionKind::Answered),
    );
    offline
        .pending
        .set(shown.iter().map(|e| pending_line(e)).collect());
    offline
        .rejected
        .set(rejected.into_iter().filter(|e| !e.quiet()).collect());
    offline
        .view
        .set(snapshot.map(|s| project(&s, &waiting, now_ms())));
}

/// "Lesson title · answered 10:42" (the device's local time).
fn pending_line(entry: &OutboxEntry) -> (String, String) {
    let when = chrono::DateTime::parse_from_rfc3339(&entry.item.occurred_at)
        .map(|t| {
            let date = js_sys::Date::new(&(t.timestamp_millis() as f64).into());
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
            let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
            String::from(date.to_locale_time_string_with_options("en-GB", &options))
        })
        .unwrap_or_default();
    let title = if entry.title.is_empty() {
        "A lesson"
    } else {
        &entry.title
    };
    let what = match entry.item.kind {
        InteractionKind::Answered => "answered",
        InteractionKind::Watched => "watched",
        InteractionKind::Skipped => "skipped",
        InteractionKind::Rated => "rated",
    };
    (entry.id.clone(), format!("{title} · {what} {when}"))
}

/// Keeps an interaction on the device, then tries to send it. Returns the learner's progress
/// as this device now sees it (None before the first snapshot).
pub async fn queue(offline: Offline, entry: OutboxEntry) -> Result<Option<Progress>, String> {
    let user = user(&offline).ok_or("Not signed in on this page.")?;
    let db = store::open(&user)
        .await
        .map_err(|e| format!("This phone's storage is not available: {}", e.0))?;
    let saved = store::queue(&db, &entry).await;
    db.close();
    saved.map_err(|e| format!("Could not keep your answer on this phone: {}", e.0))?;
    offline.synced.set(false);
    let before = offline.view.get_untracked();
    refresh(offline).await;
    let after = offline.view.get_untracked();
    if let (Some(before), Some(after)) = (&before, &after) {
        let new = flowline_core::view::badges::landed(&before.badges, &after.badges);
        if !new.is_empty() {
            let new: Vec<_> = new.into_iter().rev().cloned().collect();
            offline.landed.update(|l| l.extend(new));
        }
    }
    spawn_local(sync(offline));
    Ok(after)
}

/// The learner's progress on this device (snapshot + waiting interactions), read afresh.
pub async fn local_view(offline: Offline) -> Option<Progress> {
    refresh(offline).await;
    offline.view.get_untracked()
}

/// Stores a feed fetched from the server (if newer than the one kept).
pub async fn keep_feed(offline: Offline, feed: &Feed) {
    with_db(&offline, async |db| store::keep_feed(db, feed).await).await;
}

/// The feed kept on the device.
pub async fn stored_feed(offline: Offline) -> Option<Feed> {
    with_db(&offline, async |db| store::feed(db).await.ok().flatten())
        .await
        .flatten()
}

/// Stores a progress snapshot from the server (if newer) and re-projects.
pub async fn keep_progress(offline: Offline, progress: &Progress) {
    with_db(&offline, async |db| {
        store::keep_progress(db, progress).await
    })
    .await;
    refresh(offline).await;
}

/// Forgets a refused interaction the learner has read.
pub async fn dismiss(offline: Offline, id: String) {
    with_db(&offline, async |db| store::remove(db, &[id]).await).await;
    refresh(offline).await;
}

enum Sent {
    Reply(InteractionsReply),
    SignedOut,
    Failed,
}

async fn send(items: Vec<serde_json::Value>) -> Sent {
    let body = serde_json::json!({ "interactions": items });
    let request = match gloo_net::http::Request::post("/api/v1/interactions").json(&body) {
        Ok(r) => r,
        Err(_) => return Sent::Failed,
    };
    match request.send().await {
        Ok(r) if r.ok() => r
            .json::<InteractionsReply>()
            .await
            .map_or(Sent::Failed, Sent::Reply),
        Ok(r) if r.status() == 401 => Sent::SignedOut,
        _ => Sent::Failed,
    }
}

/// Sends what waits, batch by batch, removing only what the server acknowledged.
pub async fn sync(offline: Offline) {
    if offline.syncing.get_untracked() || !offline.online.get_untracked() {
        return;
    }
    let Some(user) = user(&offline) else {
        return;
    };
    offline.syncing.set(true);
    let mut acknowledged_any = false;
    let mut complete = true;
    'rounds: loop {
        let Ok(db) = store::open(&user).await else {
            complete = false;
            break;
        };
        let outbox = store::outbox(&db).await.unwrap_or_default();
        // Entries another build wrote in a shape this one cannot read go as the raw JSON
        // they hold; the server's answer decides their fate like any other's.
        // By the interaction id inside: a raw entry's key may differ from it.
        let quiet: std::collections::HashSet<String> = outbox
            .entries
            .iter()
            .filter(|e| e.quiet())
            .map(|e| e.id.clone())
            .collect();
        let raw: std::collections::HashMap<String, store::Unreadable> = outbox
            .unreadable
            .into_iter()
            .filter_map(|u| Some((u.item()?["id"].as_str()?.to_owned(), u)))
            .collect();
        let waiting: Vec<serde_json::Value> = outbox
            .entries
            .iter()
            .filter(|e| e.waiting())
            .filter_map(|e| serde_json::to_value(&e.item).ok())
            .chain(raw.values().filter_map(|u| u.item().cloned()))
            .collect();
        if waiting.is_empty() {
            db.close();
            break;
        }
        let mut moved = false;
        for batch in waiting.chunks(BATCH) {
            match send(batch.to_vec()).await {
                Sent::Reply(reply) => {
                    let mut done = Vec::new();
                    let mut refused = Vec::new();
                    for r in reply.results {
                        match r.status {
                            ResultStatus::Accepted | ResultStatus::Duplicate => done.push(r.id),
                            // A refused skip or rating is not the learner's work: let it go.
                            ResultStatus::Rejected if quiet.contains(&r.id) => {
                                leptos::logging::warn!(
                                    "skip or rating {} refused: {:?}",
                                    r.id,
                                    r.reason
                                );
                                done.push(r.id);
                            }
                            ResultStatus::Rejected => refused.push((
                                r.id,
                                r.reason.unwrap_or_else(|| "Refused by the server.".into()),
                            )),
                        }
                    }
                    acknowledged_any |= !done.is_empty();
                    moved |= !done.is_empty() || !refused.is_empty();
                    let done_keys: Vec<String> = done
                        .iter()
                        .map(|id| raw.get(id).map_or_else(|| id.clone(), |u| u.key.clone()))
                        .collect();
                    let _ = store::remove(&db, &done_keys).await;
                    for (id, reason) in &refused {
                        if let Some(u) = raw.get(id) {
                            let _ = store::mark_unreadable_rejected(&db, u, reason).await;
                        }
                    }
                    let _ = store::mark_rejected(&db, &refused).await;
                    offline.problem.set(None);
                }
                Sent::SignedOut => {
                    offline.problem.set(Some(
                        "Signed out: sign in again to send what is waiting".into(),
                    ));
                    complete = false;
                    db.close();
                    break 'rounds;
                }
                Sent::Failed => {
                    complete = false;
                    db.close();
                    break 'rounds;
                }
            }
        }
        db.close();
        if !moved {
            // The server answered without naming these ids: try again later, not in a loop.
            complete = false;
            break;
        }
    }
    if acknowledged_any {
        // The server's numbers replace the device's own estimate.
        if let Ok(progress) = crate::rpc::learning::get_progress().await {
            with_db(&offline, async |db| {
                store::keep_progress(db, &progress).await
            })
            .await;
        }
    }
    refresh(offline).await;
    offline.syncing.set(false);
    // "All synced" is news only when something was just sent.
    if complete && acknowledged_any && offline.waiting.get_untracked() == 0 {
        offline.synced.set(true);
    }
}
