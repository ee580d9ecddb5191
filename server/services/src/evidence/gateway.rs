//! The assessor's Gateway decision: ready, not yet, or more evidence asked for, with reasons
//! KSB by KSB and a note. Only an assessor the learner's evidence is shared with records one;
//! it is chained on the learner's evidence chain in the same transaction. The newest decision
//! that is not "ready" stands in the mentor's queue (the board's alerts) until a newer one
//! replaces it; the readiness page and the portfolio show the newest.

use super::access;
use crate::db::Db;
use crate::store::gateway_decisions::{self as store, DecisionRow};
use crate::store::users::{self, User};
use crate::store::{cohorts, evidence as chain, ksbs};
use flowline_core::domain::streak::local_day;
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::{GatewayDecision, GatewayDecisionIn, GatewayVerdict, KsbReason};
use flowline_core::view::projection::rfc3339;
use sqlx::AnyConnection;

/// The longest note, and the longest reason for one KSB.
pub const MAX_NOTE: usize = 2000;
pub const MAX_REASON: usize = 500;

/// A stored decision as people read it, with its place on the chain.
pub async fn view(conn: &mut AnyConnection, d: DecisionRow) -> Result<GatewayDecision, AppError> {
    let tz = users::find_by_id(&mut *conn, &d.learner_id)
        .await?
        .map(|u| flowline_core::domain::Zone::parse_or_default(&u.timezone))
        .unwrap_or_default();
    let seq = chain::seq_of(
        &mut *conn,
        d.learner_id.as_str(),
        super::Kind::GatewayDecision.as_str(),
        &d.id,
    )
    .await?;
    Ok(GatewayDecision {
        decision: GatewayVerdict::parse(&d.decision).unwrap_or(GatewayVerdict::NotYet),
        reasons: serde_json::from_str::<Vec<(String, String)>>(&d.reasons)
            .unwrap_or_default()
            .into_iter()
            .map(|(code, reason)| KsbReason { code, reason })
            .collect(),
        decided_at: rfc3339(d.decided_at).unwrap_or_default(),
        decided_on: local_day(d.decided_at, tz).to_string(),
        id: d.id,
        learner_id: d.learner_id,
        assessor_name: d.assessor_name,
        note: d.note,
        chain_seq: seq,
    })
}

/// The learner's newest decision, if any (for a caller already let in).
pub async fn latest(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Option<GatewayDecision>, AppError> {
    match store::of_learner(&mut *conn, learner_id)
        .await?
        .into_iter()
        .next()
    {
        Some(d) => Ok(Some(view(conn, d).await?)),
        None => Ok(None),
    }
}

/// Every decision on a learner, newest first, for whoever may read their evidence.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn of_learner(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<Vec<GatewayDecision>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = access::open(&mut conn, caller, learner_id, access::Look::Readiness, now).await?;
    let mut out = Vec::new();
    for d in store::of_learner(&mut conn, &learner.learner_id()).await? {
        out.push(view(&mut conn, d).await?);
    }
    Ok(out)
}

/// The reasons, checked against the learner's standard: codes of its KSBs (each once, as the
/// standard writes them), each with 1 to [`MAX_REASON`] characters.
fn checked_reasons(
    input: &GatewayDecisionIn,
    codes: &[String],
) -> Result<Vec<(String, String)>, AppError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (n, r) in input.reasons.iter().enumerate() {
        let code = r.code.trim().to_ascii_uppercase();
        let reason = r.reason.trim();
        let field = format!("reasons[{n}]");
        if !codes.contains(&code) {
            return Err(AppError::invalid(
                &field,
                format!("{code} is not a KSB of the apprentice's standard."),
            ));
        }
        if out.iter().any(|(c, _)| c == &code) {
            return Err(AppError::invalid(&field, format!("{code} is given twice.")));
        }
        if reason.is_empty() || reason.chars().count() > MAX_REASON {
            return Err(AppError::invalid(
                &field,
                format!("Say what {code} lacks, in 1 to {MAX_REASON} characters."),
            ));
        }
        out.push((code, reason.to_owned()));
    }
    match input.decision {
        GatewayVerdict::Ready if !out.is_empty() => Err(AppError::invalid(
            "reasons",
            "A ready decision takes no KSB reasons: say it in the note.",
        )),
        GatewayVerdict::NotYet | GatewayVerdict::MoreEvidence if out.is_empty() => {
            Err(AppError::invalid(
                "reasons",
                "Say which KSBs are not there yet, and why, so the mentor knows what to do.",
            ))
        }
        _ => Ok(out),
    }
}

/// An assessor the learner's evidence is shared with records a decision.
#[tracing::instrument(skip(db, caller, input), fields(caller = %caller.id))]
pub async fn decide(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    input: &GatewayDecisionIn,
    now: i64,
) -> Result<GatewayDecision, AppError> {
    let mut conn = db.pool.acquire().await?;
    if !access::may_read(&mut conn, caller, learner_id, now).await? {
        return Err(AppError::not_found("Learner"));
    }
    if caller.role != Role::Assessor {
        return Err(AppError::forbidden());
    }
    let learner = users::find_by_id(&mut conn, learner_id)
        .await?
        .filter(|u| u.role == Role::Learner)
        .ok_or_else(|| AppError::not_found("Learner"))?;
    let enrolment = cohorts::enrolment(&mut conn, &learner.learner_id())
        .await?
        .ok_or_else(|| AppError::conflict("learner", "The apprentice is not in a cohort."))?;
    let codes: Vec<String> = ksbs::live_ids_by_code(&mut conn, &enrolment.standard_id)
        .await?
        .into_keys()
        .collect();
    let reasons = checked_reasons(input, &codes)?;
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(
            "note",
            format!("Keep the note to {MAX_NOTE} characters."),
        ));
    }
    drop(conn);
    let row = DecisionRow {
        id: crate::new_id(),
        learner_id: learner.learner_id(),
        assessor_id: caller.id.clone(),
        assessor_name: caller.display_name.clone(),
        decision: input.decision.as_str().to_owned(),
        reasons: serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".into()),
        note: note.to_owned(),
        decided_at: now,
    };
    let mut tx = db.begin_write().await?;
    store::insert(&mut tx, &row).await?;
    super::chain_gateway_decision(&mut tx, &row, now).await?;
    tx.commit().await?;
    tracing::info!(learner = %row.learner_id, decision = %row.decision, "gateway decision recorded");
    let mut conn = db.pool.acquire().await?;
    view(&mut conn, row).await
}
