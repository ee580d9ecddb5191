//! What the learner sees before the server has answered: the last progress snapshot with the
//! outbox's interactions applied by the same engine the server replays with. Used offline by
//! the browser; the server builds its per-KSB rows with [`ksb_progress`] too, so both sides
//! read one implementation.

use crate::domain::competency::replay::{apply_all, ordered};
use crate::domain::competency::QUIZ_ONLY_CAP;
use crate::domain::competency::{overall, Band, Competency, Event, Evidence, KsbState, Params};
use crate::domain::standard_doc::KsbKind;
use crate::domain::streak::{local_day, streak};
use crate::model::{
    GradedAnswer, InteractionKind, KsbProgress, OutboxEntry, Progress, QuestionDto,
};
use chrono::{DateTime, NaiveDate, SecondsFormat};
use std::collections::BTreeSet;

/// Rounds a percentage for display and JSON (one decimal).
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// RFC 3339 (UTC, seconds) of a Unix-ms instant.
pub fn rfc3339(ms: i64) -> Option<String> {
    DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Whether a kind of interaction counts as a learning day (a skip does not).
pub fn counts_for_streak(kind: InteractionKind) -> bool {
    matches!(kind, InteractionKind::Watched | InteractionKind::Answered)
}

/// One KSB's progress row from its engine state; `mastery` is the unrounded value at `now`.
#[allow(clippy::too_many_arguments)]
pub fn ksb_progress(
    code: &str,
    kind: KsbKind,
    text: &str,
    s: &KsbState,
    mastery: f64,
    velocity: f64,
    now: i64,
    params: Params,
) -> KsbProgress {
    let quiz_only = !matches!(kind, KsbKind::Knowledge) && s.observations == 0;
    KsbProgress {
        code: code.to_owned(),
        kind,
        text: text.to_owned(),
        mastery: round1(mastery),
        band: Band::of(mastery, s.answers + s.observations > 0),
        next_review: s.next_review_ms().and_then(rfc3339),
        due: s.memory.as_ref().is_some_and(|m| m.is_due(now)),
        recall: s.recall(now, params).map(|r| (r * 1000.0).round() / 1000.0),
        velocity: round1(velocity),
        observations: s.observations,
        answers: s.answers,
        right: s.right,
        capped: quiz_only && s.mastery(kind, now, params) >= QUIZ_ONLY_CAP - 1e-9,
    }
}

/// Grades the chosen options against the feed's key, question by question.
pub fn grade(questions: &[QuestionDto], chosen: &[usize]) -> Vec<GradedAnswer> {
    questions
        .iter()
        .zip(chosen)
        .map(|(q, &c)| GradedAnswer {
            question_id: q.id.clone(),
            ksb: q.ksb.clone(),
            correct: c == q.answer,
        })
        .collect()
}

fn occurred_ms(entry: &OutboxEntry) -> Option<i64> {
    DateTime::parse_from_rfc3339(&entry.item.occurred_at)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// The evidence of waiting entries, keyed by KSB code, split and ordered as the server's
/// replay does (time per answer = time spent / answers; ties by id and answer index).
pub fn events(pending: &[OutboxEntry]) -> Vec<Event> {
    let mut events = Vec::new();
    for entry in pending.iter().filter(|e| e.waiting()) {
        let Some(at_ms) = occurred_ms(entry) else {
            continue;
        };
        let per_answer = if entry.graded.is_empty() {
            0.0
        } else {
            entry.item.time_spent_s / entry.graded.len() as f64
        };
        for (n, g) in entry.graded.iter().enumerate() {
            events.push(Event {
                at_ms,
                tie: format!("{}:{n:03}", entry.id),
                ksb: g.ksb.clone(),
                evidence: Evidence::Answer {
                    correct: g.correct,
                    seconds: per_answer,
                },
            });
        }
    }
    ordered(events)
}

/// The snapshot with the waiting entries applied, at `now`.
pub fn project(snapshot: &Progress, pending: &[OutboxEntry], now: i64) -> Progress {
    let engine = &snapshot.engine;
    let params = engine.params();
    let tz = crate::domain::Zone::parse_or_default(&engine.timezone);
    let start: Competency = engine
        .ksbs
        .iter()
        .map(|k| (k.code.clone(), KsbState::from(&k.state)))
        .collect();
    let competency = apply_all(start, &events(pending), params);

    let mut out = snapshot.clone();
    let mut masteries = Vec::with_capacity(out.ksbs.len());
    for row in &mut out.ksbs {
        let s = competency.get(&row.code).cloned().unwrap_or_default();
        let m = s.mastery(row.kind, now, params);
        masteries.push(m);
        *row = ksb_progress(
            &row.code,
            row.kind,
            &row.text,
            &s,
            m,
            row.velocity,
            now,
            params,
        );
    }
    out.overall = round1(overall(&masteries));

    let mut days: BTreeSet<NaiveDate> = engine
        .active_days
        .iter()
        .filter_map(|d| d.parse().ok())
        .collect();
    let mut run = engine.run;
    let mut waiting: Vec<NaiveDate> = pending
        .iter()
        .filter(|e| e.waiting() && counts_for_streak(e.item.kind))
        .filter_map(occurred_ms)
        .map(|at| local_day(at, tz))
        .collect();
    waiting.sort_unstable();
    let today = local_day(now, tz);
    for day in waiting {
        days.insert(day);
        if let Some(r) = run.as_mut().filter(|_| day <= today) {
            r.push(day);
        }
    }
    out.streak = match run {
        Some(r) => r.at(today),
        None => streak(&days, today),
    };
    out.engine.run = run;
    if let Some(last) = out.history.last_mut() {
        if last.date == today.to_string() {
            last.mastery = out.overall;
            last.active = days.contains(&today);
        }
    }
    for k in &mut out.engine.ksbs {
        if let Some(s) = competency.get(&k.code) {
            k.state = s.into();
        }
    }
    out.engine.active_days = days.iter().map(ToString::to_string).collect();
    // The server's awards stay; what the waiting answers reach is added, unconfirmed.
    out.badges = super::badges::on_device(&out, now);
    out
}

#[cfg(test)]
#[path = "projection_tests.rs"]
mod tests;
