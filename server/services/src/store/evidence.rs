//! The evidence chains' tables: records, each chain's head, and anchors over all heads.

use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// A lesson as statements name it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonFacts {
    pub id: LessonId,
    pub title: String,
    pub duration_s: i64,
    pub standard: String,
    /// KSB codes the lesson teaches.
    pub ksb_codes: Vec<String>,
}

/// One link of a chain as stored. Its `kind` stays text on purpose: the trail's check reads
/// rows that may have been tampered with, and names an unknown kind as a broken link.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Record {
    pub chain_id: String,
    pub seq: i64,
    pub kind: String,
    pub ref_id: String,
    pub payload: Option<String>,
    pub content_hash: String,
    pub prev_hash: String,
    pub hash: String,
    pub recorded_at: i64,
}

/// A chain's newest link: (seq, hash).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Head {
    pub chain_id: String,
    pub seq: i64,
    pub hash: String,
}

/// An anchor over every chain's head.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Anchor {
    pub seq: i64,
    pub heads: String,
    pub prev_hash: String,
    pub hash: String,
    pub created_at: i64,
}

/// The head of `chain_id`, held for the caller's transaction (created empty at seq 0 with
/// `genesis` when the chain is new). Two writers to one chain wait for each other here.
pub async fn lock_head(
    conn: &mut AnyConnection,
    chain_id: &str,
    genesis: &str,
    now: i64,
) -> Result<(i64, String), AppError> {
    sqlx::query(
        "INSERT INTO evidence_heads (chain_id, seq, hash, updated_at) VALUES ($1, 0, $2, $3) \
         ON CONFLICT (chain_id) DO NOTHING",
    )
    .bind(chain_id)
    .bind(genesis)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE evidence_heads SET chain_id = chain_id WHERE chain_id = $1")
        .bind(chain_id)
        .execute(&mut *conn)
        .await?;
    let head: (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM evidence_heads WHERE chain_id = $1")
            .bind(chain_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(head)
}

/// Appends a link and moves the chain's head to it (inside the transaction that locked it).
pub async fn append(conn: &mut AnyConnection, r: &Record) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO evidence_records (chain_id, seq, kind, ref_id, payload, content_hash, \
         prev_hash, hash, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&r.chain_id)
    .bind(r.seq)
    .bind(&r.kind)
    .bind(&r.ref_id)
    .bind(&r.payload)
    .bind(&r.content_hash)
    .bind(&r.prev_hash)
    .bind(&r.hash)
    .bind(r.recorded_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE evidence_heads SET seq = $2, hash = $3, updated_at = $4 WHERE chain_id = $1",
    )
    .bind(&r.chain_id)
    .bind(r.seq)
    .bind(&r.hash)
    .bind(r.recorded_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A chain's links in order.
pub async fn records(conn: &mut AnyConnection, chain_id: &str) -> Result<Vec<Record>, AppError> {
    Ok(sqlx::query_as(
        "SELECT chain_id, seq, kind, ref_id, payload, content_hash, prev_hash, hash, recorded_at \
         FROM evidence_records WHERE chain_id = $1 ORDER BY seq",
    )
    .bind(chain_id)
    .fetch_all(conn)
    .await?)
}

/// The stored hash of one link, if the chain has it.
pub async fn link_hash(
    conn: &mut AnyConnection,
    chain_id: &str,
    seq: i64,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT hash FROM evidence_records WHERE chain_id = $1 AND seq = $2")
            .bind(chain_id)
            .bind(seq)
            .fetch_optional(conn)
            .await?,
    )
}

/// Where one piece of evidence sits on a chain (its link's position), if it is chained.
pub async fn seq_of(
    conn: &mut AnyConnection,
    chain_id: &str,
    kind: &str,
    ref_id: &str,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT seq FROM evidence_records WHERE chain_id = $1 AND kind = $2 AND ref_id = $3",
    )
    .bind(chain_id)
    .bind(kind)
    .bind(ref_id)
    .fetch_optional(conn)
    .await?)
}

/// Every chain's head, by chain id.
pub async fn heads(conn: &mut AnyConnection) -> Result<Vec<Head>, AppError> {
    Ok(
        sqlx::query_as("SELECT chain_id, seq, hash FROM evidence_heads ORDER BY chain_id")
            .fetch_all(conn)
            .await?,
    )
}

