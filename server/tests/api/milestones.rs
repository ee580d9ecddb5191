//! Stories of milestones: an apprentice masters their first KSB and the badge is theirs, with
//! the evidence that earned it, once; what comes next says what is missing; their mentor sees
//! the same in the drilldown.

use crate::admin::signed_in;
use crate::both_backends;
use crate::helpers::{Backend, TestApp};
use crate::learning::{answered, app_with_lessons, post, sign_up, statuses};
use reqwest::Client;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::learning::recompute::recompute;

fn badge<'a>(progress: &'a Value, key: &str) -> Option<&'a Value> {
    progress["badges"]["earned"]
        .as_array()
        .expect("earned")
        .iter()
        .find(|b| b["key"] == key)
}

fn mastery(progress: &Value, code: &str) -> f64 {
    progress["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["code"] == code)
        .and_then(|k| k["mastery"].as_f64())
        .unwrap_or_default()
}

/// A feed item whose questions are all on one Knowledge KSB, and that KSB.
fn knowledge_item(feed: &Value) -> (Value, String) {
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

/// `who` (a learner) answers one Knowledge lesson right until its KSB is mastered and the
/// "First KSB mastered" badge is theirs.
pub(crate) async fn earn_first_mastered(app: &TestApp, who: &Client) {
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
