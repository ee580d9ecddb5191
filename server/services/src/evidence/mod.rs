//! The tamper-evident trail. Every piece of evidence — an accepted interaction, a mentor's
//! sign-off, and the admin acts that change what evidence means (a lesson version published,
//! a standard imported) — is appended to a hash chain: one chain per learner (so writers of
//! different learners never wait for each other) and one `system` chain for admin acts.
//!
//! A link holds the SHA-256 of its evidence's canonical JSON (RFC 8785, ids only: no names
//! or e-mails, so erasing a person later does not break the chain) and the hash of the link
//! before it. `verify` reads every evidence row again and names the first link that no longer
//! matches; `anchor` hashes every chain's head together, so rewriting a whole chain from some
//! link on (recomputing every later hash) is caught too.

pub mod access;
pub mod anchor;
pub mod canonical;
pub mod gateway;
pub mod ksb;
pub mod lrs;
pub mod pdf;
pub mod portfolio;
pub mod readiness;
pub mod shares;
pub mod statements;
pub mod trail;
pub mod xapi;

use crate::store::evidence::{self as store, Record};
use crate::store::interactions::Interaction;
use crate::store::observations::Stored;
use canonical::{content_hash, link_hash, GENESIS};
use flowline_core::error::AppError;
use serde_json::Value;
use sqlx::AnyConnection;

/// The chain of admin acts.
pub const SYSTEM_CHAIN: &str = "system";

