//! The page's side of the service worker (`public/sw.js`): registration after hydration, the
//! list of media to keep for offline use, and clearing cached pages at sign-out.

use super::Offline;
use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = window().navigator();
    // Older browsers (and non-secure origins) have no service workers: the app still works
    // online, it just cannot start without a connection.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .then(|| navigator.service_worker())
}

/// Registers the service worker and listens to what it reports.
pub fn register(offline: Offline) {
    let Some(sw) = container() else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
            match field("type").and_then(|t| t.as_string()).as_deref() {
                Some("media") => {
                    let num =
                        |name: &str| field(name).and_then(|v| v.as_f64()).unwrap_or(0.0) as usize;
                    offline.media.set((num("ready"), num("wanted")));
                }
                Some("captures") => offline.captures.update(|n| *n += 1),
                _ => {}
            }
        });
    sw.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = sw.register("/sw.js");
}

/// Pages a learner opens offline: kept by the worker as they are now.
const LEARNER_PAGES: [&str; 3] = ["/", "/progress", "/evidence"];

/// Asks the service worker to keep these media URLs (full responses) and the learner's pages
/// for offline use.
pub fn prefetch(urls: Vec<String>) {
    let Some(sw) = container() else {
        return;
    };
    let message = js_sys::Object::new();
    let list: js_sys::Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"prefetch".into());
    let _ = js_sys::Reflect::set(&message, &"urls".into(), &list);
    let pages: js_sys::Array = LEARNER_PAGES.iter().map(|p| JsValue::from_str(p)).collect();
    let _ = js_sys::Reflect::set(&message, &"pages".into(), &pages);
    post(sw, message, false);
}

/// Asks the service worker to send the evidence from the job waiting on this device (now, and
/// with Background Sync once a signal returns, where the browser has it).
pub fn send_captures() {
    let Some(sw) = container() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"send-captures".into());
    post(sw, message, true);
}

/// Posts `message` to the active service worker, once there is one; with `sync`, registers a
/// Background Sync of the captures too.
fn post(sw: web_sys::ServiceWorkerContainer, message: js_sys::Object, sync: bool) {
    let ready = sw.ready();
    leptos::task::spawn_local(async move {
        let Ok(ready) = ready else {
            return;
        };
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        if let Some(active) = reg.active() {
            let _ = active.post_message(&message);
        }
        if !sync {
            return;
        }
        // Background Sync: `registration.sync.register(tag)`, where the browser has it.
        if let Ok(sync) = js_sys::Reflect::get(&reg, &"sync".into()) {
            if let Ok(register) = js_sys::Reflect::get(&sync, &"register".into()) {
                if let Some(register) = register.dyn_ref::<js_sys::Function>() {
                    let _ = register.call1(&sync, &"flowline-captures".into());
                }
            }
        }
    });
}

/// Forgets the cached pages (they show a person's own data) at sign-out.
pub fn clear_pages() {
    let Ok(caches) = window().caches() else {
        return;
    };
    let _ = caches.delete("flowline-pages");
}
