//! The coach: a learner's thread, questions answered with the passage and lesson that answer
//! them, questions passed to the learner's mentors with the context they need, and the
//! mentors' answers going back to the thread (and offered to the next learner who asks).

pub mod alerts;
pub mod kinds;
pub mod llm;
pub mod nudges;
pub mod search;
pub mod whatsapp;
pub mod words;

use crate::catalogue::media_url;
use crate::db::Db;
use crate::learning::{self, engine_state, feed, Learner};
use crate::store::coach::{self as store, EscalationRow, MessageRow, NewEscalation};
use crate::store::observations;
use crate::store::users::{self, User};
use flowline_core::domain::ksb_title::short_title;
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{
    AskIn, AskOut, CoachMessage, CoachThread, EscalationStatus, InboxItem, LessonCard, MentorInbox,
    MessageKind,
};
use search::{CoachIndex, Hit, Source};
use sqlx::AnyConnection;
use std::collections::HashMap;
use words::Tone;

/// What answers questions: the search index, and the generative model when one is configured.
#[derive(Debug, Clone)]
pub struct Coach {
    pub index: CoachIndex,
    pub llm: Option<llm::Llm>,
    /// A safety question nobody acknowledged for this long goes to the admins.
    pub safety_follow_up_ms: i64,
    /// Questions a learner may ask in an hour, and in a day (a configured model is paid per
    /// question). Safety questions and questions for the mentor are never held back.
    pub questions_per_hour: i64,
    pub questions_per_day: i64,
}

/// The default of [`Coach::safety_follow_up_ms`]: fifteen minutes.
pub const SAFETY_FOLLOW_UP_MS: i64 = 15 * 60_000;

impl Default for Coach {
    fn default() -> Self {
        Coach {
            index: CoachIndex::default(),
            llm: None,
            safety_follow_up_ms: SAFETY_FOLLOW_UP_MS,
            questions_per_hour: 20,
            questions_per_day: 60,
        }
    }
}

/// Messages a thread shows.
pub const THREAD_LENGTH: i64 = 100;
/// Longest mentor answer.
pub const MAX_ANSWER: usize = 2_000;

const SAFETY_REPLY: &str = "This sounds like someone's safety, so I've sent it straight to your \
     mentor. If anyone is hurt or in danger now: stop work, make the area safe, get your first \
     aider and call 999.";
const NO_MATCH: &str = "I couldn't find a lesson that answers that, and I'd rather not guess. \
     Shall I ask your mentor?";

async fn enrolled(conn: &mut AnyConnection, user: &User) -> Result<Learner, AppError> {
    learning::load(conn, user).await?.ok_or_else(|| {
        AppError::conflict(
            "learner",
            "You are not in a cohort yet, so the coach has no lessons to answer from.",
        )
    })
}

fn message(
    learner_id: &LearnerId,
    author: &str,
    kind: MessageKind,
    body: String,
    now: i64,
) -> MessageRow {
    MessageRow {
        id: crate::new_id(),
        learner_id: learner_id.to_owned(),
        author: author.to_owned(),
        kind,
        body,
        content_id: None,
        passage: None,
        escalation_id: None,
        nudge_id: None,
        channel: "app".to_owned(),
        created_at: now,
    }
}

/// Thread rows as the learner reads them, with their lesson cards.
pub async fn present(
    conn: &mut AnyConnection,
    rows: Vec<MessageRow>,
) -> Result<Vec<CoachMessage>, AppError> {
    let mut ids: Vec<LessonId> = rows.iter().filter_map(|r| r.content_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let mut ksbs: HashMap<LessonId, Vec<String>> = HashMap::new();
    for (content, code, text) in store::card_ksbs(&mut *conn, &ids).await? {
        ksbs.entry(content)
            .or_default()
            .push(format!("{code} {}", short_title(&text)));
    }
    let cards: HashMap<LessonId, LessonCard> = store::cards(conn, &ids)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id.clone(),
                LessonCard {
                    ksbs: ksbs.remove(&c.id).unwrap_or_default(),
                    content_id: c.id,
                    title: c.title,
                    video_url: c.media_key.as_deref().map(media_url),
                    poster_url: c.poster_key.as_deref().map(media_url),
                    captions_url: c.captions_key.as_deref().map(media_url),
                    duration_s: c.duration_s,
                },
            )
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| CoachMessage {
            from: match (r.author.as_str(), r.kind) {
                ("mentor", _) => Some("Your mentor".to_owned()),
                (_, MessageKind::Answer)
                    if r.passage.is_some() && r.body.starts_with("A mentor") =>
                {
                    Some("A mentor".to_owned())
                }
                _ => None,
            },
            lesson: r.content_id.as_ref().and_then(|id| cards.get(id).cloned()),
            id: r.id,
            author: r.author,
            kind: r.kind,
            body: r.body,
            passage: r.passage,
            channel: r.channel,
            created_at_ms: r.created_at,
        })
        .collect())
}

