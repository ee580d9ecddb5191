//! Stories of milestones: an apprentice masters their first KSB and the badge is theirs, with
//! the evidence that earned it, once; what comes next says what is missing; their mentor sees
//! the same in the drilldown.

use crate::both_backends;
use crate::helpers::learning::{answered, app_with_lessons, post, sign_up, statuses};
use crate::helpers::learning::{badge, knowledge_item};
use crate::helpers::people::signed_in;
use crate::helpers::{Backend, TestApp};
use serde_json::Value;
use services::demo::DEMO_PASSWORD;
use services::learning::recompute::recompute;

fn mastery(progress: &Value, code: &str) -> f64 {
    progress["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["code"] == code)
        .and_then(|k| k["mastery"].as_f64())
        .unwrap_or_default()
}

async fn knowledge_lesson(app: &TestApp) -> (Value, String) {
    knowledge_item(&app.get_json("/api/v1/feed").await)
}

async fn an_apprentice_masters_a_first_ksb_and_the_badge_is_theirs_once(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let start = app.get_json("/api/v1/progress").await;
    assert_eq!(start["badges"]["earned"], serde_json::json!([]));
    let next: Vec<&str> = start["badges"]["next"]
        .as_array()
        .expect("next")
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert_eq!(next[0], "First KSB mastered", "{next:?}");
    assert!(next.contains(&"7-day streak"), "{next:?}");

    let (lesson, code) = knowledge_lesson(&app).await;
    let mut progress = start;
    for _ in 0..10 {
        if mastery(&progress, &code) >= 80.0 {
            break;
        }
        let reply = post(&app, &[answered(&lesson, true)]).await;
        assert_eq!(statuses(&reply), ["accepted"], "{reply}");
        progress = app.get_json("/api/v1/progress").await;
    }
    assert!(mastery(&progress, &code) >= 80.0, "{progress}");
    let first = badge(&progress, "first-mastered").expect("first KSB mastered");
    assert_eq!(first["title"], "First KSB mastered");
    assert!(first["awarded_at_ms"].as_i64().is_some(), "{first}");
    let evidence = first["evidence"][0].as_str().expect("evidence");
    assert!(evidence.starts_with(&format!("{code} ")), "{evidence}");
    // The Knowledge group is not all there: the next tier says how much is missing.
    let novice = progress["badges"]["next"]
        .as_array()
        .expect("next")
        .iter()
        .find(|n| n["key"] == "group:knowledge:novice")
        .expect("Novice · Knowledge next");
    let missing = novice["missing"][0].as_str().expect("missing");
    assert!(missing.ends_with("KSBs to start"), "{missing}");

    // More right answers do not award it again.
    post(&app, &[answered(&lesson, true)]).await;
    let later = app.get_json("/api/v1/progress").await;
    let firsts = later["badges"]["earned"]
        .as_array()
        .expect("earned")
        .iter()
        .filter(|b| b["key"] == "first-mastered")
        .count();
    assert_eq!(firsts, 1);
    assert_eq!(
        badge(&later, "first-mastered").map(|b| &b["awarded_at_ms"]),
        Some(&first["awarded_at_ms"])
    );

    // The demo mentor sees the same badge in the drilldown.
    let me = app.get_json("/api/v1/me").await;
    let id = me["id"].as_str().expect("id");
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let detail: Value = mentor
        .get(app.url(&format!("/api/v1/mentor/learners/{id}")))
        .send()
        .await
        .expect("drilldown")
        .json()
        .await
        .expect("json");
    assert!(
        badge(&detail["progress"], "first-mastered").is_some(),
        "{detail}"
    );

    // The spaced reviews held are part of the kept state and agree with a replay.
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert!(report.differences.is_empty(), "{report:?}");
}
both_backends!(an_apprentice_masters_a_first_ksb_and_the_badge_is_theirs_once);
