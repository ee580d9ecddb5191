//! Anchors: now and then, every chain's head hashed together, each anchor chained to the one
//! before. A chain rewritten from some link on, every later hash recomputed, no longer meets
//! the anchor that fixed its head; the newest anchor's hash is what a portfolio can cite.

use super::canonical::{content_hash, GENESIS};
use crate::db::Db;
use crate::store::evidence::{self as store, Anchor};
use flowline_core::error::AppError;
use serde_json::json;
use std::collections::BTreeMap;

/// How often the server anchors (when anything changed since the last anchor).
pub const EVERY_MS: i64 = 60 * 60 * 1000;

/// The hash of an anchor: every field but the hash itself.
pub fn anchor_hash(a: &Anchor) -> String {
    content_hash(&json!({
        "seq": a.seq,
        "heads": a.heads,
        "prev": a.prev_hash,
        "created_at": a.created_at,
    }))
}

/// Anchors every chain's head now, unless nothing moved since the last anchor. Returns the
/// new anchor.
pub async fn anchor(db: &Db, now: i64) -> Result<Option<Anchor>, AppError> {
    let mut tx = db.begin_write().await?;
    let heads: BTreeMap<String, (i64, String)> = store::heads(&mut tx)
        .await?
        .into_iter()
        .filter(|h| h.seq > 0)
        .map(|h| (h.chain_id, (h.seq, h.hash)))
        .collect();
    let heads = serde_json::to_string(&heads).map_err(AppError::internal)?;
    let last = store::last_anchor(&mut tx).await?;
    if last.as_ref().is_some_and(|l| l.heads == heads) || (last.is_none() && heads == "{}") {
        return Ok(None);
    }
    let mut a = Anchor {
        seq: last.as_ref().map_or(1, |l| l.seq + 1),
        heads,
        prev_hash: last.map_or_else(|| GENESIS.to_owned(), |l| l.hash),
        hash: String::new(),
        created_at: now,
    };
    a.hash = anchor_hash(&a);
    store::insert_anchor(&mut tx, &a).await?;
    tx.commit().await?;
    Ok(Some(a))
}
