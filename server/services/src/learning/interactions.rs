//! Recording what learners did. Each item is checked on its own (a bad one is rejected with a
//! reason, the rest count); ids come from the client, so re-sending is safe; the accepted rows
//! and the rebuilt competency commit in one transaction.

use super::accepted::{follow, Accepted};
use super::{load, round1, Learner};
use crate::db::Db;
use crate::store::interactions::{self, Interaction, LoggedAnswer};
use crate::store::users::User;
use crate::store::{content, questions};
use flowline_core::domain::competency::Band;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{
    InteractionIn, InteractionKind, InteractionResult, InteractionsReply, KsbMastery, ResultStatus,
};
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashSet};

/// A batch larger than this is refused whole (send it in parts).
pub const MAX_BATCH: usize = 500;
/// Client clocks drift: this much in the future (or before sign-up) is still believed.
pub const CLOCK_SKEW_MS: i64 = 5 * 60_000;
/// Longer than this on one item is not a real measurement.
pub const MAX_TIME_SPENT_S: f64 = 4.0 * 3600.0;

/// One item of a batch as it arrived: readable, or not (with the id if there was one).
#[derive(Debug, Clone)]
pub enum Incoming {
    Item(InteractionIn),
    Unreadable { id: String, reason: String },
}

impl Incoming {
    /// Reads one JSON item, keeping its id for the answer even when the rest is wrong.
    pub fn from_json(value: serde_json::Value) -> Incoming {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        match serde_json::from_value::<InteractionIn>(value) {
            Ok(item) => Incoming::Item(item),
            Err(e) => Incoming::Unreadable {
                id,
                reason: format!("unreadable item: {e}"),
            },
        }
    }
}

fn rejected(id: &str, reason: impl Into<String>) -> InteractionResult {
    InteractionResult {
        id: id.to_owned(),
        status: ResultStatus::Rejected,
        reason: Some(reason.into()),
    }
}

/// Checks one item against the lesson and its questions; a row to append, or why not.
async fn check(
    conn: &mut AnyConnection,
    learner: &Learner,
    item: &InteractionIn,
    now: i64,
) -> Result<Result<Interaction, String>, AppError> {
    if uuid::Uuid::parse_str(&item.id).is_err() {
        return Ok(Err("id must be a UUID made by the client".into()));
    }
    let Ok(occurred) = chrono::DateTime::parse_from_rfc3339(&item.occurred_at) else {
        return Ok(Err(
            "occurred_at must be an RFC 3339 time, e.g. 2026-11-22T07:41:09Z".into(),
        ));
    };
    let occurred_at = occurred.timestamp_millis();
    if occurred_at > now + CLOCK_SKEW_MS {
        return Ok(Err("occurred_at is in the future".into()));
    }
    if occurred_at < learner.user.created_at - CLOCK_SKEW_MS {
        return Ok(Err("occurred_at is before this account existed".into()));
    }
    if !item.time_spent_s.is_finite() || !(0.0..=MAX_TIME_SPENT_S).contains(&item.time_spent_s) {
        return Ok(Err(
            "time_spent_s must be between 0 and 14400 seconds".into()
        ));
    }
    let Some(lesson) = content::find(&mut *conn, &item.content_id).await? else {
        return Ok(Err(format!("unknown content_id {}", item.content_id)));
    };
    if lesson.standard_id != learner.enrolment.standard_id {
        return Ok(Err("this lesson is not part of your standard".into()));
    }
    let mut version = lesson.version;
    let mut answers = Vec::new();
    match item.kind {
        InteractionKind::Answered => {
            if item.answers.is_empty() {
                return Ok(Err("an answered item needs at least one answer".into()));
            }
            let questions = questions::of_content(&mut *conn, &lesson.id).await?;
            let mut seen = HashSet::new();
            let mut versions = BTreeSet::new();
            for a in &item.answers {
                let Some(q) = questions.iter().find(|q| q.id == a.question_id) else {
                    return Ok(Err(format!(
                        "question {} is not part of this lesson",
                        a.question_id
                    )));
                };
                if !seen.insert(&q.id) {
                    return Ok(Err(format!("question {} is answered twice", q.id)));
                }
                let Some(response) = usize::try_from(a.response)
                    .ok()
                    .filter(|r| *r < q.options.len())
                else {
                    return Ok(Err(format!(
                        "response to question {} must be 0 to {}",
                        q.id,
                        q.options.len() - 1
                    )));
                };
                versions.insert(q.content_version);
                answers.push(LoggedAnswer {
                    question_id: q.id.clone(),
                    response: a.response,
                    correct: response == q.answer,
                });
            }
            if versions.len() > 1 {
                return Ok(Err("answers mix two versions of the lesson".into()));
            }
            version = versions.into_iter().next().unwrap_or(version);
        }
        _ if !item.answers.is_empty() => {
            return Ok(Err("only an answered item carries answers".into()));
        }
        InteractionKind::Rated if item.rating.is_none() => {
            return Ok(Err(
                "a rated item needs a rating: too_easy, good_pace or too_hard".into(),
            ));
        }
        InteractionKind::Watched | InteractionKind::Skipped | InteractionKind::Rated => {}
    }
    if item.rating.is_some() && item.kind != InteractionKind::Rated {
        return Ok(Err("only a rated item carries a rating".into()));
    }
    Ok(Ok(Interaction {
        id: item.id.clone(),
        learner_id: learner.id.clone(),
        content_id: lesson.id,
        content_version: version,
        kind: item.kind,
        occurred_at,
        received_at: now,
        time_spent_s: item.time_spent_s,
        answers,
        rating: item.rating,
        device: item
            .device
            .as_deref()
            .map(|d| d.chars().take(120).collect()),
    }))
}

