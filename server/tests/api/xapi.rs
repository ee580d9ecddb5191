//! Stories of a learner's evidence as xAPI statements: what they did and what their mentor
//! signed off, as statements an LRS takes — accounts not e-mails, registry verbs, the standard
//! and KSBs in context, stable ids — paged, and only for those who may read them.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::{practise_s3, sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;

const LEARNER: &str = "learner@demo.flowline.test";

async fn get(app: &TestApp, who: &Client, path: &str) -> Value {
    let res = who.get(app.url(path)).send().await.expect("get");
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.expect("json")
}

/// Every page, following `more`.
async fn all_pages(app: &TestApp, who: &Client, first: &str) -> (Vec<Value>, usize) {
    let (mut out, mut pages, mut next) = (Vec::new(), 0, first.to_owned());
    loop {
        let page = get(app, who, &next).await;
        pages += 1;
        out.extend(
            page["statements"]
                .as_array()
                .expect("statements")
                .iter()
                .cloned(),
        );
        match page["more"].as_str() {
            Some("") => return (out, pages),
            Some(more) => next = more.to_owned(),
            None => panic!("no `more` in {page}"),
        }
    }
}

pub(crate) async fn learner_with_evidence(app: &TestApp) -> (Client, String) {
    let learner = signed_in(app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(app, LEARNER).await;
    practise_s3(app, &learner, 2).await;
    let feed = get(app, &learner, "/api/v1/feed").await;
    let watched = json!({"interactions": [{
        "id": uuid::Uuid::now_v7().to_string(),
        "content_id": feed["items"][0]["content_id"],
        "kind": "watched",
        "occurred_at": chrono::Utc::now().to_rfc3339(),
        "time_spent_s": 41.5,
    }]});
    let res = learner
        .post(app.url("/api/v1/interactions"))
        .json(&watched)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let mentor = signed_in(app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let body = json!({"learner_id": learner_id, "ksb_codes": ["S3", "B1"],
        "note": "Straight joint, clean preparation.", "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(app, &mentor, &body).await.status(),
        StatusCode::CREATED
    );
    (learner, learner_id)
}

async fn a_learners_evidence_reads_as_xapi_statements_for_those_who_may_see_it(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let (learner, learner_id) = learner_with_evidence(&app).await;
    let path = format!("/api/v1/learners/{learner_id}/statements");

    let page = get(&app, &learner, &path).await;
    let statements = page["statements"].as_array().expect("statements");
    assert_eq!(
        statements.len(),
        4,
        "two answers, one watched lesson, one sign-off: {page}"
    );
    assert_eq!(page["more"], "");
    let site = app.state.public_url.clone();
    for s in statements {
        assert!(
            uuid::Uuid::parse_str(s["id"].as_str().expect("id")).is_ok(),
            "{s}"
        );
        assert_eq!(
            s["actor"]["account"],
            json!({"homePage": site, "name": learner_id}),
            "{s}"
        );
        assert!(!s.to_string().contains('@'), "no e-mail anywhere: {s}");
        assert!(
            s["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{s}"
        );
        assert!(s["stored"].as_str().is_some(), "{s}");
        let grouping = s["context"]["contextActivities"]["grouping"].to_string();
        assert!(
            grouping.contains(&format!("{site}/xapi/standards/ST1332")),
            "{s}"
        );
    }
    let verb = |s: &Value| s["verb"]["id"].as_str().unwrap_or_default().to_owned();
    let answered: Vec<&Value> = statements
        .iter()
        .filter(|s| verb(s).ends_with("/answered"))
        .collect();
    assert_eq!(answered.len(), 2);
    assert_eq!(answered[0]["result"]["success"], true);
    assert_eq!(answered[0]["result"]["score"]["scaled"], 1.0);
    assert!(answered[0]["context"]["contextActivities"]["grouping"]
        .to_string()
        .contains("/ksbs/S3"));
    let watched = statements
        .iter()
        .find(|s| {
            s["object"]["definition"]["type"] == "https://w3id.org/xapi/video/activity-type/video"
        })
        .expect("the watched lesson");
    assert_eq!(verb(watched), "http://adlnet.gov/expapi/verbs/completed");
    assert_eq!(
        watched["context"]["contextActivities"]["category"][0]["id"],
        "https://w3id.org/xapi/video"
    );
    assert!(
        watched["result"]["extensions"]["https://w3id.org/xapi/video/extensions/progress"]
            .is_number()
    );
    let observed = statements
        .iter()
        .find(|s| s["context"]["instructor"].is_object())
        .expect("the sign-off");
    assert!(observed["context"]["contextActivities"]["grouping"]
        .to_string()
        .contains("/ksbs/B1"));

    // Paged two at a time, the same statements in the same order.
    let (paged, pages) = all_pages(&app, &learner, &format!("{path}?limit=2")).await;
    assert_eq!(pages, 2);
    assert_eq!(&paged, statements);
    // `since` after everything: nothing.
    let later = (chrono::Utc::now() + chrono::Duration::minutes(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let none = get(&app, &learner, &format!("{path}?since={later}")).await;
    assert_eq!(none["statements"], json!([]));

    // Their mentor and an admin read the same; another learner, an assessor without a share
    // and a visitor do not learn the learner exists.
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    assert_eq!(
        get(&app, &mentor, &path).await["statements"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    let admin = signed_in(&app, "admin@demo.flowline.test", DEMO_PASSWORD).await;
    assert_eq!(
        get(&app, &admin, &path).await["statements"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    let assessor = signed_in(&app, "assessor@demo.flowline.test", DEMO_PASSWORD).await;
    let (status, _) = error_of(assessor.get(app.url(&path)).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.register("other@example.com", "a-long-password").await;
    let other = signed_in(&app, "other@example.com", "a-long-password").await;
    let (status, _) = error_of(other.get(app.url(&path)).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Bad paging is explained.
    for (query, field) in [
        ("since=yesterday", "since"),
        ("limit=0", "limit"),
        ("after=x", "after"),
    ] {
        let (status, err) = error_of(
            learner
                .get(app.url(&format!("{path}?{query}")))
                .send()
                .await
                .expect("get"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(err["field"], field, "{err}");
    }
}
both_backends!(a_learners_evidence_reads_as_xapi_statements_for_those_who_may_see_it);
