//! Fixtures of the learner loop: apps with lessons, sign-up, answers and their results.

use super::lessons::{copy_dir, library, rendered_media, sync_lessons, with_demo_library};
use crate::helpers::{spawn_app_clocked, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::state::Clock;

/// Answers every question of a feed item: right, or with the wrong option.
pub fn answered(item: &Value, right: bool) -> Value {
    let answers: Vec<Value> = item["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            let key = q["answer"].as_i64().expect("answer key");
            json!({"question_id": q["id"], "response": if right { key } else { (key + 1) % 2 }})
        })
        .collect();
    json!({"id": new_id(), "content_id": item["content_id"], "kind": "answered",
           "occurred_at": now_rfc3339(), "time_spent_s": 14.0, "answers": answers})
}

/// A demo-mode server (registration joins the demo cohort) with six published lessons.
pub async fn app_with_lessons(backend: Backend) -> Option<TestApp> {
    app_with_lessons_at(backend, Clock::System).await
}

/// The demo library with its lessons, on a server whose clock is `clock`.
pub async fn app_with_lessons_at(backend: Backend, clock: Clock) -> Option<TestApp> {
    app_with_lessons_set(backend, clock, |_| {}).await
}

/// [`app_with_lessons_at`] with more settings.
pub async fn app_with_lessons_set(
    backend: Backend,
    clock: Clock,
    tweak: impl FnOnce(&mut server::config::Settings),
) -> Option<TestApp> {
    let app = demo_app(backend, clock, tweak).await?;
    copy_dir(rendered_media().await, &app.media_dir);
    let report = sync_lessons(&app, &library()).await.expect("sync");
    assert_eq!(report.queued, 0, "videos were ready: {report:?}");
    Some(app)
}

/// The demo cohort and KSB library (no lessons yet) on a server at `clock` with more settings.
pub async fn demo_app(
    backend: Backend,
    clock: Clock,
    tweak: impl FnOnce(&mut server::config::Settings),
) -> Option<TestApp> {
    let app = spawn_app_clocked(
        backend,
        |s| {
            s.demo = true;
            tweak(s);
        },
        clock,
    )
    .await?;
    with_demo_library(&app).await;
    Some(app)
}

pub async fn post(app: &TestApp, items: &[Value]) -> Value {
    let res = app
        .post_json("/api/v1/interactions", &json!({ "interactions": items }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("reply")
}

/// Registers a learner over REST and signs in as them.
pub async fn sign_up(app: &TestApp, email: &str) {
    app.register(email, "a-long-password").await;
    let res = app.login(email, "a-long-password").await;
    assert_eq!(res.status(), StatusCode::OK);
}

pub fn statuses(reply: &Value) -> Vec<String> {
    reply["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// `who` (a learner) answers one Knowledge lesson right until its KSB is mastered and the
/// "First KSB mastered" badge is theirs.
pub async fn earn_first_mastered(app: &TestApp, who: &Client) {
    let get = |path: &'static str| async move {
        let res = who.get(app.url(path)).send().await.expect("get");
        res.json::<Value>().await.expect("json")
    };
    let (lesson, _) = knowledge_item(&get("/api/v1/feed").await);
    for _ in 0..10 {
        if badge(&get("/api/v1/progress").await, "first-mastered").is_some() {
            return;
        }
        let res = who
            .post(app.url("/api/v1/interactions"))
            .json(&json!({ "interactions": [answered(&lesson, true)] }))
            .send()
            .await
            .expect("answer");
        assert!(res.status().is_success());
    }
    panic!("ten right answers did not master a KSB");
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A feed item whose questions are all on one Knowledge KSB, and that KSB.
pub fn knowledge_item(feed: &Value) -> (Value, String) {
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find_map(|item| {
            let ksbs: Vec<&str> = item["questions"]
                .as_array()?
                .iter()
                .filter_map(|q| q["ksb"].as_str())
                .collect();
            let first = *ksbs.first()?;
            (first.starts_with('K') && ksbs.iter().all(|k| *k == first))
                .then(|| (item.clone(), first.to_owned()))
        })
        .expect("a Knowledge lesson in the feed")
}

pub fn badge<'a>(progress: &'a Value, key: &str) -> Option<&'a Value> {
    progress["badges"]["earned"]
        .as_array()
        .expect("earned")
        .iter()
        .find(|b| b["key"] == key)
}
