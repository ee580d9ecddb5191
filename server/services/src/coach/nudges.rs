//! Nudges: written from the learner's own state by the engine the feed uses, sent at the
//! learner's local morning (or, for a streak at risk, evening), at most one a day, never in
//! their quiet hours, only of the kinds they chose.
//!
//! A scheduler tick (any instance, any number of times) queues one job per learner and local
//! day; the job writes the nudge and its thread message in one transaction, and the nudges
//! table holds one row per learner and day, so a retried job, a second instance or a restart
//! never sends a nudge twice.

use crate::db::Db;
use crate::learning::{self, engine_state, feed};
use crate::store::coach::{self as store, MessageRow};
use crate::store::jobs::JobKind;
use crate::store::nudges as nudge_store;
use crate::store::{jobs, users};
use chrono::{DateTime, Timelike};
use flowline_core::domain::streak::local_day;
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::domain::Zone;
use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

pub use super::kinds::{NudgeKind, NudgeKinds};

/// When in the learner's day a nudge goes (local hours, end exclusive).
const MORNING: (u32, u32) = (8, 12);
const EVENING: (u32, u32) = (18, 21);

pub use crate::store::nudges::Prefs;

impl Default for Prefs {
    fn default() -> Self {
        Self {
            kinds: NudgeKinds::all(),
            in_app: Flag::YES,
            whatsapp: Flag::NO,
            quiet_from: 21 * 60,
            quiet_to: 7 * 60,
        }
    }
}

impl Prefs {
    pub fn wants(&self, kind: NudgeKind) -> bool {
        self.kinds.contains(kind)
    }

    pub fn quiet_at(&self, minute: i64) -> bool {
        if self.quiet_from <= self.quiet_to {
            (self.quiet_from..self.quiet_to).contains(&minute)
        } else {
            minute >= self.quiet_from || minute < self.quiet_to
        }
    }
}

pub async fn prefs(conn: &mut AnyConnection, user_id: &str) -> Result<Prefs, AppError> {
    Ok(nudge_store::prefs(conn, user_id).await?.unwrap_or_default())
}

/// The part of the learner's day a moment falls in, if a nudge may go then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Morning,
    Evening,
}

pub fn slot_at(now: i64, tz: Zone, prefs: &Prefs) -> Option<Slot> {
    let local = DateTime::from_timestamp_millis(now)?.with_timezone(&tz);
    let minute = i64::from(local.hour() * 60 + local.minute());
    if prefs.quiet_at(minute) {
        return None;
    }
    let h = local.hour();
    if (MORNING.0..MORNING.1).contains(&h) {
        Some(Slot::Morning)
    } else if (EVENING.0..EVENING.1).contains(&h) {
        Some(Slot::Evening)
    } else {
        None
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Task {
    learner_id: LearnerId,
    local_day: String,
    slot: Slot,
}

/// What the learner's state says today, for [`draft`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Today {
    /// Whole local days since the learner last did anything (None: never).
    pub days_away: Option<i64>,
    pub streak: u32,
    pub done_today: bool,
    /// A KSB missed twice in a row, with a different lesson for it.
    pub struggle: Option<(String, LessonId)>,
    /// A KSB at 80 % or more that was under it this morning.
    pub mastered: Option<String>,
    /// A KSB whose review is due, and how long ago it was learned ("two weeks").
    pub due: Option<(String, String)>,
    /// The day's focus ("S3 Cable preparation").
    pub focus: Option<String>,
    /// The lesson the feed chose first, for the nudge to open.
    pub lesson: Option<LessonId>,
}

/// A nudge before it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: NudgeKind,
    pub why: String,
    pub body: String,
    pub content_id: Option<LessonId>,
    pub ksb: Option<String>,
    /// The body parameters of the kind's approved WhatsApp template (`{{1}}`, `{{2}}`…).
    pub params: Vec<String>,
}

