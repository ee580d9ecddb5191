//! Progress reviews, every few weeks (the cohort's `review_weeks`, 12 by default): the
//! apprentice's mentor drafts one from the record since the last ([`draft`]); the apprentice,
//! their line manager and the mentor each add a comment and sign. A signature is the SHA-256
//! of the review's content (its record and the agreed plan) with the signer's own comment, so
//! a plan edited or a comment changed after someone signed shows that signature as out of date
//! until they sign again. When all three signatures hold, the review is final: it cannot
//! change, it is chained on the apprentice's evidence chain, and it is in their portfolio.

pub mod draft;

use crate::db::Db;
use crate::evidence::access::{self, Look};
use crate::evidence::canonical::content_hash;
use crate::store::reviews::{self as store, NewReview, ReviewRow, SignatureRow};
use crate::store::users::User;
use crate::store::{employers, observations, users};
use flowline_core::domain::streak::local_day;
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::{Party, Review, ReviewRecord, Reviews, Signature};
use flowline_core::view::projection::rfc3339;
use serde_json::{json, Value};
use sqlx::AnyConnection;

/// Longest plan and comment.
pub const MAX_PLAN: usize = 2000;
pub const MAX_COMMENT: usize = 1000;

/// The caller's part in `learner`'s reviews, if any.
async fn party_of(
    conn: &mut AnyConnection,
    caller: &User,
    learner: &LearnerId,
) -> Result<Option<Party>, AppError> {
    Ok(match caller.role {
        Role::Learner if caller.id == learner.as_str() => Some(Party::Apprentice),
        Role::Employer if employers::manages(conn, &caller.id, learner).await? => {
            Some(Party::Employer)
        }
        Role::Mentor if observations::mentors(conn, &caller.id, learner).await? => {
            Some(Party::Mentor)
        }
        _ => None,
    })
}

/// What a review's content hashes to: its identity, record and plan.
fn content_of(r: &ReviewRow) -> Value {
    let record: Value = serde_json::from_str(&r.record).unwrap_or(Value::Null);
    json!({
        "type": "progress_review",
        "id": r.id,
        "learner": r.learner_id,
        "number": r.number,
        "record": record,
        "plan": r.plan,
    })
}

/// What one party signs: the content's hash, who they are, and their own comment.
fn signed_hash(content: &str, party: Party, user_id: &str, comment: &str) -> String {
    content_hash(&json!({
        "content": content,
        "party": party.as_str(),
        "signer": user_id,
        "comment": comment,
    }))
}

/// A signature holds when what it hashed is what the review and its comment say now.
fn holds(content: &str, s: &SignatureRow) -> bool {
    let Some(party) = Party::parse(&s.party) else {
        return false;
    };
    s.signed_hash.as_deref() == Some(&signed_hash(content, party, &s.user_id, &s.comment))
}

/// Who is to sign a learner's reviews where nobody has yet: the apprentice, their line
/// managers, their mentors (read once for all of a learner's reviews).
struct Signers {
    apprentice: String,
    managers: Option<String>,
    mentors: Option<String>,
}

impl Signers {
    async fn of(conn: &mut AnyConnection, learner_id: &LearnerId) -> Result<Self, AppError> {
        let learner = users::find_by_id(&mut *conn, learner_id.as_str())
            .await?
            .ok_or_else(|| AppError::not_found("Learner"))?;
        let names = |people: Vec<(String, String)>| {
            let names: Vec<String> = people.into_iter().map(|(_, name)| name).collect();
            (!names.is_empty()).then(|| names.join(" or "))
        };
        Ok(Signers {
            apprentice: learner.display_name,
            managers: names(employers::managers_of(&mut *conn, learner_id).await?),
            mentors: names(store::mentors_of(&mut *conn, learner_id).await?),
        })
    }
}

/// The review as its readers see it.
async fn view(
    conn: &mut AnyConnection,
    r: ReviewRow,
    mine: Option<Party>,
) -> Result<Review, AppError> {
    let signers = Signers::of(&mut *conn, &r.learner_id).await?;
    view_with(conn, r, mine, &signers).await
}