/// What a link is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Interaction,
    Observation,
    LessonPublished,
    StandardImported,
    /// A KSB's text or prerequisites, or the standard's OTJ minimum or duration, changed.
    StandardEdited,
    /// Off-the-job training the learner logged, as a mentor approved it.
    Training,
    /// A line manager confirmed a Behaviour, or readiness for the Gateway.
    Confirmation,
    /// A progress review the apprentice, their line manager and their mentor all signed.
    Review,
    /// The assessor's decision at the Gateway.
    GatewayDecision,
    /// An admin revoked a badge, or reinstated it (system chain: who, which award).
    BadgeRevoked,
    BadgeReinstated,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Interaction => "interaction",
            Kind::Observation => "observation",
            Kind::LessonPublished => "lesson_published",
            Kind::StandardImported => "standard_imported",
            Kind::StandardEdited => "standard_edited",
            Kind::Training => "training",
            Kind::Confirmation => "confirmation",
            Kind::Review => "review",
            Kind::GatewayDecision => "gateway_decision",
            Kind::BadgeRevoked => "badge_revoked",
            Kind::BadgeReinstated => "badge_reinstated",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::Interaction,
            Kind::Observation,
            Kind::LessonPublished,
            Kind::StandardImported,
            Kind::StandardEdited,
            Kind::Training,
            Kind::Confirmation,
            Kind::Review,
            Kind::GatewayDecision,
            Kind::BadgeRevoked,
            Kind::BadgeReinstated,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Appends one link to `chain_id` (inside the caller's transaction, which holds the head).
async fn link(
    conn: &mut AnyConnection,
    chain_id: &str,
    kind: Kind,
    ref_id: &str,
    payload: Option<String>,
    content: String,
    now: i64,
) -> Result<(), AppError> {
    let (seq, prev_hash) = store::lock_head(&mut *conn, chain_id, GENESIS, now).await?;
    let mut record = Record {
        chain_id: chain_id.to_owned(),
        seq: seq + 1,
        kind: kind.as_str().to_owned(),
        ref_id: ref_id.to_owned(),
        payload,
        content_hash: content,
        prev_hash,
        hash: String::new(),
        recorded_at: now,
    };
    record.hash = link_hash(&record);
    store::append(conn, &record).await
}

/// Chains interactions just accepted, in the order given (the learner's writer lock is held).
pub async fn chain_interactions(
    conn: &mut AnyConnection,
    accepted: &[Interaction],
    now: i64,
) -> Result<(), AppError> {
    for i in accepted {
        let content = content_hash(&canonical::interaction(i));
        link(
            &mut *conn,
            &i.learner_id,
            Kind::Interaction,
            &i.id,
            None,
            content,
            now,
        )
        .await?;
        lrs::enqueue(
            &mut *conn,
            Kind::Interaction.as_str(),
            &i.id,
            &i.learner_id,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Chains a sign-off just stored.
pub async fn chain_observation(
    conn: &mut AnyConnection,
    o: &Stored,
    now: i64,
) -> Result<(), AppError> {
    let content = content_hash(&canonical::observation(o));
    link(
        &mut *conn,
        &o.learner_id,
        Kind::Observation,
        &o.id,
        None,
        content,
        now,
    )
    .await?;
    lrs::enqueue(conn, Kind::Observation.as_str(), &o.id, &o.learner_id, now).await
}

/// Chains logged training a mentor just approved (inside the approval's transaction).
pub async fn chain_training(
    conn: &mut AnyConnection,
    t: &crate::store::otj::Approved,
    now: i64,
) -> Result<(), AppError> {
    let content = content_hash(&canonical::training(t));
    link(
        &mut *conn,
        &t.learner_id,
        Kind::Training,
        &t.id,
        None,
        content,
        now,
    )
    .await?;
    lrs::enqueue(conn, Kind::Training.as_str(), &t.id, &t.learner_id, now).await
}

/// Chains a line manager's confirmation just stored (inside its transaction).
pub async fn chain_confirmation(
    conn: &mut AnyConnection,
    c: &crate::store::employers::Confirmed,
    now: i64,
) -> Result<(), AppError> {
    let content = content_hash(&canonical::confirmation(c));
    link(
        &mut *conn,
        &c.learner_id,
        Kind::Confirmation,
        &c.id,
        None,
        content,
        now,
    )
    .await?;
    lrs::enqueue(conn, Kind::Confirmation.as_str(), &c.id, &c.learner_id, now).await
}

/// Chains a progress review all three just signed (inside the signature's transaction):
/// `chained` is [`crate::reviews::chained`] of it.
pub async fn chain_review(
    conn: &mut AnyConnection,
    r: &crate::store::reviews::ReviewRow,
    chained: &Value,
    now: i64,
) -> Result<(), AppError> {
    let content = content_hash(chained);
    link(conn, &r.learner_id, Kind::Review, &r.id, None, content, now).await
}

/// Chains the assessor's Gateway decision (inside the transaction that records it).
pub async fn chain_gateway_decision(
    conn: &mut AnyConnection,
    d: &crate::store::gateway_decisions::DecisionRow,
    now: i64,
) -> Result<(), AppError> {
    let content = content_hash(&canonical::gateway_decision(d));
    link(
        conn,
        &d.learner_id,
        Kind::GatewayDecision,
        &d.id,
        None,
        content,
        now,
    )
    .await
}

/// Chains an admin act on the system chain; `event` is kept with the link (it has no other
/// row) and must hold ids only.
pub async fn chain_act(
    conn: &mut AnyConnection,
    kind: Kind,
    ref_id: &str,
    event: &Value,
    now: i64,
) -> Result<(), AppError> {
    let payload = canonical::jcs(event);
    let content = canonical::sha256_hex(payload.as_bytes());
    link(
        conn,
        SYSTEM_CHAIN,
        kind,
        ref_id,
        Some(payload),
        content,
        now,
    )
    .await
}

/// Chains the evidence of learners who have none chained yet (data from before the trail
/// existed), oldest first. Run at start; a learner with a chain is never touched here, so an
/// interaction slipped into the log by hand later is reported by `verify`, not adopted.
pub async fn backfill(db: &crate::db::Db, now: i64) -> Result<usize, AppError> {
    let learners = {
        let mut conn = db.pool.acquire().await?;
        store::unchained_learners(&mut conn).await?
    };
    for learner in &learners {
        let mut tx = db.begin_write().await?;
        crate::store::users::lock(&mut tx, learner).await?;
        if store::head(&mut tx, learner).await?.is_none() {
            let mut log = crate::store::interactions::for_learner(&mut tx, learner).await?;
            log.sort_by(|a, b| (a.received_at, &a.id).cmp(&(b.received_at, &b.id)));
            let observations =
                crate::store::observations::stored_of_learner(&mut tx, learner).await?;
            chain_interactions(&mut tx, &log, now).await?;
            for o in &observations {
                chain_observation(&mut tx, o, now).await?;
            }
        }
        tx.commit().await?;
    }
    if !learners.is_empty() {
        tracing::info!(
            learners = learners.len(),
            "evidence chained for earlier data"
        );
    }
    // Training approved before the chain carried it (marked by its migration).
    let training = {
        let mut conn = db.pool.acquire().await?;
        crate::store::otj::unchained(&mut conn).await?
    };
    for t in &training {
        let mut tx = db.begin_write().await?;
        crate::store::users::lock(&mut tx, &t.learner_id).await?;
        chain_training(&mut tx, t, now).await?;
        crate::store::otj::mark_chained(&mut tx, &t.id).await?;
        tx.commit().await?;
    }
    if !training.is_empty() {
        tracing::info!(logs = training.len(), "approved training chained");
    }
    Ok(learners.len())
}