async fn has_mentor(conn: &mut AnyConnection, learner: &Learner) -> Result<bool, AppError> {
    Ok(users::members_of_cohort(conn, &learner.enrolment.cohort_id)
        .await?
        .iter()
        .any(|(_, role)| *role == Role::Mentor))
}

/// The signed-in learner's thread (nudges in it count as opened).
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn thread(db: &Db, user: &User, now: i64) -> Result<CoachThread, AppError> {
    let mut conn = db.pool.acquire().await?;
    learning::require_learner(user)?;
    let Some(learner) = learning::load(&mut conn, user).await? else {
        return Ok(CoachThread::default());
    };
    store::nudges_opened(&mut conn, &user.learner_id(), now).await?;
    store::mark_read(&mut conn, &user.learner_id(), now).await?;
    let rows = store::thread(&mut conn, &user.learner_id(), THREAD_LENGTH).await?;
    Ok(CoachThread {
        messages: present(&mut conn, rows).await?,
        has_mentor: has_mentor(&mut conn, &learner).await?,
        open_questions: store::open_of(&mut conn, &user.learner_id()).await?,
    })
}

/// How many mentors' answers and nudges the person has not seen in their thread (the badge on
/// the Coach tab); 0 for anyone but a learner.
pub async fn unread(db: &Db, user: &User) -> Result<u32, AppError> {
    if user.role != Role::Learner {
        return Ok(0);
    }
    let mut conn = db.pool.acquire().await?;
    let n = store::unread(&mut conn, &user.learner_id()).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The reply that answers with a passage and its lesson.
fn answer_from(learner_id: &LearnerId, hit: &Hit, lead: Option<&str>, now: i64) -> MessageRow {
    let body = match (hit.source, lead) {
        (_, Some(l)) => l.to_owned(),
        (Source::Mentor, None) => "A mentor answered a question like this before:".to_owned(),
        _ => "This lesson answers that:".to_owned(),
    };
    MessageRow {
        content_id: hit.content_id.clone(),
        passage: Some(hit.passage.clone()),
        ..message(learner_id, "coach", MessageKind::Answer, body, now)
    }
}

/// Refuses a question past the hourly or daily limit, saying when the coach answers again.
async fn within_limits(
    conn: &mut AnyConnection,
    coach: &Coach,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    const HOUR: i64 = 3_600_000;
    let hour = store::questions_since(&mut *conn, learner_id, now - HOUR).await?;
    if hour >= coach.questions_per_hour {
        return Err(AppError::new(
            ErrorCode::TooManyRequests,
            format!(
                "You have asked {hour} questions in the last hour, as many as the coach answers \
                 in an hour. Ask again in a little while, or send this one to your mentor."
            ),
        ));
    }
    let day = store::questions_since(&mut *conn, learner_id, now - 24 * HOUR).await?;
    if day >= coach.questions_per_day {
        return Err(AppError::new(
            ErrorCode::TooManyRequests,
            format!(
                "You have asked {day} questions today, as many as the coach answers in a day. \
                 It answers again tomorrow; your mentor can answer this one now."
            ),
        ));
    }
    Ok(())
}

/// The learner asks the coach; the thread gains their question and the coach's reply.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn ask(
    db: &Db,
    coach: &Coach,
    site: &str,
    user: &User,
    input: AskIn,
    channel: &str,
    now: i64,
) -> Result<AskOut, AppError> {
    let text = words::question(&input.text)?;
    let mut conn = db.pool.acquire().await?;
    let learner = enrolled(&mut conn, user).await?;
    if !input.to_mentor && words::tone(&text) != Tone::Safety {
        within_limits(&mut conn, coach, &user.learner_id(), now).await?;
    }
    if let Some(id) = input.content_id.as_deref() {
        let known = crate::store::content::find(&mut conn, id)
            .await?
            .is_some_and(|c| c.standard_id == learner.enrolment.standard_id);
        if !known {
            return Err(AppError::invalid(
                "content_id",
                "No such lesson in your standard.",
            ));
        }
    }
    drop(conn);
    let hits = coach
        .index
        .search(db, &learner.enrolment.standard_id, &text, 5)
        .await?;
    let best = hits.first().filter(|h| h.confident());
    let tone = words::tone(&text);

    let question = MessageRow {
        channel: channel.to_owned(),
        content_id: input.content_id.clone(),
        ..message(
            &user.learner_id(),
            "learner",
            MessageKind::Question,
            text.clone(),
            now,
        )
    };
    let mut replies = Vec::new();
    let reason = match (tone, input.to_mentor, best) {
        (Tone::Safety, _, _) => Some("safety"),
        (_, true, _) | (Tone::Human, _, _) => Some("asked"),
        _ => None,
    };
    let mut escalated = None;
    if let Some(reason) = reason {
        let lesson = input
            .content_id
            .clone()
            .or_else(|| hits.first().and_then(|h| h.content_id.clone()));
        let id = escalate(db, &learner, &text, reason, lesson.as_deref(), &hits, now).await?;
        let body = if reason == "safety" {
            SAFETY_REPLY.to_owned()
        } else {
            "I've passed your question to your mentor with what you're working on. Their \
             answer will appear here."
                .to_owned()
        };
        replies.push(MessageRow {
            escalation_id: Some(id.clone()),
            ..message(
                &user.learner_id(),
                "coach",
                MessageKind::Escalated,
                body,
                now + 1,
            )
        });
        escalated = Some(id);
    }
    match best {
        Some(hit) if escalated.is_some() => replies.push(answer_from(
            &user.learner_id(),
            hit,
            Some("While you wait, this lesson covers it:"),
            now + 2,
        )),
        Some(hit) => {
            let written = match &coach.llm {
                Some(llm) => generated(db, llm, &text, &hits).await?,
                None => None,
            };
            replies.push(match &written {
                Some((body, cited)) => answer_from(&user.learner_id(), cited, Some(body), now + 1),
                None => answer_from(&user.learner_id(), hit, None, now + 1),
            });
        }
        None if escalated.is_none() => replies.push(message(
            &user.learner_id(),
            "coach",
            MessageKind::NoMatch,
            NO_MATCH.to_owned(),
            now + 1,
        )),
        None => {}
    }
    let mut tx = db.pool.begin().await?;
    store::add_message(&mut tx, &question).await?;
    for r in &replies {
        store::add_message(&mut tx, r).await?;
    }
    if let (Some(id), Some("safety")) = (&escalated, reason) {
        let learner_id = user.learner_id();
        alerts::tell_mentors(
            &mut tx,
            site,
            (&learner_id, &user.display_name),
            id,
            &text,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    let mut rows = vec![question];
    rows.extend(replies);
    let mut conn = db.pool.acquire().await?;
    Ok(AskOut {
        messages: present(&mut conn, rows).await?,
        escalated: escalated.is_some(),
    })
}

/// The model's answer from the lessons' passages the search was confident in, and the hit it
/// cites; `None` when it gives none worth giving (the retrieval answer stands).
async fn generated<'h>(
    db: &Db,
    llm: &llm::Llm,
    question: &str,
    hits: &'h [Hit],
) -> Result<Option<(String, &'h Hit)>, AppError> {
    let usable: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.confident() && h.content_id.is_some() && h.source != Source::Mentor)
        .take(3)
        .collect();
    let ids: Vec<LessonId> = usable.iter().filter_map(|h| h.content_id.clone()).collect();
    let mut conn = db.pool.acquire().await?;
    let titles: HashMap<LessonId, String> = store::cards(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    drop(conn);
    let sources: Vec<(llm::Source, &Hit)> = usable
        .into_iter()
        .filter_map(|h| {
            let title = titles.get(h.content_id.as_deref()?)?.clone();
            Some((
                llm::Source {
                    title,
                    passage: h.passage.clone(),
                },
                h,
            ))
        })
        .collect();
    let given: Vec<llm::Source> = sources.iter().map(|(s, _)| s.clone()).collect();
    Ok(llm
        .answer(question, &given)
        .await
        .map(|(text, i)| (text, sources[i].1)))
}

/// The learner taps "Ask my mentor" on a question the coach could not answer (or did).
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn escalate_question(
    db: &Db,
    coach: &Coach,
    user: &User,
    message_id: &str,
    now: i64,
) -> Result<AskOut, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learner = enrolled(&mut conn, user).await?;
    let rows = store::thread(&mut conn, &user.learner_id(), THREAD_LENGTH).await?;
    let Some(pos) = rows
        .iter()
        .position(|r| r.id == message_id && r.kind == MessageKind::Question)
    else {
        return Err(AppError::not_found("question"));
    };
    let q = rows[pos].clone();
    // The coach's replies to a question are the messages up to the next question.
    let already = rows[pos + 1..]
        .iter()
        .take_while(|r| r.kind != MessageKind::Question)
        .any(|r| r.kind == MessageKind::Escalated);
    if already {
        return Err(AppError::conflict(
            "message_id",
            "This question is already with your mentor.",
        ));
    }
    drop(conn);
    let hits = coach
        .index
        .search(db, &learner.enrolment.standard_id, &q.body, 5)
        .await?;
    let confident = hits.first().is_some_and(Hit::confident);
    let reason = if confident { "asked" } else { "low_confidence" };
    let lesson = q
        .content_id
        .clone()
        .or_else(|| hits.first().and_then(|h| h.content_id.clone()));
    let id = escalate(db, &learner, &q.body, reason, lesson.as_deref(), &hits, now).await?;
    let reply = MessageRow {
        escalation_id: Some(id),
        ..message(
            &user.learner_id(),
            "coach",
            MessageKind::Escalated,
            "Done: your mentor has your question, with what you're working on. Their answer \
             will appear here."
                .to_owned(),
            now,
        )
    };
    let mut conn = db.pool.acquire().await?;
    store::add_message(&mut conn, &reply).await?;
    Ok(AskOut {
        messages: present(&mut conn, vec![reply]).await?,
        escalated: true,
    })
}

