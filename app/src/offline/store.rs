//! The device's store: IndexedDB through rexie, one database per signed-in person so two
//! people sharing a phone never mix their outboxes. Values are JSON text under explicit keys.
//!
//! Schema versions: IndexedDB's own version creates the object stores (rexie adds the missing
//! ones); data moves between versions run as an `if old < N` chain from the version recorded
//! in `meta`, so a phone that skipped releases still walks every step.

use flowline_core::model::{Feed, OutboxEntry, Progress};
use leptos::wasm_bindgen::JsValue;
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The schema this build writes.
pub const SCHEMA_VERSION: u32 = 1;

pub const OUTBOX: &str = "outbox";
pub const FEED: &str = "feed";
pub const PROGRESS: &str = "progress";
pub const STREAK: &str = "streak";
const META: &str = "meta";
const CURRENT: &str = "current";

#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, StoreError>;

/// The database name for one person.
pub fn db_name(user_id: &str) -> String {
    format!("flowline-{user_id}")
}

/// Opens (creating or upgrading) a person's store.
pub async fn open(user_id: &str) -> Result<Rexie> {
    let db = Rexie::builder(&db_name(user_id))
        .version(SCHEMA_VERSION)
        .add_object_store(ObjectStore::new(META))
        .add_object_store(ObjectStore::new(OUTBOX))
        .add_object_store(ObjectStore::new(FEED))
        .add_object_store(ObjectStore::new(PROGRESS))
        .add_object_store(ObjectStore::new(STREAK))
        .build()
        .await?;
    migrate(&db).await?;
    Ok(db)
}

/// Walks the data from the version last written to [`SCHEMA_VERSION`].
async fn migrate(db: &Rexie) -> Result<()> {
    let old: u32 = get(db, META, "schema").await?.unwrap_or(0);
    if old >= SCHEMA_VERSION {
        return Ok(());
    }
    if old < 1 {
        // v1: outbox, feed, progress and streak stores; nothing earlier to carry over.
    }
    put(db, META, "schema", &SCHEMA_VERSION).await
}

async fn get<T: DeserializeOwned>(db: &Rexie, store: &str, key: &str) -> Result<Option<T>> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let value = tx.store(store)?.get(JsValue::from_str(key)).await?;
    tx.done().await?;
    Ok(value
        .and_then(|v| v.as_string())
        .and_then(|text| serde_json::from_str(&text).ok()))
}

async fn put<T: Serialize>(db: &Rexie, store: &str, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value)?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.store(store)?
        .put(&JsValue::from_str(&text), Some(&JsValue::from_str(key)))
        .await?;
    tx.done().await?;
    Ok(())
}

/// Adds an entry; it is on disk when this returns.
pub async fn queue(db: &Rexie, entry: &OutboxEntry) -> Result<()> {
    put(db, OUTBOX, &entry.id, entry).await
}

/// An outbox value this build cannot decode (written by another build, or damaged). It is
/// never dropped: it stays on the device, is reported, and its `item` is sent to the server
/// as raw JSON when it has one (the server judges it like any other).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub key: String,
    /// The stored value, when it is JSON at all.
    pub raw: Option<serde_json::Value>,
    pub error: String,
}

impl Unreadable {
    /// The interaction inside, as the server's API takes it, unless the server refused it.
    pub fn item(&self) -> Option<&serde_json::Value> {
        let raw = self.raw.as_ref()?;
        if raw.get("rejected").is_some_and(|r| !r.is_null()) {
            return None;
        }
        raw.get("item")
            .filter(|i| i.get("id").is_some_and(|id| id.is_string()))
    }
}

/// What the outbox holds, read in full.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    /// Oldest first (ids are UUIDv7, so key order is creation order).
    pub entries: Vec<OutboxEntry>,
    pub unreadable: Vec<Unreadable>,
}

/// Every entry; what does not decode is kept aside, with why, not skipped.
pub async fn outbox(db: &Rexie) -> Result<Outbox> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let pairs = tx.store(OUTBOX)?.scan(None, None, None, None).await?;
    tx.done().await?;
    let mut out = Outbox::default();
    for (key, value) in pairs {
        let key = key.as_string().unwrap_or_default();
        let Some(text) = value.as_string() else {
            out.unreadable.push(Unreadable {
                key,
                raw: None,
                error: "not text".into(),
            });
            continue;
        };
        match serde_json::from_str::<OutboxEntry>(&text) {
            Ok(entry) => out.entries.push(entry),
            Err(e) => out.unreadable.push(Unreadable {
                key,
                raw: serde_json::from_str(&text).ok(),
                error: e.to_string(),
            }),
        }
    }
    out.entries.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Marks an unreadable entry as refused by the server (kept, with the reason, never resent).
pub async fn mark_unreadable_rejected(db: &Rexie, entry: &Unreadable, reason: &str) -> Result<()> {
    let mut raw = entry.raw.clone().unwrap_or(serde_json::Value::Null);
    if let Some(object) = raw.as_object_mut() {
        object.insert("rejected".into(), serde_json::Value::String(reason.into()));
    }
    put(db, OUTBOX, &entry.key, &raw).await
}

/// Removes entries the server acknowledged.
pub async fn remove(db: &Rexie, ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    let store = tx.store(OUTBOX)?;
    for id in ids {
        store.delete(JsValue::from_str(id)).await?;
    }
    tx.done().await?;
    Ok(())
}

/// Keeps refused entries with the server's reason (never sent again; the learner dismisses).
pub async fn mark_rejected(db: &Rexie, refused: &[(String, String)]) -> Result<()> {
    for (id, reason) in refused {
        let found: Option<OutboxEntry> = get(db, OUTBOX, id).await?;
        if let Some(mut entry) = found {
            entry.rejected = Some(reason.clone());
            put(db, OUTBOX, id, &entry).await?;
        }
    }
    Ok(())
}

pub async fn feed(db: &Rexie) -> Result<Option<Feed>> {
    get(db, FEED, CURRENT).await
}

/// Keeps the newer of the stored feed and `feed`.
pub async fn keep_feed(db: &Rexie, feed: &Feed) -> Result<()> {
    let stored = self::feed(db).await?;
    if stored.is_none_or(|s| s.as_of_ms <= feed.as_of_ms) {
        put(db, FEED, CURRENT, feed).await?;
        put(db, STREAK, CURRENT, &feed.streak).await?;
    }
    Ok(())
}

pub async fn progress(db: &Rexie) -> Result<Option<Progress>> {
    get(db, PROGRESS, CURRENT).await
}

/// Keeps the newer of the stored snapshot and `progress` (by when the server computed it).
pub async fn keep_progress(db: &Rexie, progress: &Progress) -> Result<()> {
    let stored = self::progress(db).await?;
    if stored.is_none_or(|s| s.engine.as_of_ms <= progress.engine.as_of_ms) {
        put(db, PROGRESS, CURRENT, progress).await?;
        put(db, STREAK, CURRENT, &progress.streak).await?;
    }
    Ok(())
}
