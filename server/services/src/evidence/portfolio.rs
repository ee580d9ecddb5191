//! The portfolio on demand: JSON (readiness, observations, mastery over time, every xAPI
//! statement, the chain head) for whoever may read the learner's evidence, and issued as PDF
//! with a QR code to a public verify page. A verify token is 256 random bits; only its SHA-256
//! is kept, and the learner or an admin can revoke it.

use super::access::{self, Look};
use super::{canonical, readiness, shares, statements, trail};
use crate::db::Db;
use crate::session_token;
use crate::store::portfolios::{self as store, IssueRow, NewIssue};
use crate::store::users::{self, User};
use crate::store::{evidence as chain, observations};
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{ObservationView, Portfolio, PortfolioIssue, Verification};
use flowline_core::spelling::Flag;
use flowline_core::view::projection::rfc3339;

pub const FORMAT: &str = "flowline-portfolio/1";

/// Where the portfolio's links point and whose name is on it.
#[derive(Debug, Clone, Copy)]
pub struct Issuer<'a> {
    /// The site's public URL (no trailing slash).
    pub site: &'a str,
    pub provider: &'a str,
}

/// The portfolio of `learner_id` for a caller who may read their evidence (the look is
/// recorded).
#[tracing::instrument(skip(db, caller, issuer), fields(caller = %caller.id))]
pub async fn of(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    issuer: Issuer<'_>,
    now: i64,
) -> Result<Portfolio, AppError> {
    let learner = {
        let mut conn = db.pool.acquire().await?;
        access::open(&mut conn, caller, learner_id, Look::Portfolio, now).await?
    };
    assemble(db, &learner, issuer, now).await
}

async fn assemble(
    db: &Db,
    learner: &User,
    issuer: Issuer<'_>,
    now: i64,
) -> Result<Portfolio, AppError> {
    let (readiness, progress) = readiness::with_progress(db, learner, now).await?;
    let mut conn = db.pool.acquire().await?;
    let observations = observations::of_learner(&mut conn, &learner.learner_id())
        .await?
        .into_iter()
        .map(|o| ObservationView {
            id: o.id,
            mentor: o.mentor,
            ksb_codes: o.ksb_codes,
            note: o.notes,
            occurred_at: rfc3339(o.occurred_at).unwrap_or_default(),
            files: o
                .files
                .iter()
                .map(crate::job_evidence::files::view_stored)
                .collect(),
        })
        .collect();
    let statements = statements::all_of(&mut conn, issuer.site, &learner.learner_id())
        .await?
        .into_iter()
        .map(|(_, _, s)| s)
        .collect();
    let reviews = crate::reviews::signed_of(&mut conn, &learner.learner_id()).await?;
    Ok(Portfolio {
        reviews,
        format: FORMAT.into(),
        generated_at: rfc3339(now).unwrap_or_default(),
        provider: issuer.provider.to_owned(),
        readiness,
        observations,
        history: progress.history,
        statements,
    })
}

/// SHA-256 over the portfolio's canonical JSON (RFC 8785).
pub fn document_hash(p: &Portfolio) -> String {
    canonical::content_hash(&serde_json::to_value(p).unwrap_or_default())
}

/// A portfolio issued now: its content, the record of the issue, and the verify URL (the only
/// time the token is known).
pub struct Issued {
    pub portfolio: Portfolio,
    pub issue: PortfolioIssue,
    pub verify_url: String,
}

/// Issues the portfolio of `learner_id` (for the PDF): anyone who may read it may issue it.
#[tracing::instrument(skip(db, caller, issuer), fields(caller = %caller.id))]
pub async fn issue(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    issuer: Issuer<'_>,
    show_name: bool,
    now: i64,
) -> Result<Issued, AppError> {
    let portfolio = of(db, caller, learner_id, issuer, now).await?;
    let token = session_token::generate();
    let r = &portfolio.readiness;
    let row = IssueRow {
        id: crate::new_id(),
        learner_id: r.learner_id.clone(),
        issued_by: caller.id.clone(),
        standard: r.standard.clone(),
        standard_title: r.standard_title.clone(),
        ready: Flag(r.ready),
        evidence_count: r.evidence_count,
        chain_head: r.chain_head.clone(),
        document_hash: document_hash(&portfolio),
        show_name: Flag(show_name),
        issued_at: now,
        revoked_at: None,
    };
    let mut conn = db.pool.acquire().await?;
    store::insert(
        &mut conn,
        &NewIssue {
            row: &row,
            token_hash: &session_token::hash(&token),
        },
    )
    .await?;
    Ok(Issued {
        portfolio,
        issue: to_dto(row),
        verify_url: format!("{}/verify/{token}", issuer.site),
    })
}

