//! Re-computes the trail from the stored evidence and names the first link that no longer
//! matches, per chain: a changed, deleted, re-ordered or unchained interaction or sign-off,
//! a changed link, a head that is not the last link, an anchor that disagrees.

use super::canonical::{self, content_hash, link_hash, GENESIS};
use super::{Kind, SYSTEM_CHAIN};
use crate::db::Db;
use crate::store::evidence::{self as store, Record};
use crate::store::{interactions, observations, users};
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The first thing wrong with one chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Broken {
    /// The learner's id, or `system`.
    pub chain: String,
    /// The link's position (1 = first); 0 when the fault is not in a link (e.g. unchained).
    pub seq: i64,
    /// interaction, observation, lesson_published, standard_imported, head or anchor.
    pub kind: String,
    /// The interaction, sign-off, lesson or standard concerned.
    pub ref_id: String,
    pub problem: String,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VerifyReport {
    pub ok: bool,
    pub chains: usize,
    pub records: usize,
    pub anchors: usize,
    pub broken: Vec<Broken>,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.seq > 0 {
            write!(
                f,
                "chain {} link {} ({} {}): {}",
                self.chain, self.seq, self.kind, self.ref_id, self.problem
            )
        } else {
            write!(
                f,
                "chain {} ({} {}): {}",
                self.chain, self.kind, self.ref_id, self.problem
            )
        }
    }
}

fn broken(chain: &str, seq: i64, kind: &str, ref_id: &str, problem: impl Into<String>) -> Broken {
    Broken {
        chain: chain.to_owned(),
        seq,
        kind: kind.to_owned(),
        ref_id: ref_id.to_owned(),
        problem: problem.into(),
    }
}

/// The evidence of one learner as stored now: canonical content hash by (kind, id).
async fn learner_contents(
    conn: &mut sqlx::AnyConnection,
    learner: &LearnerId,
) -> Result<HashMap<(Kind, String), String>, AppError> {
    let mut out = HashMap::new();
    for i in interactions::for_learner(&mut *conn, learner).await? {
        out.insert(
            (Kind::Interaction, i.id.clone()),
            content_hash(&canonical::interaction(&i)),
        );
    }
    for o in observations::stored_of_learner(&mut *conn, learner).await? {
        out.insert(
            (Kind::Observation, o.id.clone()),
            content_hash(&canonical::observation(&o)),
        );
    }
    for t in crate::store::otj::approved_of_learner(&mut *conn, learner).await? {
        out.insert(
            (Kind::Training, t.id.clone()),
            content_hash(&canonical::training(&t)),
        );
    }
    for r in crate::store::reviews::signed_of_learner(&mut *conn, learner).await? {
        let rows = crate::store::reviews::signatures(&mut *conn, &r.id).await?;
        out.insert(
            (Kind::Review, r.id.clone()),
            content_hash(&crate::reviews::chained(&r, &rows)),
        );
    }
    for c in crate::store::employers::confirmations_of(&mut *conn, learner).await? {
        out.insert(
            (Kind::Confirmation, c.id.clone()),
            content_hash(&canonical::confirmation(&c)),
        );
    }
    for d in crate::store::gateway_decisions::of_learner(&mut *conn, learner).await? {
        out.insert(
            (Kind::GatewayDecision, d.id.clone()),
            content_hash(&canonical::gateway_decision(&d)),
        );
    }
    Ok(out)
}

/// Walks one chain's links: order, linkage, each link's hash, each evidence's content.
/// `contents` is what the learner's evidence hashes to now (None for the system chain,
/// whose events are kept in the links).
fn walk(
    chain: &str,
    records: &[Record],
    mut contents: Option<HashMap<(Kind, String), String>>,
    head: Option<&store::Head>,
) -> Option<Broken> {
    let mut prev = GENESIS.to_owned();
    for (n, r) in records.iter().enumerate() {
        let expected = i64::try_from(n).unwrap_or(i64::MAX) + 1;
        let at = |problem: String| Some(broken(chain, r.seq, &r.kind, &r.ref_id, problem));
        if r.seq != expected {
            return at(format!(
                "link {expected} is missing (the next is {})",
                r.seq
            ));
        }
        if r.prev_hash != prev {
            return at("does not follow the link before it (links removed or re-ordered)".into());
        }
        if link_hash(r) != r.hash {
            return at("the link itself was changed".into());
        }
        let Some(kind) = Kind::parse(&r.kind) else {
            return at("unknown kind of evidence".into());
        };
        match contents.as_mut() {
            Some(contents) => match contents.remove(&(kind, r.ref_id.clone())) {
                None => return at(format!("the {} is missing from the database", r.kind)),
                Some(now) if now != r.content_hash => {
                    return at(format!("the {} was changed after it was recorded", r.kind))
                }
                Some(_) => {}
            },
            None => {
                let ok = r
                    .payload
                    .as_deref()
                    .is_some_and(|p| canonical::sha256_hex(p.as_bytes()) == r.content_hash);
                if !ok {
                    return at("the recorded event was changed".into());
                }
            }
        }
        prev = r.hash.clone();
    }
    let last = records
        .last()
        .map_or((0, GENESIS), |r| (r.seq, r.hash.as_str()));
    match head {
        Some(h) if (h.seq, h.hash.as_str()) != last => {
            return Some(broken(
                chain,
                h.seq,
                "head",
                "",
                format!(
                    "the chain ends at link {} but its head says {}: links were removed",
                    last.0, h.seq
                ),
            ))
        }
        None if !records.is_empty() => {
            return Some(broken(chain, 0, "head", "", "the chain's head is missing"))
        }
        _ => {}
    }
    if let Some(rest) = contents {
        let mut left: Vec<_> = rest.into_keys().collect();
        left.sort_by(|a, b| a.1.cmp(&b.1));
        if let Some((kind, id)) = left.first() {
            return Some(broken(
                chain,
                0,
                kind.as_str(),
                id,
                format!(
                    "this {} is in the database but not in the chain",
                    kind.as_str()
                ),
            ));
        }
    }
    None
}