/// Stores a question for the learner's mentors with its context: the learner's focus, recent
/// misses on the KSBs the question is about, the lesson they were on.
async fn escalate(
    db: &Db,
    learner: &Learner,
    question: &str,
    reason: &str,
    lesson: Option<&str>,
    hits: &[Hit],
    now: i64,
) -> Result<String, AppError> {
    let focus = feed::feed(db, &learner.user, now).await?.focus;
    let mut conn = db.pool.acquire().await?;
    let state = engine_state::current(&mut conn, learner).await?;
    let view = feed::learner_now(learner, &state.competency, &state, now);
    let hit_lessons: Vec<LessonId> = hits.iter().filter_map(|h| h.content_id.clone()).collect();
    let about: Vec<String> = store::card_ksbs(&mut conn, &hit_lessons)
        .await?
        .into_iter()
        .map(|(_, code, _)| code)
        .collect();
    let mut misses: Vec<String> = learner
        .ksbs
        .iter()
        .filter(|k| view.struggling.contains(&k.info.id))
        .filter(|k| about.is_empty() || about.contains(&k.info.code))
        .map(|k| format!("{} {}", k.info.code, k.info.title))
        .collect();
    misses.truncate(3);
    let context = serde_json::json!({
        "focus": focus.map(|f| format!("{} {}", f.code, short_title(&f.text))),
        "recent_misses": misses,
    })
    .to_string();
    let mut codes = about;
    codes.dedup();
    let id = crate::new_id();
    store::add_escalation(
        &mut conn,
        &NewEscalation {
            id: &id,
            learner_id: &learner.id,
            question,
            reason,
            context: &context,
            ksb_codes: &codes.join(","),
            content_id: lesson,
            now,
        },
    )
    .await?;
    tracing::info!(escalation = %id, reason, "question passed to mentors");
    Ok(id)
}

