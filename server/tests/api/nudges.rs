//! Stories of nudges: an apprentice away for three days gets exactly one "haven't seen you"
//! nudge at their local morning (none before it), however often the scheduler runs and
//! whichever instance (or restarted process) runs it; a learner who switched nudges off gets
//! none; opening the coach and doing a lesson afterwards are recorded against the nudge; an
//! apprentice who keeps coming back is told when something they learned is due for review.

use crate::both_backends;
use crate::helpers::learning::{app_with_lessons_at, knowledge_item, new_id, sign_up};
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::coach::nudges::{self, Turn};
use services::state::Clock;

/// 2026-11-20 (London is on UTC in November) at `h:m`.
fn nov(day: u32, h: u32, m: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("date")
        .and_utc()
        .timestamp_millis()
}

/// Runs the scheduler, then the nudge worker until its queue is empty; the nudges it sent.
async fn tick(app: &TestApp) -> Vec<String> {
    nudges::schedule(&app.db, app.now())
        .await
        .expect("schedule");
    let mut sent = Vec::new();
    loop {
        match nudges::run_next(&app.db, &app.state.public_url, app.now())
            .await
            .expect("run")
        {
            Turn::Idle => break,
            Turn::Sent(id) => sent.push(id),
            Turn::Skipped => {}
        }
    }
    sent
}

/// The signed-in apprentice watches the first lesson of their feed, now.
pub async fn watch(app: &TestApp) {
    let feed = app.get_json("/api/v1/feed").await;
    let item = &feed["items"][0];
    let at = chrono::DateTime::from_timestamp_millis(app.now())
        .expect("now")
        .to_rfc3339();
    let body = json!({"interactions": [{"id": uuid::Uuid::now_v7().to_string(),
        "content_id": item["content_id"], "kind": "watched", "occurred_at": at, "time_spent_s": 60.0}]});
    let res = app.post_json("/api/v1/interactions", &body).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn nudges_of(app: &TestApp) -> Vec<Value> {
    let thread = app.get_json("/api/v1/coach").await;
    thread["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["kind"] == "nudge")
        .cloned()
        .collect()
}

async fn an_apprentice_away_three_days_gets_one_nudge_at_their_morning(backend: Backend) {
    let clock = Clock::fixed(nov(17, 10, 0));
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    sign_up(&app, "away@example.com").await;
    watch(&app).await;

    // Three days later, before eight in the morning: nothing yet.
    clock.advance(nov(20, 7, 30) - nov(17, 10, 0));
    tick(&app).await;
    assert!(nudges_of(&app).await.is_empty());

    // At ten past eight: the lapse nudge, written from the learner's own state.
    clock.advance(40 * 60_000);
    assert!(!tick(&app).await.is_empty());
    let got = nudges_of(&app).await;
    assert_eq!(got.len(), 1, "{got:?}");
    let body = got[0]["body"].as_str().expect("body");
    assert!(body.starts_with("Haven't seen you in 3 days"), "{body}");
    assert!(got[0]["lesson"]["title"].is_string(), "{}", got[0]);

    // The scheduler runs again (every minute, on every instance, after a restart: only the
    // database remembers): never a second nudge that day.
    for _ in 0..3 {
        clock.advance(60_000);
        assert!(tick(&app).await.is_empty());
    }
    assert_eq!(nudges_of(&app).await.len(), 1);

    // It was opened (the thread was read), and a lesson followed it.
    watch(&app).await;
    let me = app.get_json("/api/v1/me").await;
    let (opened, lesson): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT opened_at, lesson_at FROM nudges WHERE learner_id = $1")
            .bind(me["id"].as_str().expect("id"))
            .fetch_one(&mut *app.db.pool.acquire().await.expect("conn"))
            .await
            .expect("nudge");
    assert!(
        opened.is_some() && lesson.is_some(),
        "{opened:?} {lesson:?}"
    );
}
both_backends!(an_apprentice_away_three_days_gets_one_nudge_at_their_morning);

async fn a_learner_who_switched_nudges_off_gets_none(backend: Backend) {
    let clock = Clock::fixed(nov(17, 10, 0));
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    sign_up(&app, "quiet@example.com").await;
    watch(&app).await;
    let settings = app.get_json("/api/v1/coach/settings").await;
    assert_eq!(settings["kinds"].as_array().expect("kinds").len(), 6);
    assert_eq!(settings["quiet_from"], "21:00");
    let put = |body: Value| {
        app.client
            .put(app.url("/api/v1/coach/settings"))
            .json(&body)
            .send()
    };
    // A kind that is not one, a comma list in one item (one kind per item), an hour past 23.
    let refused = [
        (
            json!({"kinds": ["spam"], "quiet_from": "21:00", "quiet_to": "07:00"}),
            "kinds",
        ),
        (
            json!({"kinds": ["lapse,review"], "quiet_from": "21:00", "quiet_to": "07:00"}),
            "kinds",
        ),
        (
            json!({"kinds": [], "quiet_from": "25:00", "quiet_to": "07:00"}),
            "quiet_from",
        ),
    ];
    for (body, field) in refused {
        let (status, err) = error_of(put(body).await.expect("put")).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    let res = put(json!({"kinds": ["milestone"], "quiet_from": "22:00", "quiet_to": "06:30"}))
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["kinds"],
        json!(["milestone"])
    );

    clock.advance(nov(20, 8, 15) - nov(17, 10, 0));
    tick(&app).await;
    assert!(nudges_of(&app).await.is_empty(), "lapse was switched off");
}
both_backends!(a_learner_who_switched_nudges_off_gets_none);

/// Answers the quick check of a Knowledge lesson right, at the server's time; its KSB.
async fn learn_a_knowledge_ksb(app: &TestApp) -> String {
    let (item, ksb) = knowledge_item(&app.get_json("/api/v1/feed").await);
    let at = chrono::DateTime::from_timestamp_millis(app.now())
        .expect("now")
        .to_rfc3339();
    let answers: Vec<Value> = item["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| json!({"question_id": q["id"], "response": q["answer"]}))
        .collect();
    let body = json!({"interactions": [{"id": new_id(), "content_id": item["content_id"],
        "kind": "answered", "occurred_at": at, "time_spent_s": 14.0, "answers": answers}]});
    let res = app.post_json("/api/v1/interactions", &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    ksb
}

async fn a_regular_apprentice_is_told_when_a_ksb_is_due_for_review(backend: Backend) {
    let clock = Clock::fixed(nov(17, 10, 0));
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    sign_up(&app, "regular@example.com").await;
    let ksb = learn_a_knowledge_ksb(&app).await;

    // Every morning the scheduler runs; every day the apprentice watches a lesson, so they
    // are never "away". Within a fortnight what they answered is due again, and a morning
    // nudge says so, with how long ago they learned it.
    let mut review = None;
    for day in 18..=30 {
        clock.advance(nov(day, 8, 10) - clock.now_ms());
        tick(&app).await;
        review = nudges_of(&app).await.into_iter().find(|n| {
            n["body"]
                .as_str()
                .is_some_and(|b| b.contains("time to refresh"))
        });
        if review.is_some() {
            break;
        }
        clock.advance(nov(day, 12, 0) - clock.now_ms());
        watch(&app).await;
    }
    let review = review.expect("a review nudge within a fortnight");
    let body = review["body"].as_str().expect("body");
    assert!(body.starts_with(&format!("You learned {ksb} ")), "{body}");
    assert!(body.contains(" ago"), "{body}");
}
both_backends!(a_regular_apprentice_is_told_when_a_ksb_is_due_for_review);