/// The nudge the day calls for, of a kind the learner wants, in the slot (the evening is only
/// for a streak at risk).
pub fn draft(t: &Today, slot: Slot, prefs: &Prefs) -> Option<Draft> {
    let focus = t
        .focus
        .clone()
        .unwrap_or_else(|| "your next lesson".to_owned());
    let code = |s: &str| s.split(' ').next().unwrap_or_default().to_owned();
    let mut options: Vec<Draft> = Vec::new();
    if slot == Slot::Evening {
        if t.streak > 0 && !t.done_today {
            options.push(Draft {
                kind: NudgeKind::Streak,
                why: format!("{}-day streak, nothing done today by the evening", t.streak),
                body: format!(
                    "Your {}-day streak ends at midnight. One 90-second lesson keeps it going.",
                    t.streak
                ),
                content_id: t.lesson.clone(),
                ksb: None,
                params: vec![t.streak.to_string()],
            });
        }
    } else {
        if let Some(days) = t.days_away.filter(|d| *d >= 2) {
            options.push(Draft {
                kind: NudgeKind::Lapse,
                why: format!("no activity for {days} days"),
                body: format!(
                    "Haven't seen you in {days} days. One 90-second lesson gets you going again: {focus}?"
                ),
                content_id: t.lesson.clone(),
                ksb: t.focus.as_deref().map(code),
                params: vec![days.to_string(), focus.clone()],
            });
        }
        if let Some((ksb, lesson)) = &t.struggle {
            options.push(Draft {
                kind: NudgeKind::Struggle,
                why: format!("{ksb} missed twice in a row"),
                body: format!("{ksb}: that one's tough. Different angle?"),
                content_id: Some(lesson.clone()),
                ksb: Some(code(ksb)),
                params: vec![ksb.clone()],
            });
        }
        if let Some(ksb) = &t.mastered {
            options.push(Draft {
                kind: NudgeKind::Milestone,
                why: format!("{ksb} reached 80 %"),
                body: format!("{ksb} is at 80 %: that's mastered. Nice work."),
                content_id: t.lesson.clone(),
                ksb: Some(code(ksb)),
                params: vec![format!("{ksb} is at 80 %")],
            });
        } else if t.streak == 7 || t.streak == 30 {
            options.push(Draft {
                kind: NudgeKind::Milestone,
                why: format!("{}-day streak", t.streak),
                body: format!("{} days in a row! Keep it going today?", t.streak),
                content_id: t.lesson.clone(),
                ksb: None,
                params: vec![format!("{} days in a row", t.streak)],
            });
        }
        if let Some((ksb, ago)) = &t.due {
            options.push(Draft {
                kind: NudgeKind::Review,
                why: format!("{ksb} due for review"),
                body: format!("You learned {ksb} {ago} ago — time to refresh?"),
                content_id: t.lesson.clone(),
                ksb: Some(code(ksb)),
                params: vec![ksb.clone(), ago.clone()],
            });
        }
        options.push(Draft {
            kind: NudgeKind::Focus,
            why: "the day's focus".to_owned(),
            body: format!("Today: {focus}, 90 s?"),
            content_id: t.lesson.clone(),
            ksb: t.focus.as_deref().map(code),
            params: vec![focus.clone()],
        });
    }
    options.into_iter().find(|d| prefs.wants(d.kind))
}

fn ago(ms: i64) -> String {
    let days = ms / 86_400_000;
    match days {
        0 | 1 => "a day".to_owned(),
        2..=6 => format!("{days} days"),
        7..=13 => "a week".to_owned(),
        14..=29 => format!("{} weeks", days / 7),
        _ => format!("{} months", (days / 30).max(1)),
    }
}