/// An inbox item as `viewer` sees it (times of day in their zone).
pub(crate) fn inbox_item(r: EscalationRow, viewer: &User) -> InboxItem {
    let context: serde_json::Value = serde_json::from_str(&r.context).unwrap_or_default();
    let zone = flowline_core::domain::Zone::parse_or_default(&viewer.timezone);
    let local = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.with_timezone(&zone).format("%H:%M").to_string())
    };
    InboxItem {
        focus: context["focus"].as_str().map(str::to_owned),
        recent_misses: context["recent_misses"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        id: r.id,
        learner_id: r.learner_id.clone(),
        learner_name: r.learner_name,
        question: r.question,
        reason: r.reason,
        lesson_title: r.lesson_title,
        status: r.status,
        answer: r.answer,
        answered_by: r.answered_by,
        created_at_ms: r.created_at,
        asked_at_local: chrono::DateTime::from_timestamp_millis(r.created_at)
            .map(|t| {
                t.with_timezone(&zone)
                    .format("%a %-d %b, %H:%M")
                    .to_string()
            })
            .unwrap_or_default(),
        acknowledged_by: r.acknowledged_by,
        acknowledged_at_ms: r.acknowledged_at,
        acknowledged_at_local: r.acknowledged_at.and_then(local),
        admins_alerted: r.admins_alerted_at.is_some(),
    }
}