/// [`view`] with the learner's signers already read.
async fn view_with(
    conn: &mut AnyConnection,
    r: ReviewRow,
    mine: Option<Party>,
    signers: &Signers,
) -> Result<Review, AppError> {
    let content = content_hash(&content_of(&r));
    let rows = store::signatures(&mut *conn, &r.id).await?;
    let mut signatures = Vec::new();
    for party in Party::ALL {
        let row = rows.iter().find(|s| s.party == party.as_str());
        let name = match (row, party) {
            (Some(s), _) => Some(s.name.clone()),
            (None, Party::Apprentice) => Some(signers.apprentice.clone()),
            (None, Party::Employer) => signers.managers.clone(),
            (None, Party::Mentor) => signers.mentors.clone(),
        };
        signatures.push(Signature {
            party,
            name,
            comment: row.map(|s| s.comment.clone()).unwrap_or_default(),
            signed_at: row.and_then(|s| s.signed_at).and_then(rfc3339),
            signed_hash: row.and_then(|s| s.signed_hash.clone()),
            valid: row.is_some_and(|s| holds(&content, s)),
        });
    }
    let record: ReviewRecord = serde_json::from_str(&r.record)
        .map_err(|e| AppError::internal(format!("review {} record unreadable: {e}", r.id)))?;
    Ok(Review {
        id: r.id,
        learner_id: r.learner_id,
        learner_name: signers.apprentice.clone(),
        number: r.number,
        record,
        plan: r.plan,
        drafted_by: r.drafted_by_name,
        drafted_at: rfc3339(r.drafted_at).unwrap_or_default(),
        content_hash: content,
        signed: r.signed_at.is_some(),
        signatures,
        my_party: mine,
    })
}

/// The review `id` and the caller's part in it, when the caller may read it (recorded as a
/// look at the apprentice's evidence); not found otherwise.
async fn open(
    conn: &mut AnyConnection,
    caller: &User,
    id: &str,
    now: i64,
) -> Result<(ReviewRow, Option<Party>), AppError> {
    let r = store::find(&mut *conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Review"))?;
    access::open(&mut *conn, caller, &r.learner_id, Look::Reviews, now)
        .await
        .map_err(|e| match e.code {
            flowline_core::error::ErrorCode::NotFound => AppError::not_found("Review"),
            _ => e,
        })?;
    let mine = party_of(&mut *conn, caller, &r.learner_id).await?;
    Ok((r, mine))
}

/// [`open`] for a change: the apprentice's lock is taken before the review is read again, so
/// a plan, a comment and a signature of one review are never interleaved (on PostgreSQL as
/// on SQLite), and a review made final meanwhile is seen as final.
async fn open_for_write(
    conn: &mut AnyConnection,
    caller: &User,
    id: &str,
    now: i64,
) -> Result<(ReviewRow, Option<Party>), AppError> {
    let (r, mine) = open(&mut *conn, caller, id, now).await?;
    users::lock(&mut *conn, r.learner_id.as_str()).await?;
    let r = store::find(&mut *conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Review"))?;
    still_open(&r)?;
    Ok((r, mine))
}

/// The learner's local day the next review is due: `weeks` after the day of `last_ms` (the
/// last review's drafting, or joining the cohort). Overdue is after that day.
pub fn due_day(last_ms: i64, weeks: i64, tz: flowline_core::domain::Zone) -> chrono::NaiveDate {
    let day = local_day(last_ms, tz);
    day.checked_add_days(chrono::Days::new(u64::try_from(weeks * 7).unwrap_or(84)))
        .unwrap_or(day)
}

/// A learner's reviews, newest first, and when the next is due.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn list(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<Reviews, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = access::open(&mut conn, caller, learner_id, Look::Reviews, now).await?;
    let mine = party_of(&mut conn, caller, learner_id).await?;
    let rows = store::of_learner(&mut conn, learner_id).await?;
    let signers = Signers::of(&mut conn, learner_id).await?;
    let every_weeks = store::every_weeks(&mut conn, learner_id).await?;
    let open_one = rows.iter().any(|r| r.signed_at.is_none());
    let enrolment = crate::store::cohorts::enrolment(&mut conn, learner_id).await?;
    let tz = flowline_core::domain::Zone::parse_or_default(&learner.timezone);
    let due = match (&enrolment, open_one) {
        (_, true) | (None, _) => None,
        (Some(e), false) => {
            let last = rows.first().map_or(e.joined_at, |r| r.drafted_at);
            Some(due_day(last, every_weeks, tz))
        }
    };
    let today = local_day(now, tz);
    let may_draft = !open_one
        && enrolment.is_some()
        && (mine == Some(Party::Mentor) || caller.role == Role::Admin);
    let mut reviews = Vec::with_capacity(rows.len());
    for r in rows {
        reviews.push(view_with(&mut conn, r, mine, &signers).await?);
    }
    Ok(Reviews {
        learner_id: learner_id.clone(),
        every_weeks,
        overdue: due.is_some_and(|d| d < today),
        due_on: due.map(|d| d.to_string()),
        reviews,
        may_draft,
    })
}

/// A learner's final reviews, oldest first, as a reader with no part in them sees them (the
/// portfolio; the caller was checked by its reader).
pub async fn signed_of(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
) -> Result<Vec<Review>, AppError> {
    let mut out = Vec::new();
    let signers = Signers::of(&mut *conn, learner_id).await?;
    for r in store::signed_of_learner(&mut *conn, learner_id).await? {
        out.push(view_with(&mut *conn, r, None, &signers).await?);
    }
    Ok(out)
}

/// One review.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn get(db: &Db, caller: &User, id: &str, now: i64) -> Result<Review, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (r, mine) = open(&mut conn, caller, id, now).await?;
    view(&mut conn, r, mine).await
}

