//! The whole programme on record: an apprentice who has learnt every ten days for a hundred
//! days sees their mastery from their first day on Progress (a point a week, then a point a
//! day for the last five weeks); their mentor's drilldown shows the same; and an installation
//! upgraded from before the record kept it writes the same history at its next start.

use crate::both_backends;
use crate::helpers::learning::{app_with_lessons_at, new_id, sign_up, statuses};
use crate::helpers::mentor::user_id;
use crate::helpers::people::signed_in;
use crate::helpers::{Backend, TestApp};
use chrono::NaiveDate;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const DAY_MS: i64 = 86_400_000;

/// A lesson of the feed watched and its check answered right, at the server's time.
async fn learn_once(app: &TestApp, clock: &Clock) {
    let feed = app.get_json("/api/v1/feed").await;
    let item = &feed["items"][0];
    let at = chrono::DateTime::from_timestamp_millis(clock.now_ms())
        .expect("time")
        .to_rfc3339();
    let answers: Vec<Value> = item["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| json!({"question_id": q["id"], "response": q["answer"]}))
        .collect();
    let batch = json!({"interactions": [
        {"id": new_id(), "content_id": item["content_id"], "kind": "watched",
         "occurred_at": at, "time_spent_s": 60.0},
        {"id": new_id(), "content_id": item["content_id"], "kind": "answered",
         "occurred_at": at, "time_spent_s": 20.0, "answers": answers},
    ]});
    let res = app.post_json("/api/v1/interactions", &batch).await;
    let reply: Value = res.json().await.expect("reply");
    assert_eq!(statuses(&reply), ["accepted", "accepted"], "{reply}");
}

fn dates(history: &Value) -> Vec<NaiveDate> {
    history
        .as_array()
        .expect("history")
        .iter()
        .map(|p| {
            NaiveDate::parse_from_str(p["date"].as_str().expect("date"), "%Y-%m-%d")
                .expect("a date")
        })
        .collect()
}

async fn progress_shows_mastery_from_the_first_day_of_the_programme(backend: Backend) {
    let start = chrono::Utc::now().timestamp_millis() - 100 * DAY_MS;
    let clock = Clock::fixed(start);
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    sign_up(&app, "dana@example.com").await;
    for _ in 0..10 {
        learn_once(&app, &clock).await;
        clock.advance(10 * DAY_MS);
    }
    let progress = app.get_json("/api/v1/progress").await;
    let history = &progress["history"];
    let days = dates(history);
    // (The learner's day is London's: within a day of UTC's.)
    let first_day = chrono::DateTime::from_timestamp_millis(start)
        .expect("start")
        .date_naive();

    // From the first week of the programme to today; strictly later each point.
    assert!(
        days[0] + chrono::Days::new(1) >= first_day && days[0] < first_day + chrono::Days::new(7),
        "{days:?}"
    );
    assert!(days.windows(2).all(|w| w[0] < w[1]), "{days:?}");
    // The last five weeks a day at a time, a point a week before them.
    let daily = &days[days.len() - 35..];
    assert!(
        daily.windows(2).all(|w| (w[1] - w[0]).num_days() == 1),
        "{daily:?}"
    );
    let weekly = &days[..days.len() - 35];
    assert!(
        weekly.len() >= 8,
        "about nine weeks before the daily part: {days:?}"
    );
    // (Each the last day of its week; the week the daily part starts in ends early.)
    let gaps: Vec<i64> = weekly
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    assert!(gaps[..gaps.len() - 1].iter().all(|g| *g == 7), "{weekly:?}");
    assert!((1..=7).contains(&gaps[gaps.len() - 1]), "{weekly:?}");
    // What was learnt on the first day shows in the first week's point, and grows.
    let first = history[0]["mastery"].as_f64().expect("mastery");
    assert!(first > 0.0, "{history}");
    assert!(progress["overall"].as_f64().expect("overall") >= first);
    assert_eq!(
        history[0]["active"], true,
        "the first week was a learning week"
    );

    // The mentor's drilldown reads the same record.
    let dana = user_id(&app, "dana@example.com").await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let detail: Value = mentor
        .get(app.url(&format!("/api/v1/mentor/learners/{dana}")))
        .send()
        .await
        .expect("drilldown")
        .json()
        .await
        .expect("json");
    assert_eq!(detail["progress"]["history"], *history);

    // An installation from before the record: the next start writes the same history.
    for table in ["mastery_days", "mastery_backfills"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE learner_id = $1"))
            .bind(&dana)
            .execute(&app.db.pool)
            .await
            .expect("forget the record");
    }
    let written = services::learning::history::backfill(&app.db, services::now_ms())
        .await
        .expect("backfill");
    assert_eq!(written, 1);
    let again = app.get_json("/api/v1/progress").await;
    assert_eq!(again["history"], *history);
    assert_eq!(
        services::learning::history::backfill(&app.db, services::now_ms())
            .await
            .expect("again"),
        0,
        "once"
    );
}

both_backends!(progress_shows_mastery_from_the_first_day_of_the_programme);