pub(crate) fn require_staff(user: &User) -> Result<(), AppError> {
    if matches!(user.role, Role::Mentor | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Forbidden,
            "The inbox is for mentors.",
        ))
    }
}

/// A mentor's inbox: their learners' questions (every learner's for an admin).
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn inbox(db: &Db, user: &User) -> Result<MentorInbox, AppError> {
    require_staff(user)?;
    let mut conn = db.pool.acquire().await?;
    let scope = (user.role == Role::Mentor).then_some(user.id.as_str());
    let items: Vec<InboxItem> = store::inbox(&mut conn, scope, 100)
        .await?
        .into_iter()
        .map(|r| inbox_item(r, user))
        .collect();
    Ok(MentorInbox {
        open: items
            .iter()
            .filter(|i| i.status == EscalationStatus::Open)
            .count() as i64,
        items,
    })
}

/// A mentor answers a question; the answer goes to the learner's thread.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn answer(
    db: &Db,
    user: &User,
    escalation_id: &str,
    answer: &str,
    now: i64,
) -> Result<InboxItem, AppError> {
    require_staff(user)?;
    let text = answer.trim();
    let n = text.chars().count();
    if n < 2 {
        return Err(AppError::invalid("answer", "Write an answer first."));
    }
    if n > MAX_ANSWER {
        return Err(AppError::invalid(
            "answer",
            format!("Keep an answer under {MAX_ANSWER} characters (this one has {n})."),
        ));
    }
    let mut tx = db.begin_write().await?;
    let row = store::escalation(&mut tx, escalation_id)
        .await?
        .ok_or_else(|| AppError::not_found("question"))?;
    if user.role == Role::Mentor
        && !observations::mentors(&mut tx, &user.id, &row.learner_id).await?
    {
        return Err(AppError::not_found("question"));
    }
    if !store::answer(&mut tx, escalation_id, &user.id, text, now).await? {
        return Err(AppError::conflict(
            "answer",
            "This question has already been answered.",
        ));
    }
    let reply = MessageRow {
        escalation_id: Some(escalation_id.to_owned()),
        ..message(
            &row.learner_id,
            "mentor",
            MessageKind::MentorAnswer,
            text.to_owned(),
            now,
        )
    };
    store::add_message(&mut tx, &reply).await?;
    // On WhatsApp too, for a learner who opted in (the "answer" template outside the window).
    whatsapp::queue(
        &mut tx,
        &row.learner_id,
        whatsapp::Outgoing {
            text: format!(
                "Your mentor answered \u{201c}{}\u{201d}:\n\n{text}",
                row.question
            ),
            template: Some(("answer", vec![whatsapp::param(text)])),
        },
        now,
    )
    .await?;
    let answered = store::escalation(&mut tx, escalation_id)
        .await?
        .ok_or_else(|| AppError::internal("the escalation just answered is gone"))?;
    tx.commit().await?;
    Ok(inbox_item(answered, user))
}
