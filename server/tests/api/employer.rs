//! Stories of the employer's side: Alex's line manager, Erin, opens her apprentices on her
//! phone, confirms each of Alex's Behaviours once with a note of what she saw at work, then
//! his readiness for the Gateway; the assessor Alex shares his evidence with reads both, and
//! both are on Alex's evidence chain and in his statements. Another company's line manager
//! finds no Alex at all.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::user_id;
use crate::helpers::people::{create_account, signed_in, ADMIN};
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::evidence::trail::verify;

const LEARNER: &str = "learner@demo.flowline.test";
const EMPLOYER: &str = "employer@demo.flowline.test";
const BEHAVIOURS: [&str; 6] = ["B1", "B2", "B3", "B4", "B5", "B6"];

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn confirm(
    app: &TestApp,
    who: &Client,
    learner: &str,
    code: &str,
    note: &str,
) -> reqwest::Response {
    who.post(app.url(&format!(
        "/api/v1/learners/{learner}/behaviours/{code}/confirmation"
    )))
    .json(&json!({ "note": note }))
    .send()
    .await
    .expect("confirm")
}

async fn confirm_gateway(
    app: &TestApp,
    who: &Client,
    learner: &str,
    note: &str,
) -> reqwest::Response {
    who.post(app.url(&format!("/api/v1/learners/{learner}/gateway-confirmation")))
        .json(&json!({ "note": note }))
        .send()
        .await
        .expect("confirm gateway")
}