/// The apprentice's mentor (or an admin) drafts the next review from the record since the
/// last; the apprentice and their line manager are e-mailed to read and sign it.
#[tracing::instrument(skip(db, caller), fields(caller = %caller.id))]
pub async fn start(
    db: &Db,
    caller: &User,
    learner_id: &LearnerId,
    site: &str,
    now: i64,
) -> Result<Review, AppError> {
    crate::accounts::require_role(caller, &[Role::Mentor, Role::Admin])?;
    let (learner, last) = {
        let mut conn = db.pool.acquire().await?;
        let learner = access::open(&mut conn, caller, learner_id, Look::Reviews, now).await?;
        let rows = store::of_learner(&mut conn, learner_id).await?;
        if let Some(open) = rows.iter().find(|r| r.signed_at.is_none()) {
            return Err(AppError::conflict(
                "review",
                format!(
                    "Review {} is not signed by all three yet: finish it before drafting the next.",
                    open.number
                ),
            ));
        }
        (learner, rows.into_iter().next())
    };
    let previous = match &last {
        Some(r) => Some((
            serde_json::from_str::<ReviewRecord>(&r.record).map_err(|e| {
                AppError::internal(format!("review {} record unreadable: {e}", r.id))
            })?,
            r.drafted_at,
        )),
        None => None,
    };
    let record = draft::record(db, &learner, previous, now).await?;
    let text = serde_json::to_string(&record).map_err(AppError::internal)?;
    let id = crate::new_id();
    let number = last.as_ref().map_or(1, |r| r.number + 1);
    let mut tx = db.begin_write().await?;
    users::lock(&mut tx, &learner.id).await?;
    store::insert(
        &mut tx,
        &NewReview {
            id: &id,
            learner_id,
            number,
            record: &text,
            drafted_by: &caller.id,
            now,
        },
    )
    .await
    .map_err(|_| AppError::conflict("review", "Another review was drafted just now."))?;
    let link = format!("{site}/reviews/{id}");
    let mut to = vec![(learner.email.clone(), learner.display_name.clone())];
    for e in employers::managers_of(&mut tx, learner_id).await? {
        to.push(e);
    }
    for (email, name) in to {
        let mail = crate::mail::compose::review_to_sign(
            &email,
            &name,
            &learner.display_name,
            number,
            &link,
        );
        crate::mail::queue(&mut tx, &mail, &format!("review:{id}:{email}"), now).await?;
    }
    let r = store::find(&mut tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("a review just drafted is missing"))?;
    let mine = party_of(&mut tx, caller, learner_id).await?;
    let out = view(&mut tx, r, mine).await?;
    tx.commit().await?;
    Ok(out)
}

/// Whether the review may still change (409 once it is final).
fn still_open(r: &ReviewRow) -> Result<(), AppError> {
    if r.signed_at.is_some() {
        return Err(AppError::conflict(
            "review",
            "This review is signed by all three and final: it cannot change.",
        ));
    }
    Ok(())
}

