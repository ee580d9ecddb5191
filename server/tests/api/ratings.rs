//! After a quick check an apprentice taps "too easy" (another taps "too hard"): the verdict
//! is in their log and in the admins' analytics, and each one's next feed leans their way;
//! a lesson swiped past sinks. Malformed ratings are refused one by one.

use crate::both_backends;
use crate::helpers::learning::{answered, app_with_lessons};
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{get_as, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;

fn item(content_id: &Value, kind: &str) -> Value {
    json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": content_id, "kind": kind,
           "occurred_at": chrono::Utc::now().to_rfc3339(), "time_spent_s": 2.0})
}

fn rated(content_id: &Value, rating: &str) -> Value {
    let mut r = item(content_id, "rated");
    r["rating"] = json!(rating);
    r
}

async fn send(app: &TestApp, who: &Client, items: &[Value]) -> Vec<Value> {
    let res = who
        .post(app.url("/api/v1/interactions"))
        .json(&json!({ "interactions": items }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let reply: Value = res.json().await.expect("json");
    reply["results"].as_array().expect("results").clone()
}

async fn feed(app: &TestApp, who: &Client) -> Vec<Value> {
    let feed = get_as(app, who, "/api/v1/feed").await;
    feed["items"].as_array().expect("items").clone()
}

/// Lesson ids in the order a feed offers them.
fn order(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["content_id"].as_str().expect("id").to_owned())
        .collect()
}

async fn lesson_id(app: &TestApp, slug: &str) -> String {
    sqlx::query_scalar("SELECT id FROM content WHERE title = $1")
        .bind(format!("Test lesson {slug}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("lesson")
}

/// An apprentice who has passed the hazards lesson's check once (her K3 is on its way, not
/// mastered) and says what she made of the lesson.
async fn apprentice(app: &TestApp, n: u32, verdict: &str) -> Client {
    let email = format!("rater{n}@example.com");
    app.register(&email, "a-long-password").await;
    let who = signed_in(app, &email, "a-long-password").await;
    let items = feed(app, &who).await;
    let hazards = lesson_id(app, "hazards").await;
    let lesson = items
        .iter()
        .find(|i| i["content_id"] == hazards.as_str())
        .expect("hazards in a new learner's feed")
        .clone();
    let results = send(
        app,
        &who,
        &[
            answered(&lesson, true),
            rated(&lesson["content_id"], verdict),
        ],
    )
    .await;
    assert!(
        results.iter().all(|r| r["status"] == "accepted"),
        "{results:?}"
    );
    who
}

async fn verdicts_reach_the_log_the_analytics_and_the_next_feed(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    // Two lessons every learner here needs for the same reason (a KSB another one builds
    // on: K6 and K9), one gentle and one stretching.
    let (gentle, stretch) = (
        lesson_id(&app, "isolation").await,
        lesson_id(&app, "earthing").await,
    );
    for (id, difficulty) in [(&gentle, 1_i64), (&stretch, 5)] {
        sqlx::query("UPDATE content SET difficulty = $1 WHERE id = $2")
            .bind(difficulty)
            .bind(id)
            .execute(&app.db.pool)
            .await
            .expect("difficulty");
    }
    let at = |items: &[Value], id: &str| order(items).iter().position(|i| i == id);

    let eager = apprentice(&app, 1, "too_easy").await;
    let items = feed(&app, &eager).await;
    assert!(
        at(&items, &stretch) < at(&items, &gentle) || at(&items, &gentle).is_none(),
        "'too easy': the stretching lesson comes before the gentle one: {:?}",
        order(&items)
    );
    let log = get_as(&app, &eager, "/api/v1/interactions").await;
    let verdict = log
        .as_array()
        .expect("log")
        .iter()
        .find(|i| i["kind"] == "rated")
        .expect("the rating is in the learner's log");
    assert_eq!(verdict["rating"], "too_easy");

    let careful = apprentice(&app, 2, "too_hard").await;
    let items = feed(&app, &careful).await;
    assert!(
        at(&items, &gentle) < at(&items, &stretch) || at(&items, &stretch).is_none(),
        "'too hard': the gentle lesson comes before the stretching one: {:?}",
        order(&items)
    );

    // A lesson swiped past sinks in the next feed.
    let first = items[0]["content_id"].clone();
    let results = send(&app, &careful, &[item(&first, "skipped")]).await;
    assert_eq!(results[0]["status"], "accepted");
    let after = feed(&app, &careful).await;
    assert_ne!(after[0]["content_id"], first, "{:?}", order(&after));

    // Bad verdicts are refused one by one, each with its reason; the good one still counts.
    let hazards = json!(lesson_id(&app, "hazards").await);
    let mut watched_with_rating = item(&hazards, "watched");
    watched_with_rating["rating"] = json!("too_easy");
    let results = send(
        &app,
        &careful,
        &[
            item(&hazards, "rated"),
            rated(&hazards, "boring"),
            watched_with_rating,
            rated(&hazards, "good_pace"),
        ],
    )
    .await;
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        statuses,
        ["rejected", "rejected", "rejected", "accepted"],
        "{results:?}"
    );
    assert!(results[0]["reason"]
        .as_str()
        .expect("why")
        .contains("needs a rating"));
    assert!(results[1]["reason"]
        .as_str()
        .expect("why")
        .starts_with("unreadable item"));
    assert!(results[2]["reason"]
        .as_str()
        .expect("why")
        .contains("only a rated item"));

    // The admin sees each learner's latest verdict once.
    apprentice(&app, 3, "too_hard").await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let a = get_as(&app, &admin, "/api/v1/admin/analytics?standard=ST1332").await;
    let row = a["lessons"]
        .as_array()
        .expect("lessons")
        .iter()
        .find(|l| l["content_id"] == hazards)
        .expect("hazards")
        .clone();
    assert_eq!(
        row["ratings"],
        json!({"too_easy": 1, "good_pace": 1, "too_hard": 1}),
        "{row}"
    );
}
both_backends!(verdicts_reach_the_log_the_analytics_and_the_next_feed);
