//! One KSB's evidence, item by item, for whoever may read the learner's evidence (an assessor
//! above all): every answer to its checks with the question and the answer given, every
//! sign-off of observed practice with the mentor's notes and the photos, evidence from the job
//! still with the mentor, and the line manager's confirmation of a Behaviour. Each item says
//! when, who saw it and, where it is on the tamper-evident chain, its position and hash.

use super::access::{self, Look};
use crate::db::Db;
use crate::job_evidence::files::view_stored;
use crate::learning::progress;
use crate::store::users::User;
use crate::store::{employers, evidence as chain, interactions, observations, questions};
use flowline_core::domain::interaction::InteractionKind;
use flowline_core::domain::readiness::{evidence_kind, gaps_of};
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::model::{EvidenceItem, JobStatus, KsbEvidence};
use flowline_core::view::projection::rfc3339;
use std::collections::HashMap;

/// `code`'s evidence for `learner_id`, when `caller` may read it (the look is recorded).
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn of(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    code: &str,
    now: i64,
) -> Result<KsbEvidence, AppError> {
    let learner = {
        let mut conn = db.pool.acquire().await?;
        access::open(&mut conn, caller, learner_id, Look::KsbEvidence, now).await?
    };
    let code = code.trim().to_ascii_uppercase();
    let view = progress::view(db, &learner, now).await?;
    let ksb = view
        .progress
        .ksbs
        .iter()
        .find(|k| k.code == code)
        .cloned()
        .ok_or_else(|| AppError::not_found("KSB"))?;
    let id = learner.learner_id();
    let mut conn = db.pool.acquire().await?;
    let links: HashMap<(String, String), (i64, String)> = chain::records(&mut conn, id.as_str())
        .await?
        .into_iter()
        .map(|r| ((r.kind, r.ref_id), (r.seq, r.hash)))
        .collect();
    let tz = view.learner.tz;
    let when = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.with_timezone(&tz).format("%-d %B %Y, %H:%M").to_string())
            .unwrap_or_default()
    };
    let place =
        |kind: &str, ref_id: &str| links.get(&(kind.to_owned(), ref_id.to_owned())).cloned();
    let asked: HashMap<String, questions::Question> = questions::answered_by(&mut conn, &id)
        .await?
        .into_iter()
        .filter(|q| q.ksb_code == code)
        .map(|q| (q.id.clone(), q))
        .collect();
    let mut items: Vec<(i64, EvidenceItem)> = Vec::new();
    for i in interactions::for_learner(&mut conn, &id).await? {
        if i.kind != InteractionKind::Answered {
            continue;
        }
        for a in &i.answers {
            let Some(q) = asked.get(&a.question_id) else {
                continue;
            };
            let chosen = usize::try_from(a.response)
                .ok()
                .and_then(|n| q.options.get(n))
                .cloned()
                .unwrap_or_default();
            let link = place("interaction", &i.id);
            items.push((
                i.occurred_at,
                EvidenceItem {
                    kind: "answer".into(),
                    at: rfc3339(i.occurred_at).unwrap_or_default(),
                    when: when(i.occurred_at),
                    by: format!("{} (their answer)", learner.display_name),
                    title: q.prompt.clone(),
                    detail: if a.correct {
                        format!("Answered “{chosen}”: right")
                    } else {
                        let right = q.options.get(q.answer).cloned().unwrap_or_default();
                        format!("Answered “{chosen}”: wrong (the answer is “{right}”)")
                    },
                    correct: Some(a.correct),
                    files: Vec::new(),
                    chain_seq: link.as_ref().map(|l| l.0),
                    chain_hash: link.map(|l| l.1),
                },
            ));
        }
    }
    for o in observations::of_learner(&mut conn, &id).await? {
        if !o.ksb_codes.contains(&code) {
            continue;
        }
        let link = place("observation", &o.id);
        items.push((
            o.occurred_at,
            EvidenceItem {
                kind: "observation".into(),
                at: rfc3339(o.occurred_at).unwrap_or_default(),
                when: when(o.occurred_at),
                by: format!("{} (mentor, signed off)", o.mentor),
                title: match o.duration_min {
                    0 => "Observed practice".to_owned(),
                    m => format!("Observed practice, {m} min"),
                },
                detail: o.notes.clone(),
                correct: None,
                files: o.files.iter().map(view_stored).collect(),
                chain_seq: link.as_ref().map(|l| l.0),
                chain_hash: link.map(|l| l.1),
            },
        ));
    }
    // Signed off, evidence from the job is an observation above; here what is still open.
    for e in crate::job_evidence::of_learner_let_in(&mut conn, &id).await? {
        if e.status == JobStatus::Accepted || !e.ksb_codes.contains(&code) {
            continue;
        }
        let at = chrono::DateTime::parse_from_rfc3339(&e.captured_at)
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        items.push((
            at,
            EvidenceItem {
                kind: "job_evidence".into(),
                at: e.captured_at.clone(),
                when: when(at),
                by: match e.status {
                    JobStatus::MoreAsked => format!(
                        "{} (from the job; the mentor asked for more)",
                        learner.display_name
                    ),
                    _ => format!(
                        "{} (from the job; waiting for the mentor)",
                        learner.display_name
                    ),
                },
                title: format!("Evidence from the job: {}", e.caption),
                detail: e.review_note.clone(),
                correct: None,
                files: e.files.clone(),
                chain_seq: None,
                chain_hash: None,
            },
        ));
    }
    for c in employers::confirmations_of(&mut conn, &id).await? {
        if c.subject != code {
            continue;
        }
        let link = place("confirmation", &c.id);
        items.push((
            c.confirmed_at,
            EvidenceItem {
                kind: "confirmation".into(),
                at: rfc3339(c.confirmed_at).unwrap_or_default(),
                when: when(c.confirmed_at),
                by: format!("{} (line manager, confirmed)", c.employer_name),
                title: "Confirmed at work".into(),
                detail: c.note.clone(),
                correct: None,
                files: Vec::new(),
                chain_seq: link.as_ref().map(|l| l.0),
                chain_hash: link.map(|l| l.1),
            },
        ));
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.0));
    Ok(KsbEvidence {
        learner_id: id,
        learner_name: learner.display_name.clone(),
        standard: view.progress.standard.clone(),
        evidence: evidence_kind(&ksb).to_owned(),
        quiz_only: ksb.kind != KsbKind::Knowledge && ksb.answers > 0 && ksb.observations == 0,
        ready: gaps_of(&ksb).is_empty(),
        code: ksb.code,
        kind: ksb.kind,
        text: ksb.text,
        mastery: ksb.mastery,
        items: items.into_iter().map(|(_, i)| i).collect(),
    })
}