async fn a_line_manager_confirms_behaviours_and_gateway_readiness_and_the_assessor_reads_both(
    backend: Backend,
) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex = user_id(&app, LEARNER).await;
    let erin = signed_in(&app, EMPLOYER, DEMO_PASSWORD).await;

    // Erin's home: Alex, nothing confirmed yet.
    let (status, home) = get(&app, &erin, "/api/v1/employer/apprentices").await;
    assert_eq!(status, StatusCode::OK, "{home}");
    assert_eq!(home.as_array().expect("list").len(), 1, "{home}");
    assert_eq!(home[0]["learner_id"], alex);
    assert_eq!(home[0]["learner_name"], "Alex Apprentice");
    assert_eq!(home[0]["behaviours"], 6);
    assert_eq!(home[0]["behaviours_confirmed"], 0);
    assert_eq!(home[0]["gateway_confirmed"], false);
    let before = get(&app, &erin, &format!("/api/v1/learners/{alex}/readiness")).await;
    assert_eq!(before.0, StatusCode::OK);
    let chained_before = before.1["evidence_count"].as_i64().expect("count");

    // What she cannot confirm, each said plainly.
    let (status, err) = error_of(confirm(&app, &erin, &alex, "K1", "Knows it well").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .contains("K1 is a Knowledge"),
        "{err}"
    );
    let (status, _) = error_of(confirm(&app, &erin, &alex, "B9", "Seen it").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = error_of(confirm(&app, &erin, &alex, "B1", "   ").await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );
    let (status, err) = error_of(confirm_gateway(&app, &erin, &alex, "").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .contains("B1, B2, B3, B4, B5, B6"),
        "{err}"
    );

    // Every Behaviour, once, with what she saw (a code in lower case is the same code).
    for code in BEHAVIOURS {
        let res = confirm(
            &app,
            &erin,
            &alex,
            &code.to_lowercase(),
            &format!("Seen on the Leeds 11 kV job: {code}"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{code}");
    }
    let (status, err) = error_of(confirm(&app, &erin, &alex, "B1", "Again").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .contains("by Erin Employer on"),
        "{err}"
    );
    let res = confirm_gateway(&app, &erin, &alex, "Ready: works safely unsupervised.").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.expect("readiness");
    assert_eq!(r["gateway_confirmed"]["by"], "Erin Employer");
    let (status, _) = error_of(confirm_gateway(&app, &erin, &alex, "").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, home) = get(&app, &erin, "/api/v1/employer/apprentices").await;
    assert_eq!(home[0]["behaviours_confirmed"], 6);
    assert_eq!(home[0]["gateway_confirmed"], true);

    // Alex shares with the assessor, who reads both on his readiness.
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let res = learner
        .post(app.url(&format!("/api/v1/learners/{alex}/shares")))
        .json(&json!({"assessor_email": "assessor@demo.flowline.test", "days": 30}))
        .send()
        .await
        .expect("share");
    assert_eq!(res.status(), StatusCode::CREATED);
    let assessor = signed_in(&app, "assessor@demo.flowline.test", DEMO_PASSWORD).await;
    let (status, r) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{alex}/readiness"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for k in r["ksbs"].as_array().expect("ksbs") {
        let code = k["code"].as_str().expect("code");
        if code.starts_with('B') {
            assert_eq!(k["confirmed"]["by"], "Erin Employer", "{code}");
            assert_eq!(
                k["confirmed"]["note"],
                format!("Seen on the Leeds 11 kV job: {code}")
            );
        } else {
            assert!(k["confirmed"].is_null(), "{code}");
        }
    }
    assert_eq!(
        r["gateway_confirmed"]["note"],
        "Ready: works safely unsupervised."
    );

    // Seven links on Alex's chain, which verifies; seven statements with the line manager.
    assert_eq!(
        r["evidence_count"].as_i64().expect("count"),
        chained_before + 7
    );
    let report = verify(&app.db, None).await.expect("verify");
    assert!(report.ok, "{report:?}");
    let (_, statements) = get(
        &app,
        &assessor,
        &format!("/api/v1/learners/{alex}/statements"),
    )
    .await;
    let confirmed: Vec<&Value> = statements["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .filter(|s| s["verb"]["id"] == "http://activitystrea.ms/schema/1.0/confirm")
        .collect();
    assert_eq!(confirmed.len(), 7, "{statements}");
    assert!(confirmed.iter().any(|s| s["object"]["id"]
        .as_str()
        .is_some_and(|id| id.ends_with("/gateway"))));
}

async fn a_line_manager_sees_only_the_apprentices_linked_to_them(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let alex = user_id(&app, LEARNER).await;
    let sam = create_account(&app, &admin, "sam@example.com", "Sam Starter", "learner").await;
    let other = create_account(
        &app,
        &admin,
        "pat@other.example.com",
        "Pat Manager",
        "employer",
    )
    .await;
    let pat = signed_in(&app, "pat@other.example.com", "a-long-password").await;

    // Pat manages nobody yet: Alex does not exist for them.
    assert_eq!(
        get(&app, &pat, "/api/v1/employer/apprentices").await.1,
        json!([])
    );
    for path in [
        format!("/api/v1/learners/{alex}/readiness"),
        format!("/api/v1/learners/{alex}/otj"),
        format!("/api/v1/learners/{alex}/portfolio"),
    ] {
        assert_eq!(
            get(&app, &pat, &path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        confirm(&app, &pat, &alex, "B1", "Seen it").await.status(),
        StatusCode::NOT_FOUND
    );

    // Nobody but a line manager confirms: not the apprentice, not their mentor.
    for who in [LEARNER, "mentor@demo.flowline.test"] {
        let client = signed_in(&app, who, DEMO_PASSWORD).await;
        assert_eq!(
            confirm(&app, &client, &alex, "B1", "Seen it")
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }

    // The admin links Pat to Sam (once; again changes nothing), refusing what is not a pair.
    let link = |employer: String, learner: String| {
        let admin = admin.clone();
        let url = app.url(&format!(
            "/api/v1/admin/employers/{employer}/apprentices/{learner}"
        ));
        async move { admin.put(url).send().await.expect("link") }
    };
    assert_eq!(
        link(other.clone(), sam.clone()).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        link(other.clone(), sam.clone()).await.status(),
        StatusCode::OK
    );
    let (status, err) = error_of(link(sam.clone(), alex.clone()).await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("employer_id"))
    );
    let (status, err) = error_of(link(other.clone(), other.clone()).await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("learner_id"))
    );
    let (_, links) = get(&app, &admin, "/api/v1/admin/employer-links").await;
    let pairs: Vec<(String, String)> = links
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["employer_name"].as_str().unwrap_or_default().to_owned(),
                l["learner_name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Erin Employer".to_owned(), "Alex Apprentice".to_owned()),
            ("Pat Manager".to_owned(), "Sam Starter".to_owned()),
        ]
    );

    // Pat sees Sam, and still no Alex.
    let (_, home) = get(&app, &pat, "/api/v1/employer/apprentices").await;
    assert_eq!(home.as_array().map(Vec::len), Some(1), "{home}");
    assert_eq!(home[0]["learner_name"], "Sam Starter");
    assert_eq!(
        get(&app, &pat, &format!("/api/v1/learners/{alex}/readiness"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Unlinked, Sam is gone for Pat too; unlinking again is not found.
    let unlink = app.url(&format!(
        "/api/v1/admin/employers/{other}/apprentices/{sam}"
    ));
    assert_eq!(
        admin.delete(&unlink).send().await.expect("unlink").status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.delete(&unlink).send().await.expect("unlink").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &pat, "/api/v1/employer/apprentices").await.1,
        json!([])
    );
}

both_backends!(
    a_line_manager_confirms_behaviours_and_gateway_readiness_and_the_assessor_reads_both
);
both_backends!(a_line_manager_sees_only_the_apprentices_linked_to_them);
