//! Stories of the offline client: a learner answers in a van with no signal, the device shows
//! what the engine computes, and after reconnecting the server agrees, with nothing doubled.

use crate::both_backends;
use crate::helpers::learning::{app_with_lessons, post, sign_up, statuses};
use crate::helpers::Backend;
use flowline_core::model::AnswerIn;
use flowline_core::model::{Feed, InteractionIn, InteractionKind, OutboxEntry, Progress};
use flowline_core::view::projection::{grade, project, rfc3339};
use serde_json::Value;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// What the device keeps when the learner answers a check (graded from the feed's key).
fn answered_on_device(
    item: &flowline_core::model::FeedItem,
    right: impl Fn(usize) -> bool,
    at: i64,
) -> OutboxEntry {
    let chosen: Vec<usize> = item
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            if right(n) {
                q.answer
            } else {
                (q.answer + 1) % q.options.len()
            }
        })
        .collect();
    let id = uuid::Uuid::now_v7().to_string();
    OutboxEntry {
        id: id.clone(),
        item: InteractionIn {
            id,
            content_id: item.content_id.clone(),
            kind: InteractionKind::Answered,
            occurred_at: rfc3339(at).expect("time"),
            time_spent_s: 9.0 * item.questions.len() as f64,
            answers: item
                .questions
                .iter()
                .zip(&chosen)
                .map(|(q, c)| AnswerIn {
                    question_id: q.id.clone(),
                    response: *c as i64,
                })
                .collect(),
            rating: None,
            device: Some("web".into()),
        },
        graded: grade(&item.questions, &chosen),
        title: item.title.clone(),
        queued_at_ms: at,
        rejected: None,
    }
}

fn rows(p: &Progress) -> Vec<(String, f64, &'static str, u32, u32)> {
    p.ksbs
        .iter()
        .map(|k| {
            (
                k.code.clone(),
                k.mastery,
                k.band.as_str(),
                k.answers,
                k.right,
            )
        })
        .collect()
}

async fn what_the_learner_sees_offline_is_what_the_server_computes_after_sync(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "van@example.com").await;

    // Online in the depot: one lesson answered; the device keeps the feed and a snapshot.
    let feed: Feed = serde_json::from_value(app.get_json("/api/v1/feed").await).expect("feed");
    assert!(feed.items.len() >= 4, "a full feed: {}", feed.items.len());
    let first = answered_on_device(&feed.items[0], |_| true, now_ms() - 1_000);
    let reply = post(&app, &[serde_json::to_value(&first.item).expect("json")]).await;
    assert_eq!(statuses(&reply), ["accepted"]);
    let snapshot: Progress =
        serde_json::from_value(app.get_json("/api/v1/progress").await).expect("progress");
    assert!(
        !snapshot.engine.ksbs.is_empty(),
        "the snapshot carries the engine state"
    );

    // In the van: three more lessons, one question wrong, kept in the outbox.
    let t = now_ms();
    let outbox: Vec<OutboxEntry> = feed.items[1..4]
        .iter()
        .enumerate()
        .map(|(i, item)| answered_on_device(item, |n| !(i == 1 && n == 0), t + i as i64 * 1_000))
        .collect();
    let seen = project(&snapshot, &outbox, t + 5_000);
    assert!(
        seen.overall > snapshot.overall,
        "the learner sees progress offline"
    );
    assert_eq!(seen.streak.current, 1);

    // Signal again: the outbox goes up; the reply was lost, so it goes up a second time.
    let items: Vec<Value> = outbox
        .iter()
        .map(|e| serde_json::to_value(&e.item).expect("json"))
        .collect();
    assert_eq!(statuses(&post(&app, &items).await), ["accepted"; 3]);
    assert_eq!(statuses(&post(&app, &items).await), ["duplicate"; 3]);

    // The server's numbers are the ones the learner already saw.
    let after: Progress =
        serde_json::from_value(app.get_json("/api/v1/progress").await).expect("progress");
    assert_eq!(rows(&after), rows(&seen));
    assert_eq!(after.overall, seen.overall);
    assert_eq!(after.streak, seen.streak);

    // The log holds each interaction once: the evidence trail.
    let log = app.get_json("/api/v1/interactions").await;
    let ids: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 4);
    for e in outbox.iter().chain([&first]) {
        assert_eq!(
            ids.iter().filter(|id| **id == e.id).count(),
            1,
            "{} once",
            e.id
        );
    }
    let wrong = log
        .as_array()
        .expect("log")
        .iter()
        .find(|i| i["id"] == outbox[1].id.as_str())
        .expect("the answer with a miss");
    assert_eq!(
        wrong["answers"][0]["correct"], false,
        "graded by the server"
    );
}
both_backends!(what_the_learner_sees_offline_is_what_the_server_computes_after_sync);
