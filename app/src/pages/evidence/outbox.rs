//! The captures waiting on this phone: IndexedDB `flowline-captures-<user id>`, store
//! `captures`, keyed by the id the phone gave the evidence. Each value is an object the service
//! worker (`public/sw.js`) reads and sends: `{caption, ksb_codes, captured_at, files: [{blob,
//! type, name, size}], refused?}`. The files stay as the browser's own `File`s (IndexedDB keeps
//! them as they are), so nothing is lost when the phone has no signal.

use leptos::wasm_bindgen::{JsCast, JsValue};
use rexie::{ObjectStore, Rexie, TransactionMode};
use send_wrapper::SendWrapper;

const STORE: &str = "captures";

/// One capture waiting, as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub key: String,
    pub caption: String,
    pub files: usize,
    /// The server's reason, when it refused this capture.
    pub refused: Option<String>,
}

/// A capture to keep until it is sent.
pub struct Capture {
    pub key: String,
    pub caption: String,
    pub ksb_codes: Vec<String>,
    pub captured_at: String,
    pub files: Vec<SendWrapper<web_sys::File>>,
}

async fn open(user_id: &str) -> Result<Rexie, String> {
    Rexie::builder(&format!("flowline-captures-{user_id}"))
        .version(1)
        .add_object_store(ObjectStore::new(STORE))
        .build()
        .await
        .map_err(|e| e.to_string())
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Keeps `capture` on this phone; it is on disk when this returns.
pub async fn keep(user_id: &str, capture: &Capture) -> Result<(), String> {
    let value = js_sys::Object::new();
    set(&value, "caption", &JsValue::from_str(&capture.caption));
    let codes: js_sys::Array = capture
        .ksb_codes
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect();
    set(&value, "ksb_codes", &codes);
    set(
        &value,
        "captured_at",
        &JsValue::from_str(&capture.captured_at),
    );
    let files = js_sys::Array::new();
    for f in &capture.files {
        let file = js_sys::Object::new();
        set(&file, "blob", f.as_ref());
        set(&file, "type", &JsValue::from_str(&f.type_()));
        set(&file, "name", &JsValue::from_str(&f.name()));
        set(&file, "size", &JsValue::from_f64(f.size()));
        files.push(&file);
    }
    set(&value, "files", &files);
    let db = open(user_id).await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(|e| e.to_string())?;
    tx.store(STORE)
        .map_err(|e| e.to_string())?
        .put(&value, Some(&JsValue::from_str(&capture.key)))
        .await
        .map_err(|e| e.to_string())?;
    tx.done().await.map_err(|e| e.to_string())?;
    db.close();
    Ok(())
}

/// What waits on this phone, oldest first.
pub async fn waiting(user_id: &str) -> Result<Vec<Waiting>, String> {
    let db = open(user_id).await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(|e| e.to_string())?;
    let rows = tx
        .store(STORE)
        .map_err(|e| e.to_string())?
        .scan(None, None, None, None)
        .await
        .map_err(|e| e.to_string())?;
    tx.done().await.map_err(|e| e.to_string())?;
    db.close();
    Ok(rows
        .into_iter()
        .map(|(key, value)| Waiting {
            key: key.as_string().unwrap_or_default(),
            caption: text(&value, "caption").unwrap_or_default(),
            files: js_sys::Reflect::get(&value, &JsValue::from_str("files"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Array>().ok())
                .map_or(0, |a| a.length() as usize),
            refused: text(&value, "refused"),
        })
        .collect())
}

/// Discards a capture the server refused (the learner decides).
pub async fn discard(user_id: &str, key: &str) -> Result<(), String> {
    let db = open(user_id).await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(|e| e.to_string())?;
    tx.store(STORE)
        .map_err(|e| e.to_string())?
        .delete(JsValue::from_str(key))
        .await
        .map_err(|e| e.to_string())?;
    tx.done().await.map_err(|e| e.to_string())?;
    db.close();
    Ok(())
}