/// One chain's head.
pub async fn head(conn: &mut AnyConnection, chain_id: &str) -> Result<Option<Head>, AppError> {
    Ok(
        sqlx::query_as("SELECT chain_id, seq, hash FROM evidence_heads WHERE chain_id = $1")
            .bind(chain_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Every chain id that has links or a head (a head whose links were deleted still counts).
pub async fn chain_ids(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT chain_id FROM evidence_heads UNION SELECT chain_id FROM evidence_records \
         ORDER BY 1",
    )
    .fetch_all(conn)
    .await?)
}

/// Learners with interactions or sign-offs and no chain yet (evidence from before the chain).
pub async fn unchained_learners(conn: &mut AnyConnection) -> Result<Vec<LearnerId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT learner_id FROM interactions UNION SELECT learner_id FROM observations \
         EXCEPT SELECT chain_id FROM evidence_heads ORDER BY 1",
    )
    .fetch_all(conn)
    .await?)
}

/// The newest anchor.
pub async fn last_anchor(conn: &mut AnyConnection) -> Result<Option<Anchor>, AppError> {
    Ok(sqlx::query_as(
        "SELECT seq, heads, prev_hash, hash, created_at FROM evidence_anchors \
         ORDER BY seq DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await?)
}

/// Every anchor, oldest first.
pub async fn anchors(conn: &mut AnyConnection) -> Result<Vec<Anchor>, AppError> {
    Ok(sqlx::query_as(
        "SELECT seq, heads, prev_hash, hash, created_at FROM evidence_anchors ORDER BY seq",
    )
    .fetch_all(conn)
    .await?)
}

/// Stores an anchor (its seq is the primary key: two concurrent anchorers cannot both win).
pub async fn insert_anchor(conn: &mut AnyConnection, a: &Anchor) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO evidence_anchors (seq, heads, prev_hash, hash, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(a.seq)
    .bind(&a.heads)
    .bind(&a.prev_hash)
    .bind(&a.hash)
    .bind(a.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The lessons a learner has interacted with, as statements name them.
pub async fn lessons_of_learner(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<LessonFacts>, AppError> {
    let ids: Vec<LessonId> =
        sqlx::query_scalar("SELECT DISTINCT content_id FROM interactions WHERE learner_id = $1")
            .bind(learner_id)
            .fetch_all(&mut *conn)
            .await?;
    lessons(conn, &ids).await
}

/// These lessons (by content id), as statements name them.
pub async fn lessons(
    conn: &mut AnyConnection,
    ids: &[LessonId],
) -> Result<Vec<LessonFacts>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: LessonId,
        title: String,
        duration_s: i64,
        reference: String,
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = super::params(1, ids.len());
    let sql = format!(
        "SELECT c.id, c.title, c.duration_s, s.reference FROM content c \
         JOIN standards s ON s.id = c.standard_id WHERE c.id IN ({list})"
    );
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let sql = format!(
        "SELECT ck.content_id, k.code FROM content_ksbs ck JOIN ksbs k ON k.id = ck.ksb_id \
         WHERE ck.content_id IN ({list}) ORDER BY ck.content_id, k.sort"
    );
    let mut q = sqlx::query_as::<_, (LessonId, String)>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    let codes = q.fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| LessonFacts {
            ksb_codes: codes
                .iter()
                .filter(|(c, _)| *c == r.id)
                .map(|(_, k)| k.clone())
                .collect(),
            id: r.id,
            title: r.title,
            duration_s: r.duration_s,
            standard: r.reference,
        })
        .collect())
}

/// Per sign-off of a learner: the standard's reference and the KSB codes signed off.
pub async fn observed_codes(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<std::collections::HashMap<String, (String, Vec<String>)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT ok.observation_id, s.reference, k.code FROM observation_ksbs ok \
         JOIN observations o ON o.id = ok.observation_id JOIN ksbs k ON k.id = ok.ksb_id \
         JOIN standards s ON s.id = k.standard_id WHERE o.learner_id = $1 \
         ORDER BY ok.observation_id, k.sort",
    )
    .bind(learner_id)
    .fetch_all(conn)
    .await?;
    let mut out: std::collections::HashMap<String, (String, Vec<String>)> =
        std::collections::HashMap::new();
    for (obs, reference, code) in rows {
        let entry = out.entry(obs).or_insert_with(|| (reference, Vec::new()));
        entry.1.push(code);
    }
    Ok(out)
}
