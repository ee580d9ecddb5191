//! Stories of the assessor's side: an apprentice shares their evidence with an assessor for a
//! week; the assessor finds them on their home with their readiness, reads the gaps and the
//! statements; the apprentice sees who looked; when the week is over, or the share is revoked,
//! the assessor is told the learner does not exist.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons_at;
use crate::helpers::mentor::{practise_s3, sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;
use services::store::evidence as chain;

const LEARNER: &str = "learner@demo.flowline.test";
const ASSESSOR: &str = "assessor@demo.flowline.test";
const DAY_MS: i64 = 86_400_000;

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn share(app: &TestApp, who: &Client, learner: &str, body: Value) -> reqwest::Response {
    who.post(app.url(&format!("/api/v1/learners/{learner}/shares")))
        .json(&body)
        .send()
        .await
        .expect("share")
}

async fn an_assessor_reads_a_shared_portfolio_for_as_long_as_it_is_shared(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 3).await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let watched = json!({"learner_id": learner_id, "ksb_codes": ["S3"],
        "note": "Straight joint, clean preparation.", "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(&app, &mentor, &watched).await.status(),
        StatusCode::CREATED
    );
    let assessor = signed_in(&app, ASSESSOR, DEMO_PASSWORD).await;
    let readiness = format!("/api/v1/learners/{learner_id}/readiness");
    let statements = format!("/api/v1/learners/{learner_id}/statements");

    // Before any share: nothing on the assessor's home, and the learner does not exist.
    let (status, home) = get(&app, &assessor, "/api/v1/assessor/learners").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(home, json!([]));
    assert_eq!(
        get(&app, &assessor, &readiness).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &assessor, &statements).await.0,
        StatusCode::NOT_FOUND
    );

    // The learner shares with a mistyped e-mail, then for zero days: both named clearly.
    let res = share(
        &app,
        &learner,
        &learner_id,
        json!({"assessor_email": "nobody@example.com", "days": 7}),
    )
    .await;
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "assessor_email");
    assert!(err["message"]
        .as_str()
        .expect("msg")
        .contains("No assessor"));
    let res = share(
        &app,
        &learner,
        &learner_id,
        json!({"assessor_email": ASSESSOR, "days": 0}),
    )
    .await;
    assert_eq!(error_of(res).await.1["field"], "days");
    // A mentor cannot share a learner's evidence.
    let res = share(
        &app,
        &mentor,
        &learner_id,
        json!({"assessor_email": ASSESSOR, "days": 7}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Shared for a week.
    let res = share(
        &app,
        &learner,
        &learner_id,
        json!({"assessor_email": ASSESSOR, "days": 7}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.expect("share");
    assert_eq!(created["active"], true);

    // The assessor's home lists the learner with their readiness at a glance.
    let (_, home) = get(&app, &assessor, "/api/v1/assessor/learners").await;
    let row = &home.as_array().expect("list")[0];
    assert_eq!(row["learner_id"], learner_id.as_str());
    assert_eq!(row["standard"], "ST1332");
    assert_eq!(row["ready"], false);
    assert!(row["summary"]
        .as_str()
        .expect("summary")
        .starts_with("Not yet: "));

    // The readiness summary: every KSB, the gaps in words, the chain's head.
    let (status, r) = get(&app, &assessor, &readiness).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["ready"], false);
    let ksbs = r["ksbs"].as_array().expect("ksbs");
    let s3 = ksbs.iter().find(|k| k["code"] == "S3").expect("S3");
    assert_eq!(s3["evidence"], "quiz + observed");
    assert_eq!(s3["observations"], 1);
    // Three checks, each with every S3 question of the lesson.
    let answers = s3["answers"].as_u64().expect("answers");
    assert!(answers >= 3 && answers % 3 == 0, "{s3}");
    let gaps: Vec<&str> = r["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(gaps.contains(&"S1: no observed practice"), "{gaps:?}");
    assert!(gaps.contains(&"K1: not started"), "{gaps:?}");
    assert!(
        !gaps.iter().any(|g| g.starts_with("S3: no observed")),
        "{gaps:?}"
    );
    assert_eq!(r["summary"], format!("Not yet: {} gaps", gaps.len()));
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let head = chain::head(&mut conn, &learner_id)
        .await
        .expect("head")
        .expect("chain");
    drop(conn);
    assert_eq!(r["chain_head"], head.hash.as_str());
    assert_eq!(r["evidence_count"], 4);
    assert_eq!(r["days_on_programme"], 0);
    // The Gateway forecast names its parts; with a minimum of hours barely begun it has no
    // date rather than a near one.
    let parts: Vec<&str> = r["forecast"]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p["part"].as_str())
        .collect();
    assert_eq!(parts, ["mastery", "practice", "hours", "behaviours"], "{r}");
    assert_eq!(r["predicted_ready_date"], r["forecast"]["date"]);

    // S3 opened item by item: each answer with its question, the sign-off with the mentor's
    // note, every one with its place on the chain.
    let (status, s3) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{learner_id}/ksbs/s3/evidence"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{s3}");
    assert_eq!(
        (s3["code"].as_str(), s3["quiz_only"].as_bool()),
        (Some("S3"), Some(false))
    );
    let items = s3["items"].as_array().expect("items");
    assert_eq!(items.len() as u64, answers + 1, "{s3}");
    let observed = items
        .iter()
        .find(|i| i["kind"] == "observation")
        .expect("the sign-off");
    assert_eq!(observed["detail"], "Straight joint, clean preparation.");
    assert!(observed["by"]
        .as_str()
        .expect("by")
        .starts_with("Morgan Mentor"));
    let answer = items
        .iter()
        .find(|i| i["kind"] == "answer")
        .expect("an answer");
    assert!(!answer["title"].as_str().expect("question").is_empty());
    assert!(answer["detail"]
        .as_str()
        .expect("detail")
        .starts_with("Answered “"));
    assert!(items.iter().all(|i| i["chain_seq"]
        .as_i64()
        .is_some_and(|n| (1..=4).contains(&n))
        && i["chain_hash"].as_str().is_some_and(|h| h.len() == 64)));
    // Quiz answers alone are marked as such; a KSB the standard does not have is not found.
    let (_, k) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{learner_id}/ksbs/K1/evidence"),
    )
    .await;
    assert_eq!(
        (k["evidence"].as_str(), k["items"].as_array().map(Vec::len)),
        (Some("none"), Some(0))
    );
    let (status, _) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{learner_id}/ksbs/Z9/evidence"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The same summary for the learner and their mentor.
    let (_, own) = get(&app, &learner, &readiness).await;
    assert_eq!(own["gaps"], r["gaps"]);
    assert_eq!(get(&app, &mentor, &readiness).await.0, StatusCode::OK);
    // The assessor's pages show the same, server-rendered.
    let page = |path: String| {
        let assessor = assessor.clone();
        let url = app.url(&path);
        async move {
            let res = assessor
                .get(url)
                .header("accept", "text/html")
                .send()
                .await
                .expect("page");
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.text().await.expect("html")
        }
    };
    let home_html = page("/assessor".into()).await;
    assert!(
        home_html.contains(r["learner_name"].as_str().expect("name")),
        "{home_html}"
    );
    let detail_html = page(format!("/assessor/learners/{learner_id}")).await;
    assert!(
        detail_html.contains("S1: no observed practice"),
        "{detail_html}"
    );
    assert!(detail_html.contains(r["summary"].as_str().expect("summary")));
    // And the statements.
    assert_eq!(get(&app, &assessor, &statements).await.0, StatusCode::OK);

    // The learner sees who looked (their own looks are not recorded).
    let (_, views) = get(
        &app,
        &learner,
        &format!("/api/v1/learners/{learner_id}/evidence-views"),
    )
    .await;
    let seen: Vec<(String, String)> = views
        .as_array()
        .expect("views")
        .iter()
        .map(|v| {
            (
                v["viewer_role"].as_str().unwrap_or("").to_owned(),
                v["what"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        seen.contains(&("assessor".into(), "readiness".into())),
        "{seen:?}"
    );
    assert!(
        seen.contains(&("assessor".into(), "statements".into())),
        "{seen:?}"
    );
    assert!(
        seen.contains(&("mentor".into(), "readiness".into())),
        "{seen:?}"
    );
    assert!(!seen.iter().any(|(role, _)| role == "learner"), "{seen:?}");

    // A week and a bit later the share has run out: not found again, nothing on the home.
    clock.advance(7 * DAY_MS + 1);
    assert_eq!(
        get(&app, &assessor, &readiness).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &assessor, &statements).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &assessor, "/api/v1/assessor/learners").await.1,
        json!([])
    );
    let (_, list) = get(
        &app,
        &learner,
        &format!("/api/v1/learners/{learner_id}/shares"),
    )
    .await;
    assert_eq!(list[0]["active"], false);
    assert_eq!(list[0]["revoked"], false);

    // Shared again, then revoked by the learner: not found at once.
    let again: Value = share(
        &app,
        &learner,
        &learner_id,
        json!({"assessor_email": ASSESSOR, "days": 30}),
    )
    .await
    .json()
    .await
    .expect("share");
    assert_eq!(get(&app, &assessor, &readiness).await.0, StatusCode::OK);
    let res = learner
        .delete(app.url(&format!(
            "/api/v1/learners/{learner_id}/shares/{}",
            again["id"].as_str().expect("id")
        )))
        .send()
        .await
        .expect("revoke");
    assert_eq!(res.status(), StatusCode::OK);
    let revoked: Value = res.json().await.expect("json");
    assert_eq!(revoked["revoked"], true);
    assert_eq!(
        get(&app, &assessor, &readiness).await.0,
        StatusCode::NOT_FOUND
    );
}
both_backends!(an_assessor_reads_a_shared_portfolio_for_as_long_as_it_is_shared);

/// The assessor decides at the Gateway: "not yet" needs reasons KSB by KSB, which reach the
/// mentor's queue (a board alert, and the apprentice is not green); the decision is on the
/// evidence chain, which still verifies; a later "ready" clears the queue. Nobody else
/// records a decision.
async fn an_assessors_not_yet_reaches_the_mentors_queue(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 2).await;
    let res = share(
        &app,
        &learner,
        &learner_id,
        json!({"assessor_email": ASSESSOR, "days": 7}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let assessor = signed_in(&app, ASSESSOR, DEMO_PASSWORD).await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let decisions = format!("/api/v1/learners/{learner_id}/gateway-decisions");
    let decide = |who: &Client, body: Value| who.post(app.url(&decisions)).json(&body).send();

    // "Not yet" without a reason, or with a KSB the standard does not have, is refused.
    let (status, e) = error_of(
        decide(&assessor, json!({"decision": "not_yet"}))
            .await
            .expect("decide"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reasons"))
    );
    let (status, e) = error_of(
        decide(
            &assessor,
            json!({"decision": "not_yet", "reasons": [{"code": "Z9", "reason": "?"}]}),
        )
        .await
        .expect("decide"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reasons[0]"))
    );
    // The apprentice and the mentor may read the evidence but not decide.
    for who in [&learner, &mentor] {
        let res = decide(who, json!({"decision": "ready"}))
            .await
            .expect("decide");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }

    let res = decide(
        &assessor,
        json!({"decision": "not_yet", "note": "Close: two skills to see at work.",
            "reasons": [{"code": "s3", "reason": "No photo of a finished joint"},
                        {"code": "S1", "reason": "No observed cable preparation"}]}),
    )
    .await
    .expect("decide");
    assert_eq!(res.status(), StatusCode::CREATED);
    let d: Value = res.json().await.expect("json");
    assert_eq!(d["decision"], "not_yet");
    assert_eq!(
        d["reasons"][0],
        json!({"code": "S3", "reason": "No photo of a finished joint"})
    );
    assert!(d["chain_seq"].as_i64().is_some(), "{d}");

    // The mentor's board: an alert naming the KSBs, and the apprentice is not green.
    let (_, cohorts) = get(&app, &mentor, "/api/v1/mentor/cohorts").await;
    let board_path = format!(
        "/api/v1/mentor/cohorts/{}/learners",
        cohorts[0]["id"].as_str().expect("cohort")
    );
    let (_, board) = get(&app, &mentor, &board_path).await;
    let alert = board["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["kind"] == "gateway")
        .expect("a Gateway alert");
    assert_eq!(alert["message"], "Not yet at the Gateway: S3, S1");
    assert_eq!(alert["learner_id"], learner_id.as_str());
    let row = board["learners"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == learner_id.as_str())
        .expect("row");
    assert_ne!(row["status"], "green", "{row}");

    // The readiness page shows it; the chain still verifies with it on.
    let (_, r) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{learner_id}/readiness"),
    )
    .await;
    assert_eq!(r["gateway_decision"]["id"], d["id"]);
    let admin = signed_in(&app, crate::helpers::people::ADMIN, DEMO_PASSWORD).await;
    let (_, report) = get(
        &app,
        &admin,
        &format!("/api/v1/admin/evidence/verify?learner={learner_id}"),
    )
    .await;
    assert_eq!(report["ok"], true, "{report}");

    // Later, ready: the queue clears.
    clock.advance(60_000);
    let res = decide(
        &assessor,
        json!({"decision": "ready", "note": "Evidence complete."}),
    )
    .await
    .expect("decide");
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, board) = get(&app, &mentor, &board_path).await;
    assert!(!board["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .any(|a| a["kind"] == "gateway"));
    let (_, all) = get(&app, &learner, &decisions).await;
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    assert_eq!(all[0]["decision"], "ready");
}
both_backends!(an_assessors_not_yet_reaches_the_mentors_queue);