fn to_dto(r: IssueRow) -> PortfolioIssue {
    PortfolioIssue {
        id: r.id,
        issued_at: rfc3339(r.issued_at).unwrap_or_default(),
        standard: r.standard,
        ready: r.ready.is_set(),
        evidence_count: r.evidence_count,
        chain_head: r.chain_head,
        document_hash: r.document_hash,
        show_name: r.show_name.is_set(),
        revoked: r.revoked_at.is_some(),
    }
}

/// The portfolios issued of a learner (the learner or an admin).
pub async fn issues(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
) -> Result<Vec<PortfolioIssue>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = shares::manageable(&mut conn, caller, learner_id).await?;
    Ok(store::of_learner(&mut conn, &learner.learner_id())
        .await?
        .into_iter()
        .map(to_dto)
        .collect())
}

/// Revokes an issued portfolio: its verify page says "not found" from now on (revoking it
/// again changes nothing).
pub async fn revoke(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    issue_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = shares::manageable(&mut conn, caller, learner_id).await?;
    if !store::revoke(&mut conn, &learner.learner_id(), issue_id, now).await? {
        // Revoked already: done (as asked). Never issued for this learner: not found.
        let known = store::of_learner(&mut conn, &learner.learner_id())
            .await?
            .iter()
            .any(|r| r.id == issue_id);
        if !known {
            return Err(AppError::not_found("Issued portfolio"));
        }
    }
    Ok(())
}

/// What the verify page shows for `token` (no sign-in): "not found" for a token that does not
/// exist or was revoked.
#[tracing::instrument(skip_all)]
pub async fn verification(db: &Db, token: &str, provider: &str) -> Result<Verification, AppError> {
    let token = token.trim();
    let not_found = || AppError::not_found("Portfolio");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let mut conn = db.pool.acquire().await?;
    let row = store::by_token_hash(&mut conn, &session_token::hash(&token.to_ascii_lowercase()))
        .await?
        .filter(|r| r.revoked_at.is_none())
        .ok_or_else(not_found)?;
    let learner_name = if row.show_name.is_set() {
        users::find_by_id(&mut conn, &row.learner_id)
            .await?
            .map(|u| u.display_name)
    } else {
        None
    };
    // The link the portfolio ended on must still be on the chain, unchanged.
    let at_issue = match (&row.chain_head, row.evidence_count) {
        (Some(head), n) if n > 0 => {
            chain::link_hash(&mut conn, &row.learner_id, n)
                .await?
                .as_ref()
                == Some(head)
        }
        _ => true,
    };
    drop(conn);
    let report = trail::verify(db, Some(&row.learner_id)).await?;
    let chain_verifies = report.ok && at_issue;
    let chain_note = match (report.ok, at_issue) {
        (true, true) => format!(
            "The evidence chain verifies: {} records, and the {} this portfolio was issued on are unchanged.",
            report.records, row.evidence_count
        ),
        (true, false) => "The evidence chain no longer holds the record this portfolio ended on: it was rewritten after issue.".into(),
        (false, _) => match report.broken.first() {
            Some(b) => format!("The evidence chain does not verify: {b}."),
            None => "The evidence chain does not verify.".into(),
        },
    };
    Ok(Verification {
        issued_at: rfc3339(row.issued_at).unwrap_or_default(),
        standard: row.standard,
        standard_title: row.standard_title,
        learner_name,
        provider: provider.to_owned(),
        ready_at_issue: row.ready.is_set(),
        evidence_count: row.evidence_count,
        chain_head: row.chain_head,
        document_hash: row.document_hash,
        chain_verifies,
        chain_note,
    })
}
