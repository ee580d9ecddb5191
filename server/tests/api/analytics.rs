//! An admin reads how lessons do with learners: three apprentices get one lesson's check
//! wrong first time and skip another, and both lessons come first, flagged for rework.

use crate::both_backends;
use crate::helpers::learning::{answered, app_with_lessons};
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{error_of, new_client, Backend};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;

async fn lessons_most_get_wrong_or_skip_are_flagged_for_rework(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let (mut hard, mut passed) = (None, None);
    for n in 0..3 {
        let who = new_client();
        let email = format!("apprentice{n}@example.com");
        let res = who.post(app.url("/api/v1/auth/register")).json(&json!({"email": email, "password": "a-long-password", "display_name": format!("Apprentice {n}")})).send().await.expect("register");
        assert_eq!(res.status(), StatusCode::CREATED);
        let who = signed_in(&app, &email, "a-long-password").await;
        let feed: Value = who
            .get(app.url("/api/v1/feed"))
            .send()
            .await
            .expect("feed")
            .json()
            .await
            .expect("json");
        let items = feed["items"].as_array().expect("items");
        // The same lesson for all three: the first of the first learner's feed.
        let lesson = hard.get_or_insert_with(|| items[0].clone()).clone();
        let skipped = passed
            .get_or_insert_with(|| {
                items
                    .iter()
                    .find(|i| i["content_id"] != lesson["content_id"])
                    .expect("another lesson")
                    .clone()
            })
            .clone();
        let wrong_then_right = [answered(&lesson, false), answered(&lesson, true)];
        let skip = json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": skipped["content_id"], "kind": "skipped",
            "occurred_at": chrono::Utc::now().to_rfc3339(), "time_spent_s": 3.0});
        let watched = json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": lesson["content_id"], "kind": "watched",
            "occurred_at": chrono::Utc::now().to_rfc3339(), "time_spent_s": 60.0 + f64::from(n) * 10.0});
        let res = who
            .post(app.url("/api/v1/interactions"))
            .json(
                &json!({"interactions": [watched, wrong_then_right[0], wrong_then_right[1], skip]}),
            )
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::OK);
    }
    let hard = hard.expect("a lesson");
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let res = admin
        .get(app.url("/api/v1/admin/analytics?standard=st1332"))
        .send()
        .await
        .expect("analytics");
    assert_eq!(res.status(), StatusCode::OK);
    let a: Value = res.json().await.expect("json");
    let lessons = a["lessons"].as_array().expect("lessons");
    let first = &lessons[0];
    assert!(first["flag"].is_string(), "flagged first: {a}");
    let row = lessons
        .iter()
        .find(|l| l["content_id"] == hard["content_id"])
        .expect("the hard lesson");
    assert_eq!(row["reached"], 3);
    assert_eq!(row["completion"], 1.0);
    assert_eq!(row["first_try_right"], 0.0, "only first attempts count");
    assert_eq!(row["median_seconds"], 70.0);
    assert!(row["flag"]
        .as_str()
        .expect("flag")
        .starts_with("Most learners get the check wrong"));
    let passed = passed.expect("a skipped lesson");
    let skipped = lessons
        .iter()
        .find(|l| l["content_id"] == passed["content_id"])
        .expect("the skipped lesson");
    assert_eq!(
        (skipped["skips"].as_u64(), skipped["skip_rate"].as_f64()),
        (Some(3), Some(1.0))
    );
    assert!(
        skipped["flag"]
            .as_str()
            .expect("flag")
            .starts_with("Often skipped"),
        "{skipped}"
    );
    let k = a["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["learners"].as_u64() == Some(3))
        .expect("a KSB practised by all three");
    assert_eq!(k["first_try_right"], 0.0);

    // Only admins; an unknown standard is not found.
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let res = mentor
        .get(app.url("/api/v1/admin/analytics?standard=ST1332"))
        .send()
        .await
        .expect("mentor");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = error_of(
        admin
            .get(app.url("/api/v1/admin/analytics?standard=ST9999"))
            .send()
            .await
            .expect("unknown"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(lessons_most_get_wrong_or_skip_are_flagged_for_rework);