/// The mentor writes what the three agree to do next. Signatures made before no longer hold.
#[tracing::instrument(skip(db, caller, plan), fields(caller = %caller.id))]
pub async fn set_plan(
    db: &Db,
    caller: &User,
    id: &str,
    plan: &str,
    now: i64,
) -> Result<Review, AppError> {
    let plan = plan.trim();
    if plan.chars().count() > MAX_PLAN {
        return Err(AppError::invalid(
            "plan",
            format!("Keep the plan to {MAX_PLAN} characters."),
        ));
    }
    let mut tx = db.begin_write().await?;
    let (r, mine) = open_for_write(&mut tx, caller, id, now).await?;
    if mine != Some(Party::Mentor) {
        return Err(AppError::forbidden());
    }
    store::set_plan(&mut tx, id, plan).await?;
    let r = store::find(&mut tx, id).await?.unwrap_or(r);
    let out = view(&mut tx, r, mine).await?;
    tx.commit().await?;
    Ok(out)
}

/// A comment as kept: trimmed, at most [`MAX_COMMENT`] characters.
fn comment_text(raw: &str) -> Result<&str, AppError> {
    let comment = raw.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(AppError::invalid(
            "comment",
            format!("Keep the comment to {MAX_COMMENT} characters."),
        ));
    }
    Ok(comment)
}

/// A party writes their comment. Their own signature, if any, no longer holds.
#[tracing::instrument(skip(db, caller, comment), fields(caller = %caller.id))]
pub async fn comment(
    db: &Db,
    caller: &User,
    id: &str,
    comment: &str,
    now: i64,
) -> Result<Review, AppError> {
    let comment = comment_text(comment)?;
    let mut tx = db.begin_write().await?;
    let (r, mine) = open_for_write(&mut tx, caller, id, now).await?;
    let Some(party) = mine else {
        return Err(AppError::forbidden());
    };
    store::set_comment(&mut tx, id, party.as_str(), &caller.id, comment).await?;
    let out = view(&mut tx, r, mine).await?;
    tx.commit().await?;
    Ok(out)
}

/// A party signs the review they read — `seen` is the content hash they were shown, and
/// `comment` their comment, saved with the signature — in one step. When the review changed
/// since they opened it (the plan was edited), nothing is signed and they are asked to read
/// it again. When all three signatures hold, the review is final and chained on the
/// apprentice's evidence chain.
#[tracing::instrument(skip(db, caller, comment), fields(caller = %caller.id))]
pub async fn sign(
    db: &Db,
    caller: &User,
    id: &str,
    seen: &str,
    comment: &str,
    now: i64,
) -> Result<Review, AppError> {
    let comment = comment_text(comment)?;
    let mut tx = db.begin_write().await?;
    let (r, mine) = open_for_write(&mut tx, caller, id, now).await?;
    let Some(party) = mine else {
        return Err(AppError::forbidden());
    };
    let content = content_hash(&content_of(&r));
    if seen != content {
        return Err(AppError::conflict(
            "content_hash",
            "The review changed since you opened it: read it again before you sign.",
        ));
    }
    // The comment is the signer's own: never one another person of the same part wrote.
    store::set_comment(&mut tx, id, party.as_str(), &caller.id, comment).await?;
    let hash = signed_hash(&content, party, &caller.id, comment);
    store::sign(&mut tx, id, party.as_str(), &caller.id, &hash, now).await?;
    let rows = store::signatures(&mut tx, id).await?;
    let all = Party::ALL.iter().all(|p| {
        rows.iter()
            .any(|s| s.party == p.as_str() && holds(&content, s))
    });
    if all {
        store::mark_signed(&mut tx, id, now).await?;
        let r = store::find(&mut tx, id).await?.unwrap_or(r.clone());
        crate::evidence::chain_review(&mut tx, &r, &chained(&r, &rows), now).await?;
    }
    let r = store::find(&mut tx, id).await?.unwrap_or(r);
    let out = view(&mut tx, r, mine).await?;
    tx.commit().await?;
    Ok(out)
}