/// Checks anchors: their own chain, and that every head they anchored is still that link.
/// With `only`, the heads of other chains are not looked at (their links were not loaded).
fn check_anchors(
    anchors: &[store::Anchor],
    records: &BTreeMap<String, Vec<Record>>,
    only: Option<&str>,
) -> Option<Broken> {
    let mut prev = GENESIS.to_owned();
    for (n, a) in anchors.iter().enumerate() {
        let at = |problem: String| Some(broken("anchors", a.seq, "anchor", "", problem));
        if a.seq != i64::try_from(n).unwrap_or(i64::MAX) + 1 || a.prev_hash != prev {
            return at("anchors were removed or re-ordered".into());
        }
        if super::anchor::anchor_hash(a) != a.hash {
            return at("the anchor was changed".into());
        }
        let Ok(heads) = serde_json::from_str::<BTreeMap<String, (i64, String)>>(&a.heads) else {
            return at("the anchor cannot be read".into());
        };
        for (chain, (seq, hash)) in heads {
            if only.is_some_and(|id| id != chain) {
                continue;
            }
            let link = records
                .get(&chain)
                .and_then(|rs| rs.iter().find(|r| r.seq == seq));
            if link.is_none_or(|r| r.hash != hash) {
                return Some(broken(
                    &chain,
                    seq,
                    "anchor",
                    "",
                    format!(
                        "anchor {} fixed this link, and it is no longer the same",
                        a.seq
                    ),
                ));
            }
        }
        prev = a.hash.clone();
    }
    None
}

/// [`verify`] for a request that names a learner: an unknown learner is not found (rather
/// than an empty chain that verifies).
pub async fn verify_known(db: &Db, learner: Option<&str>) -> Result<VerifyReport, AppError> {
    if let Some(id) = learner {
        let mut conn = db.pool.acquire().await?;
        if users::find_by_id(&mut conn, id).await?.is_none() {
            return Err(AppError::not_found("Learner"));
        }
    }
    verify(db, learner).await
}

/// Verifies every chain, or one learner's (and the anchors over it).
#[tracing::instrument(skip(db))]
pub async fn verify(db: &Db, learner: Option<&str>) -> Result<VerifyReport, AppError> {
    let mut conn = db.pool.acquire().await?;
    let chains = match learner {
        Some(id) => vec![id.to_owned()],
        None => {
            let mut ids: HashSet<String> = store::chain_ids(&mut conn).await?.into_iter().collect();
            ids.extend(
                store::unchained_learners(&mut conn)
                    .await?
                    .into_iter()
                    .map(LearnerId::into_string),
            );
            let mut ids: Vec<String> = ids.into_iter().collect();
            ids.sort();
            ids
        }
    };
    let mut all = BTreeMap::new();
    let mut report = VerifyReport {
        ok: true,
        chains: 0,
        records: 0,
        anchors: 0,
        broken: Vec::new(),
    };
    for chain in &chains {
        let records = store::records(&mut conn, chain).await?;
        let head = store::head(&mut conn, chain).await?;
        let contents = if chain == SYSTEM_CHAIN {
            None
        } else {
            // A learner's chain is named by their id.
            Some(learner_contents(&mut conn, &LearnerId::from(chain.as_str())).await?)
        };
        report.chains += 1;
        report.records += records.len();
        if let Some(b) = walk(chain, &records, contents, head.as_ref()) {
            report.broken.push(b);
        }
        all.insert(chain.clone(), records);
    }
    let anchors = store::anchors(&mut conn).await?;
    report.anchors = anchors.len();
    if let Some(b) = check_anchors(&anchors, &all, learner) {
        report.broken.push(b);
    }
    report.ok = report.broken.is_empty();
    Ok(report)
}
