//! A learner who moves (or whose phone registered the wrong zone) changes their time zone on
//! Me, and their learning days follow: an answer at 23:30 in London counts for the next day in
//! Auckland.

use crate::both_backends;
use crate::helpers::learning::{answered, app_with_lessons_at, post, sign_up};
use crate::helpers::{error_of, Backend};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::state::Clock;

fn last_day(progress: &Value) -> (String, bool) {
    let last = progress["history"]
        .as_array()
        .expect("history")
        .last()
        .expect("a day")
        .clone();
    (
        last["date"].as_str().expect("date").to_owned(),
        last["active"].as_bool().expect("active"),
    )
}

async fn a_learner_changes_time_zone_and_their_learning_days_follow(backend: Backend) {
    // 5 December 2026, 23:30 in London (GMT): 12:30 on the 6th in Auckland (NZDT, +13).
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T23:30:00Z")
        .expect("time")
        .timestamp_millis();
    let Some(app) = app_with_lessons_at(backend, Clock::fixed(at)).await else {
        return;
    };
    sign_up(&app, "kiri@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let mut item = answered(&feed["items"][0], true);
    item["occurred_at"] = json!("2026-12-05T23:25:00Z");
    post(&app, &[item]).await;
    let before = app.get_json("/api/v1/progress").await;
    assert_eq!(last_day(&before), ("2026-12-05".to_owned(), true));

    // Not a time zone: refused with the field named, nothing changes.
    let res = app
        .client
        .patch(app.url("/api/v1/me"))
        .json(&json!({"timezone": "Middle/Earth"}))
        .send()
        .await
        .expect("patch");
    let (status, err) = error_of(res).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("timezone"))
    );

    let res = app
        .client
        .patch(app.url("/api/v1/me"))
        .json(&json!({"timezone": " pacific/auckland "}))
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.expect("json");
    assert_eq!(me["timezone"], "Pacific/Auckland");
    let after = app.get_json("/api/v1/progress").await;
    assert_eq!(
        last_day(&after),
        ("2026-12-06".to_owned(), true),
        "the answer moved to the 6th"
    );
    assert_eq!(after["streak"]["current"], 1);
    assert_eq!(
        app.get_json("/api/v1/me").await["timezone"],
        "Pacific/Auckland"
    );
}
both_backends!(a_learner_changes_time_zone_and_their_learning_days_follow);