/// Queues today's nudge job for every learner whose local time is in a slot and who has had
/// none today. Safe to run on every instance at once. Returns how many were queued.
pub async fn schedule(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut conn = db.pool.acquire().await?;
    let learners = nudge_store::learners(&mut conn).await?;
    let mut queued = 0;
    for (id, tz) in learners {
        let tz = Zone::parse_or_default(&tz);
        let prefs = prefs(&mut conn, &id).await?;
        let Some(slot) = slot_at(now, tz, &prefs) else {
            continue;
        };
        let day = local_day(now, tz).to_string();
        if nudge_store::sent_on(&mut conn, &id, &day).await? {
            continue;
        }
        let task = Task {
            learner_id: id.clone(),
            local_day: day.clone(),
            slot,
        };
        let payload = serde_json::to_string(&task).map_err(AppError::internal)?;
        let key = format!("nudge:{id}:{day}:{slot:?}");
        if jobs::enqueue(&mut conn, JobKind::Nudge, &key, &payload, now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

async fn today(db: &Db, learner: &learning::Learner, now: i64) -> Result<Today, AppError> {
    let feed = feed::feed(db, &learner.user, now).await?;
    let mut conn = db.pool.acquire().await?;
    let state = engine_state::current(&mut conn, learner).await?;
    drop(conn);
    let view = feed::learner_now(learner, &state.competency, &state, now);
    let day = state.today(now, learner.tz);
    let morning = state.morning_of(day, learner.tz);
    let morning_view = feed::learner_now(learner, morning, &state, now);
    let named = |id: &str| {
        learner
            .ksb(id)
            .map(|k| format!("{} {}", k.info.code, k.info.title))
    };
    let struggle = learner
        .ksbs
        .iter()
        .find(|k| {
            view.struggling.contains(&k.info.id)
                && state
                    .competency
                    .get(&k.info.id)
                    .is_some_and(|s| s.answers >= 2)
        })
        .and_then(|k| {
            // A different lesson for it: one of the feed's that teaches it, else the first.
            let lesson = feed
                .items
                .iter()
                .find(|i| i.ksbs.contains(&k.info.code))
                .or(feed.items.first())?;
            Some((named(&k.info.id)?, lesson.content_id.clone()))
        });
    let mastered = view
        .mastery
        .iter()
        .find(|(id, m)| **m >= 80.0 && morning_view.mastery.get(*id).copied().unwrap_or(0.0) < 80.0)
        .and_then(|(id, _)| named(id));
    // When the KSB was last practised (the log of lessons seen is keyed by lesson, not KSB).
    let due = view.due.iter().next().and_then(|id| {
        let seen = state.competency.get(id)?.last_evidence_ms?;
        Some((named(id)?, ago(now - seen)))
    });
    Ok(Today {
        days_away: state
            .last_active_ms()
            .map(|at| (day - local_day(at, learner.tz)).num_days()),
        streak: feed.streak.current,
        done_today: feed.streak.today_done,
        struggle,
        mastered,
        due,
        focus: feed.focus.map(|f| {
            format!(
                "{} {}",
                f.code,
                flowline_core::domain::ksb_title::short_title(&f.text)
            )
        }),
        lesson: feed.items.first().map(|i| i.content_id.clone()),
    })
}

/// What one worker turn did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    Idle,
    /// A nudge was sent (its id).
    Sent(String),
    /// Nothing to send (already sent today, nothing the learner wants, no longer a learner).
    Skipped,
}

/// Claims and runs the next nudge job; `site` is where its links point.
pub async fn run_next(db: &Db, site: &str, now: i64) -> Result<Turn, AppError> {
    let job = {
        let mut conn = db.pool.acquire().await?;
        jobs::claim(&mut conn, JobKind::Nudge, now).await?
    };
    let Some(job) = job else {
        return Ok(Turn::Idle);
    };
    let outcome = send(db, site, &job, now).await;
    let mut conn = db.pool.acquire().await?;
    match outcome {
        Ok(turn) => {
            jobs::complete(&mut conn, &job, now).await?;
            Ok(turn)
        }
        Err(e) => {
            tracing::warn!(job = %job.id, error = %e.detail(), "nudge failed");
            jobs::fail(
                &mut conn,
                &job,
                &e.detail().to_string(),
                Some(60_000 * job.attempts),
                now,
            )
            .await?;
            Err(e)
        }
    }
}

async fn send(db: &Db, site: &str, job: &jobs::Job, now: i64) -> Result<Turn, AppError> {
    let task: Task = serde_json::from_str(&job.payload).map_err(AppError::internal)?;
    let mut conn = db.pool.acquire().await?;
    let Some(user) = users::find_by_id(&mut conn, &task.learner_id).await? else {
        return Ok(Turn::Skipped);
    };
    let Some(learner) = learning::load(&mut conn, &user).await.ok().flatten() else {
        return Ok(Turn::Skipped);
    };
    let prefs = prefs(&mut conn, &user.id).await?;
    drop(conn);
    // The job may run late (a restart, a queue behind): only inside the slot it was for.
    if slot_at(now, learner.tz, &prefs) != Some(task.slot)
        || local_day(now, learner.tz).to_string() != task.local_day
    {
        return Ok(Turn::Skipped);
    }
    let t = today(db, &learner, now).await?;
    let Some(d) = draft(&t, task.slot, &prefs) else {
        return Ok(Turn::Skipped);
    };
    let id = crate::new_id();
    let mut tx = db.pool.begin().await?;
    // Push first (the phone, with the app closed), WhatsApp when opted in, e-mail when
    // neither reaches them. The slot is already inside their waking, non-quiet hours.
    let pushed = crate::push::queue(
        &mut tx,
        &user.id,
        &crate::push::Message {
            title: "Flowline".to_owned(),
            body: d.body.clone(),
            url: "/coach".to_owned(),
            tag: format!("nudge-{}", task.local_day),
        },
        &format!("nudge:{id}"),
        false,
        now,
    )
    .await?;
    let mailed = pushed == 0 && !prefs.whatsapp.is_set();
    if mailed {
        let letter = crate::mail::compose::nudge(
            &user.email,
            &user.display_name,
            &d.body,
            &format!("{site}/coach"),
        );
        crate::mail::queue(&mut tx, &letter, &format!("nudge:{id}"), now).await?;
    }
    let mut channels = vec!["app"];
    if pushed > 0 {
        channels.push("push");
    }
    if prefs.whatsapp.is_set() {
        channels.push("whatsapp");
    }
    if mailed {
        channels.push("email");
    }
    let channels = channels.join(",");
    let nudge = nudge_store::NewNudge {
        id: &id,
        learner_id: &user.learner_id(),
        kind: d.kind,
        local_day: &task.local_day,
        why: &d.why,
        body: &d.body,
        content_id: d.content_id.as_deref(),
        ksb_code: d.ksb.as_deref(),
        channels: &channels,
        now,
    };
    if !nudge_store::insert(&mut tx, &nudge).await? {
        return Ok(Turn::Skipped);
    }
    store::add_message(
        &mut tx,
        &MessageRow {
            id: crate::new_id(),
            learner_id: user.learner_id(),
            author: "coach".to_owned(),
            kind: flowline_core::model::MessageKind::Nudge,
            body: d.body.clone(),
            content_id: d.content_id.clone(),
            passage: None,
            escalation_id: None,
            nudge_id: Some(id.clone()),
            channel: "app".to_owned(),
            created_at: now,
        },
    )
    .await?;
    if prefs.whatsapp.is_set() {
        let text = match &d.content_id {
            Some(_) => format!("{}\n\n\u{25b6} {{site}}/coach", d.body),
            None => d.body.clone(),
        };
        super::whatsapp::queue(
            &mut tx,
            &user.id,
            super::whatsapp::Outgoing {
                text,
                template: Some((d.kind.as_str(), d.params.clone())),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(nudge = %id, kind = %d.kind, why = %d.why, "nudge sent");
    Ok(Turn::Sent(id))
}

/// A lesson the learner did after a nudge (within a day of it) counts as led to by it.
pub async fn followed(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    now: i64,
) -> Result<(), AppError> {
    nudge_store::followed(conn, learner_id, now - 86_400_000, now).await
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn minutes_of(field: &str, text: &str) -> Result<i64, AppError> {
    let bad = || AppError::invalid(field, "Give the time as HH:MM, e.g. 21:00.");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The signed-in learner's nudge choices.
pub async fn settings(
    db: &Db,
    user: &users::User,
) -> Result<flowline_core::model::CoachSettings, AppError> {
    learning::require_learner(user)?;
    let mut conn = db.pool.acquire().await?;
    let p = prefs(&mut conn, &user.id).await?;
    Ok(flowline_core::model::CoachSettings {
        kinds: p.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        quiet_from: hhmm(p.quiet_from),
        quiet_to: hhmm(p.quiet_to),
    })
}

/// Changes the signed-in learner's nudge choices.
pub async fn set_settings(
    db: &Db,
    user: &users::User,
    input: flowline_core::model::CoachSettings,
    now: i64,
) -> Result<flowline_core::model::CoachSettings, AppError> {
    learning::require_learner(user)?;
    let kinds = input
        .kinds
        .iter()
        .map(|k| {
            NudgeKind::parse(k).ok_or_else(|| {
                AppError::invalid(
                    "kinds",
                    format!(
                        "\"{k}\" is not a kind of nudge (one of {}).",
                        NudgeKinds::all().list().replace(',', ", ")
                    ),
                )
            })
        })
        .collect::<Result<NudgeKinds, _>>()?;
    let from = minutes_of("quiet_from", &input.quiet_from)?;
    let to = minutes_of("quiet_to", &input.quiet_to)?;
    let mut conn = db.pool.acquire().await?;
    nudge_store::save_prefs(&mut conn, &user.id, &kinds, (from, to), now).await?;
    drop(conn);
    settings(db, user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> i64 {
        // 2026-06-01 in London is UTC+1.
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1)
            .and_then(|d| d.and_hms_opt(h, 5, 0))
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or_default()
            - 3_600_000
    }

    #[test]
    fn a_nudge_goes_in_the_learners_morning_or_evening_never_in_quiet_hours() {
        let london = Zone::parse("Europe/London").expect("some");
        let p = Prefs::default();
        assert_eq!(slot_at(at(7), london, &p), None);
        assert_eq!(slot_at(at(8), london, &p), Some(Slot::Morning));
        assert_eq!(slot_at(at(13), london, &p), None);
        assert_eq!(slot_at(at(19), london, &p), Some(Slot::Evening));
        let quiet = Prefs {
            quiet_from: 18 * 60,
            quiet_to: 9 * 60,
            ..Prefs::default()
        };
        assert_eq!(slot_at(at(8), london, &quiet), None);
        assert_eq!(slot_at(at(19), london, &quiet), None);
        assert_eq!(slot_at(at(9), london, &quiet), Some(Slot::Morning));
    }

    #[test]
    fn the_day_picks_one_nudge_of_a_kind_the_learner_wants() {
        let t = Today {
            days_away: Some(3),
            focus: Some("S3 Cable preparation".into()),
            lesson: Some("l1".into()),
            due: Some(("K4 Cable types".into(), "2 weeks".into())),
            ..Today::default()
        };
        let d = draft(&t, Slot::Morning, &Prefs::default()).expect("some");
        assert_eq!(d.kind, NudgeKind::Lapse);
        assert!(
            d.body.contains("3 days") && d.body.contains("S3"),
            "{}",
            d.body
        );
        let no_lapse = Prefs {
            kinds: [NudgeKind::Review, NudgeKind::Focus].into_iter().collect(),
            ..Prefs::default()
        };
        let d = draft(&t, Slot::Morning, &no_lapse).expect("some");
        assert_eq!(d.kind, NudgeKind::Review);
        assert_eq!(
            d.body,
            "You learned K4 Cable types 2 weeks ago — time to refresh?"
        );
        let none = Prefs {
            kinds: NudgeKinds::parse("").expect("none"),
            ..Prefs::default()
        };
        assert_eq!(draft(&t, Slot::Morning, &none), None);
        // The evening is only for a streak at risk.
        assert_eq!(draft(&t, Slot::Evening, &Prefs::default()), None);
        let at_risk = Today { streak: 6, ..t };
        assert_eq!(
            draft(&at_risk, Slot::Evening, &Prefs::default())
                .expect("some")
                .kind,
            NudgeKind::Streak
        );
    }
}