/// What the evidence chain keeps of a final review: its content's hash and each signature
/// (party, signer, the hash they signed, when), never names or comments' text beyond their
/// hashes.
pub fn chained(r: &ReviewRow, rows: &[SignatureRow]) -> Value {
    let content = content_hash(&content_of(r));
    let signatures: Vec<Value> = rows
        .iter()
        .map(|s| {
            json!({
                "party": s.party,
                "signer": s.user_id,
                "signed": s.signed_hash,
                "at": s.signed_at,
            })
        })
        .collect();
    json!({
        "type": "progress_review",
        "id": r.id,
        "learner": r.learner_id,
        "number": r.number,
        "content": content,
        "signatures": signatures,
        "signed_at": r.signed_at,
    })
}

/// How long after drafting, and then between reminders, a missing signature is asked for.
pub const REMIND_AFTER_MS: i64 = 3 * 86_400_000;
/// Reminders per party and review at most.
pub const REMINDERS: i64 = 3;
/// How long before a review falls due its mentors hear of it.
pub const DUE_NOTICE_MS: i64 = 3 * 86_400_000;

/// What [`remind`] queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reminded {
    pub signatures: usize,
    pub due: usize,
}

/// E-mails who still has to sign an open review (three days after drafting, then every three
/// days, three times at most) and the mentors of apprentices whose next review falls due
/// within three days (once per review). Each notice is recorded under a key in the same
/// transaction as its mail, so running this again, or on two instances, sends nothing twice.
pub async fn remind(db: &Db, site: &str, now: i64) -> Result<Reminded, AppError> {
    let mut out = Reminded::default();
    let mut tx = db.begin_write().await?;
    for (id, learner_id, number, drafted) in
        store::open_before(&mut tx, now - REMIND_AFTER_MS).await?
    {
        let round = ((now - drafted) / REMIND_AFTER_MS).min(REMINDERS);
        let Some(learner) = users::find_by_id(&mut tx, learner_id.as_str()).await? else {
            continue;
        };
        let Some(r) = store::find(&mut tx, &id).await? else {
            continue;
        };
        let content = content_hash(&content_of(&r));
        let rows = store::signatures(&mut tx, &id).await?;
        let holds_for = |p: Party| {
            rows.iter()
                .any(|s| s.party == p.as_str() && holds(&content, s))
        };
        let mut to: Vec<(String, String)> = Vec::new();
        if !holds_for(Party::Apprentice) {
            to.push((learner.email.clone(), learner.display_name.clone()));
        }
        if !holds_for(Party::Employer) {
            to.extend(employers::managers_of(&mut tx, &learner_id).await?);
        }
        if !holds_for(Party::Mentor) {
            to.extend(store::mentors_of(&mut tx, &learner_id).await?);
        }
        let link = format!("{site}/reviews/{id}");
        for (email, name) in to {
            let mail = crate::mail::compose::review_reminder(
                &email,
                &name,
                &learner.display_name,
                number,
                &link,
            );
            let key = format!("review:{id}:remind:{round}:{email}");
            if store::note_sent(&mut tx, &key, now).await? {
                crate::mail::queue(&mut tx, &mail, &key, now).await?;
                out.signatures += 1;
            }
        }
    }
    for (learner_id, joined, weeks, number, drafted, signed) in store::all_states(&mut tx).await? {
        if number.is_some() && signed.is_none() {
            continue; // one is open: the reminders above cover it
        }
        let Some(learner) = users::find_by_id(&mut tx, learner_id.as_str()).await? else {
            continue;
        };
        let tz = flowline_core::domain::Zone::parse_or_default(&learner.timezone);
        let due = due_day(drafted.unwrap_or(joined), weeks, tz);
        if (due - local_day(now, tz)).num_milliseconds() > DUE_NOTICE_MS {
            continue;
        }
        let next = number.unwrap_or(0) + 1;
        let day = due.format("%-d %B %Y").to_string();
        let link = format!("{site}/instructor/learners/{learner_id}");
        for (email, name) in store::mentors_of(&mut tx, &learner_id).await? {
            let mail = crate::mail::compose::review_due(
                &email,
                &name,
                &learner.display_name,
                next,
                &day,
                &link,
            );
            let key = format!("review-due:{learner_id}:{next}:{email}");
            if store::note_sent(&mut tx, &key, now).await? {
                crate::mail::queue(&mut tx, &mail, &key, now).await?;
                out.due += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(out)
}
