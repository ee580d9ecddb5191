//! This browser's Web Push subscription: ask for permission, subscribe with the server's key
//! through the service worker's registration, and hand the subscription to the server.

use flowline_core::model::PushSubscriptionIn;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What this browser can do about notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Can {
    /// No service worker, Push API or notifications here (e.g. an old browser, or iOS
    /// outside an installed app).
    Nothing,
    /// The person said no in the browser's settings.
    Blocked,
    Ask,
    /// Subscribed already.
    On,
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn has(target: &JsValue, name: &str) -> bool {
    js_sys::Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
}

async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: js_sys::Function = get(target, method)
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("{method} is not available in this browser"))?;
    let list: js_sys::Array = args.iter().cloned().collect();
    let value = f.apply(target, &list).map_err(describe)?;
    match value.dyn_into::<js_sys::Promise>() {
        Ok(p) => JsFuture::from(p).await.map_err(describe),
        Err(v) => Ok(v),
    }
}

fn describe(e: JsValue) -> String {
    get(&e, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the browser refused".to_owned())
}

async fn registration() -> Result<JsValue, String> {
    let navigator: JsValue = window().navigator().into();
    let sw = get(&navigator, "serviceWorker").ok_or("no service worker here")?;
    let ready = get(&sw, "ready").ok_or("no service worker here")?;
    JsFuture::from(js_sys::Promise::from(ready))
        .await
        .map_err(describe)
}

fn supported() -> bool {
    let w: JsValue = window().into();
    has(&w, "Notification")
        && has(&w, "PushManager")
        && has(&window().navigator().into(), "serviceWorker")
}

fn permission() -> String {
    let w: JsValue = window().into();
    get(&w, "Notification")
        .and_then(|n| get(&n, "permission"))
        .and_then(|p| p.as_string())
        .unwrap_or_default()
}

/// What this browser can do now.
pub async fn status() -> Can {
    if !supported() {
        return Can::Nothing;
    }
    if permission() == "denied" {
        return Can::Blocked;
    }
    // Not `ready`: on a first visit the worker may still be installing (it keeps the app's
    // files first), and the card should not wait for that to offer the button.
    let navigator: JsValue = window().navigator().into();
    let Some(sw) = get(&navigator, "serviceWorker") else {
        return Can::Nothing;
    };
    let Some(reg) = call(&sw, "getRegistration", &[])
        .await
        .ok()
        .filter(|r| !r.is_undefined() && !r.is_null())
    else {
        return Can::Ask;
    };
    let Some(manager) = get(&reg, "pushManager") else {
        return Can::Nothing;
    };
    match call(&manager, "getSubscription", &[]).await {
        Ok(sub) if !sub.is_null() && !sub.is_undefined() && permission() == "granted" => Can::On,
        _ => Can::Ask,
    }
}

fn key_bytes(b64url: &str) -> Option<js_sys::Uint8Array> {
    let standard: String = b64url
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let padded = format!("{standard}{}", "=".repeat((4 - standard.len() % 4) % 4));
    let binary = window().atob(&padded).ok()?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    Some(js_sys::Uint8Array::from(bytes.as_slice()))
}

/// Asks for permission and subscribes; the subscription to give the server.
pub async fn subscribe(public_key: &str) -> Result<PushSubscriptionIn, String> {
    let w: JsValue = window().into();
    let notification = get(&w, "Notification").ok_or("no notifications in this browser")?;
    let answer = call(&notification, "requestPermission", &[]).await?;
    if answer.as_string().as_deref() != Some("granted") {
        return Err(
            "Notifications were not allowed. You can allow them in the browser's site settings."
                .to_owned(),
        );
    }
    let reg = registration().await?;
    let manager = get(&reg, "pushManager").ok_or("no push here")?;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"userVisibleOnly".into(), &JsValue::TRUE);
    let key = key_bytes(public_key).ok_or("the server's key does not read")?;
    let _ = js_sys::Reflect::set(&options, &"applicationServerKey".into(), &key);
    let sub = call(&manager, "subscribe", &[options.into()]).await?;
    let json = js_sys::JSON::stringify(&sub)
        .map_err(describe)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&json)
        .map_err(|e| format!("the browser's subscription does not read: {e}"))
}

/// Turns notifications on for this browser: asks for permission, subscribes with the
/// server's key, and gives the server the subscription.
pub async fn enable() -> Result<(), String> {
    use crate::rpc::coach::{push_key, push_subscribe};
    let key = push_key().await.map_err(|e| e.message)?;
    let sub = subscribe(&key).await?;
    push_subscribe(sub, device()).await.map_err(|e| e.message)
}

/// Unsubscribes this browser; its endpoint, to tell the server.
pub async fn unsubscribe() -> Result<Option<String>, String> {
    let reg = registration().await?;
    let manager = get(&reg, "pushManager").ok_or("no push here")?;
    let sub = call(&manager, "getSubscription", &[]).await?;
    if sub.is_null() || sub.is_undefined() {
        return Ok(None);
    }
    let endpoint = get(&sub, "endpoint").and_then(|e| e.as_string());
    call(&sub, "unsubscribe", &[]).await?;
    Ok(endpoint)
}

/// This browser's user agent (to name the device in a list of them).
pub fn device() -> String {
    window().navigator().user_agent().unwrap_or_default()
}
