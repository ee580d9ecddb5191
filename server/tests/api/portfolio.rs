//! Stories of the portfolio: an assessor a learner shared with reads the portfolio as JSON and
//! downloads it as PDF; the QR code's verify page tells anyone, without signing in, that it was
//! issued and that the chain still verifies — until a row is edited by hand, or the learner
//! revokes it. A learner with no evidence gets an honest, mostly empty portfolio.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons_at;
use crate::helpers::mentor::{practise_s3, sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const LEARNER: &str = "learner@demo.flowline.test";
const ASSESSOR: &str = "assessor@demo.flowline.test";

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Downloads the PDF; gives its bytes and the verify page's path.
async fn download(app: &TestApp, who: &Client, learner: &str, query: &str) -> (Vec<u8>, String) {
    let res = who
        .get(app.url(&format!("/api/v1/learners/{learner}/portfolio.pdf{query}")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    // Named for the apprentice and the day, so a folder of them reads as a list of people.
    let file = res.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .to_owned();
    let named = file
        .split("filename=\"portfolio-")
        .nth(1)
        .and_then(|rest| rest.split("-ST1332-").next())
        .unwrap_or_default();
    assert!(
        !named.is_empty() && named.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
        "{file}"
    );
    let url = res.headers()["x-verify-url"]
        .to_str()
        .expect("url")
        .to_owned();
    let token = url.rsplit('/').next().expect("token").to_owned();
    assert!(url.ends_with(&format!("/verify/{token}")), "{url}");
    assert_eq!(token.len(), 64, "256 random bits, hex");
    let bytes = res.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    (bytes, format!("/api/v1/verify/{token}"))
}

async fn a_shared_portfolio_verifies_until_it_is_tampered_with_or_revoked(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 2).await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let watched = json!({"learner_id": learner_id, "ksb_codes": ["S3"], "duration_minutes": 45,
        "note": "Clean cable preparation.", "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(&app, &mentor, &watched).await.status(),
        StatusCode::CREATED
    );
    let assessor = signed_in(&app, ASSESSOR, DEMO_PASSWORD).await;
    let json_path = format!("/api/v1/learners/{learner_id}/portfolio");

    // Not shared yet: the learner does not exist for the assessor, as JSON or PDF.
    assert_eq!(
        get(&app, &assessor, &json_path).await.0,
        StatusCode::NOT_FOUND
    );
    let res = assessor
        .get(app.url(&format!("/api/v1/learners/{learner_id}/portfolio.pdf")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = learner
        .post(app.url(&format!("/api/v1/learners/{learner_id}/shares")))
        .json(&json!({"assessor_email": ASSESSOR, "days": 7}))
        .send()
        .await
        .expect("share");
    assert_eq!(res.status(), StatusCode::CREATED);

    // The JSON: readiness, the observation, mastery over time, every statement.
    let (status, p) = get(&app, &assessor, &json_path).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["format"], "flowline-portfolio/1");
    assert_eq!(p["provider"], "Flowline demo training provider");
    assert_eq!(p["readiness"]["learner_id"], learner_id.as_str());
    assert_eq!(p["readiness"]["standard"], "ST1332");
    let statements = p["statements"].as_array().expect("statements");
    assert_eq!(
        statements.len() as i64,
        p["readiness"]["evidence_count"].as_i64().expect("count"),
        "one statement per piece of evidence on the chain"
    );
    assert!(p["readiness"]["chain_head"]
        .as_str()
        .is_some_and(|h| h.len() == 64));
    assert_eq!(p["observations"][0]["mentor"], "Morgan Mentor");
    assert_eq!(p["observations"][0]["ksb_codes"], json!(["S3"]));
    assert!(!p["history"].as_array().expect("history").is_empty());
    assert_eq!(p["readiness"]["otj"]["sources"]["observed"], 0.8);

    // The PDF, issued with a verify link; anyone can follow it, without signing in.
    let (_, hidden) = download(&app, &assessor, &learner_id, "").await;
    let visitor = new_client();
    let (status, v) = get(&app, &visitor, &hidden).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["standard"], "ST1332");
    assert_eq!(v["chain_verifies"], true, "{v}");
    assert_eq!(
        v["learner_name"],
        Value::Null,
        "the name is shown only if chosen"
    );
    assert_eq!(v["evidence_count"], p["readiness"]["evidence_count"]);
    assert_eq!(v["chain_head"], p["readiness"]["chain_head"]);
    let (_, named) = download(&app, &learner, &learner_id, "?show_name=true").await;
    assert_eq!(
        get(&app, &visitor, &named).await.1["learner_name"],
        "Alex Apprentice"
    );

    // An answer's row edited by hand: the verify page says the chain no longer verifies.
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let log = services::store::interactions::for_learner(&mut conn, &learner_id.as_str().into())
        .await
        .expect("log");
    drop(conn);
    sqlx::query("UPDATE interactions SET time_spent_s = 99 WHERE id = $1")
        .bind(&log[0].id)
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let (_, v) = get(&app, &visitor, &hidden).await;
    assert_eq!(v["chain_verifies"], false, "{v}");
    assert!(
        v["chain_note"]
            .as_str()
            .expect("note")
            .contains("does not verify"),
        "{v}"
    );

    // The learner sees both issues and revokes one: its page is "not found"; a made-up token
    // too. The assessor cannot manage the learner's issues.
    let issues_path = format!("/api/v1/learners/{learner_id}/portfolios");
    let (status, issues) = get(&app, &learner, &issues_path).await;
    assert_eq!(status, StatusCode::OK);
    let issues = issues.as_array().expect("issues").clone();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["show_name"], true, "newest first");
    assert_eq!(
        get(&app, &assessor, &issues_path).await.0,
        StatusCode::NOT_FOUND
    );
    let res = learner
        .delete(app.url(&format!(
            "{issues_path}/{}",
            issues[1]["id"].as_str().expect("id")
        )))
        .send()
        .await
        .expect("revoke");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, err) = error_of(visitor.get(app.url(&hidden)).send().await.expect("gone")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["code"], "not_found");
    assert_eq!(
        get(
            &app,
            &visitor,
            &format!("/api/v1/verify/{}", "ab".repeat(32))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &visitor, "/api/v1/verify/nonsense").await.0,
        StatusCode::NOT_FOUND
    );

    // Who looked: the assessor's reads of the portfolio are on the learner's list.
    let (_, views) = get(
        &app,
        &learner,
        &format!("/api/v1/learners/{learner_id}/evidence-views"),
    )
    .await;
    assert!(
        views
            .as_array()
            .expect("views")
            .iter()
            .any(|v| v["what"] == "portfolio" && v["viewer_role"] == "assessor"),
        "{views}"
    );
}
both_backends!(a_shared_portfolio_verifies_until_it_is_tampered_with_or_revoked);

async fn a_learner_with_no_evidence_gets_an_honest_empty_portfolio(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock).await else {
        return;
    };
    app.register("new.apprentice@example.com", "a-long-password")
        .await;
    let me = signed_in(&app, "new.apprentice@example.com", "a-long-password").await;
    let id = user_id(&app, "new.apprentice@example.com").await;
    let (status, p) = get(&app, &me, &format!("/api/v1/learners/{id}/portfolio")).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["statements"], json!([]));
    assert_eq!(p["observations"], json!([]));
    assert_eq!(p["readiness"]["evidence_count"], 0);
    assert_eq!(p["readiness"]["chain_head"], Value::Null);
    assert_eq!(p["readiness"]["ready"], false);
    let (_, verify) = download(&app, &me, &id, "").await;
    let (status, v) = get(&app, &new_client(), &verify).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["chain_verifies"], true, "{v}");
    assert_eq!(v["evidence_count"], 0);
}
both_backends!(a_learner_with_no_evidence_gets_an_honest_empty_portfolio);