/// Records a batch for the signed-in learner.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn record(
    db: &Db,
    user: &User,
    items: Vec<Incoming>,
    now: i64,
) -> Result<InteractionsReply, AppError> {
    if items.len() > MAX_BATCH {
        return Err(AppError::invalid(
            "interactions",
            format!("Send at most {MAX_BATCH} interactions per request."),
        ));
    }
    let mut conn = db.pool.acquire().await?;
    let learner = load(&mut conn, user).await?.ok_or_else(|| {
        AppError::new(
            ErrorCode::Conflict,
            "You are not in a cohort yet, so there is nothing to record against.",
        )
    })?;
    // Checks that need no lock: shape, times, lesson and answers.
    let mut checked = Vec::with_capacity(items.len());
    for incoming in items {
        checked.push(match incoming {
            Incoming::Unreadable { id, reason } => Err(rejected(&id, reason)),
            Incoming::Item(item) => match check(&mut conn, &learner, &item, now).await? {
                Ok(row) => Ok(row),
                Err(reason) => Err(rejected(&item.id, reason)),
            },
        });
    }
    drop(conn);

    let mut tx = db.begin_write().await?;
    // One writer per learner at a time: the replay below must see every accepted row.
    crate::store::users::lock(&mut tx, &learner.id).await?;
    let mut results = Vec::with_capacity(checked.len());
    let mut accepted = Vec::new();
    for c in checked {
        let row = match c {
            Err(r) => {
                // Already in the log (sent before, when it still passed): acknowledged.
                let mine = interactions::owner(&mut tx, &r.id).await?.as_ref() == Some(&learner.id);
                results.push(if mine {
                    InteractionResult {
                        id: r.id,
                        status: ResultStatus::Duplicate,
                        reason: None,
                    }
                } else {
                    r
                });
                continue;
            }
            Ok(row) => row,
        };
        let status = match interactions::owner(&mut tx, &row.id).await? {
            Some(owner) if owner == row.learner_id => ResultStatus::Duplicate,
            Some(_) => {
                results.push(rejected(&row.id, "this id is already used"));
                continue;
            }
            None if interactions::append(&mut tx, &row).await? => ResultStatus::Accepted,
            None => ResultStatus::Duplicate,
        };
        if status == ResultStatus::Accepted {
            accepted.push(row.clone());
        }
        results.push(InteractionResult {
            id: row.id,
            status,
            reason: None,
        });
    }
    let (state, evidence) =
        follow(&mut tx, &learner, Accepted::Interactions(&accepted), now).await?;
    tx.commit().await?;
    if !accepted.is_empty() {
        tracing::info!(learner = %learner.user.id, accepted = accepted.len(), "interactions recorded");
    }
    let touched: BTreeSet<&str> = evidence.iter().map(|e| e.ksb.as_str()).collect();
    let params = learner.params();
    let ksbs = learner
        .ksbs
        .iter()
        .filter(|k| touched.contains(k.info.id.as_str()))
        .map(|k| {
            let s = state
                .competency
                .get(&k.info.id)
                .cloned()
                .unwrap_or_default();
            let mastery = s.mastery(k.info.kind, now, params);
            KsbMastery {
                code: k.info.code.clone(),
                mastery: round1(mastery),
                band: Band::of(mastery, s.answers + s.observations > 0),
            }
        })
        .collect();
    Ok(InteractionsReply {
        results,
        streak: state.streak(state.today(now, learner.tz)),
        ksbs,
    })
}

/// The signed-in learner's own log, oldest first (graded by the server).
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn log(
    db: &Db,
    user: &User,
) -> Result<Vec<flowline_core::model::LoggedInteraction>, AppError> {
    super::require_learner(user)?;
    let mut conn = db.pool.acquire().await?;
    let rows = interactions::for_learner(&mut conn, &user.learner_id()).await?;
    Ok(rows.into_iter().filter_map(logged).collect())
}

/// An interaction as the learner's log shows it (the server's grading, RFC 3339 times).
pub fn logged(i: Interaction) -> Option<flowline_core::model::LoggedInteraction> {
    use flowline_core::model::{LoggedAnswerDto, LoggedInteraction};
    use flowline_core::view::projection::rfc3339;
    Some(LoggedInteraction {
        kind: i.kind,
        occurred_at: rfc3339(i.occurred_at)?,
        received_at: rfc3339(i.received_at)?,
        answers: i
            .answers
            .into_iter()
            .map(|a| LoggedAnswerDto {
                question_id: a.question_id,
                response: a.response,
                correct: a.correct,
            })
            .collect(),
        id: i.id,
        content_id: i.content_id,
        content_version: i.content_version,
        time_spent_s: i.time_spent_s,
        rating: i.rating,
        device: i.device,
    })
}
