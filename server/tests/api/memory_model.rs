//! The memory model learns from the standard's own reviews: twelve apprentices answer two
//! lessons' checks every day for five weeks. Before a thousand reviews an admin's "fit now"
//! says how many there are and fits nothing; after, the fit is stored with its held-out log
//! loss before and after, admins see it on the analytics, and when it predicts better than
//! the default weights it schedules the learners: their phones get the weights with their
//! progress, and every schedule row names the model it was made with. BKT's guess, slip and
//! learning rate are fitted in the same run from the answers, and trace the learners'
//! knowledge (on the server and on their phones) when they predict the held-out answers
//! better.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons_at;
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{get_as, new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const DAY: i64 = 86_400_000;
/// Monday 4 January 2027, 08:00 UTC.
const T0: i64 = 1_799_049_600_000;
const LEARNERS: usize = 12;

fn at(app: &TestApp) -> String {
    chrono::DateTime::from_timestamp_millis(app.now())
        .expect("now")
        .to_rfc3339()
}

/// One day for one apprentice: the first two lessons of their feed, each check answered (all
/// wrong on the apprentice's bad day of the week, else all right).
async fn a_day(app: &TestApp, who: &Client, n: usize, day: i64) {
    let feed = get_as(app, who, "/api/v1/feed").await;
    let right = (day + n as i64) % 7 != 0;
    let items: Vec<Value> = feed["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a feed: {feed}"))
        .iter()
        .take(2)
        .map(|item| {
            let answers: Vec<Value> = item["questions"]
                .as_array()
                .unwrap_or_else(|| panic!("a lesson with its check: {item}"))
                .iter()
                .map(|q| {
                    let key = q["answer"].as_i64().expect("key");
                    json!({"question_id": q["id"], "response": if right { key } else { (key + 1) % 2 }})
                })
                .collect();
            json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": item["content_id"],
                "kind": "answered", "occurred_at": at(app), "time_spent_s": 30.0, "answers": answers})
        })
        .collect();
    let res = who
        .post(app.url("/api/v1/interactions"))
        .json(&json!({ "interactions": items }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
}

/// A week of daily lessons for every apprentice (signed in afresh: sessions expire).
async fn week(app: &TestApp, clock: &Clock, w: i64) -> Vec<Client> {
    let mut learners = Vec::new();
    for n in 0..LEARNERS {
        learners.push(signed_in(app, &format!("fit{n}@example.com"), "a-long-password").await);
    }
    for day in 7 * w..7 * (w + 1) {
        for (n, who) in learners.iter().enumerate() {
            a_day(app, who, n, day).await;
        }
        clock.advance(DAY);
    }
    learners
}

async fn fit(app: &TestApp, admin: &Client) -> Value {
    let res = admin
        .post(app.url("/api/v1/admin/memory/fit?standard=st1332"))
        .send()
        .await
        .expect("fit");
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

async fn the_memory_model_is_fitted_from_the_cohorts_own_reviews_once_there_are_enough(
    backend: Backend,
) {
    let clock = Clock::fixed(T0);
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    for n in 0..LEARNERS {
        let email = format!("fit{n}@example.com");
        let res = new_client()
            .post(app.url("/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "a-long-password", "display_name": format!("Apprentice {n}")}))
            .send()
            .await
            .expect("register");
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let learners = week(&app, &clock, 0).await;

    // A week in: too few reviews to fit anything.
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let early = fit(&app, &admin).await;
    assert!(early["model"].is_null(), "{early}");
    assert!(early["knowledge"].is_null(), "{early}");
    let reviews = early["reviews"].as_u64().expect("reviews");
    assert!(reviews > 0);
    assert_eq!(
        early["skipped"],
        format!("{reviews} reviews so far; a fit needs 1000")
    );

    let mut learners = learners;
    for w in 1..5 {
        learners = week(&app, &clock, w).await;
    }
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let fitted = fit(&app, &admin).await;
    assert!(fitted["skipped"].is_null(), "{fitted}");
    assert!(
        fitted["reviews"].as_u64().expect("reviews") >= 1000,
        "{fitted}"
    );
    let model = fitted["model"].as_str().expect("a stored fit").to_owned();
    let before = fitted["log_loss_default"].as_f64().expect("before");
    let after = fitted["log_loss_fitted"].as_f64().expect("after");
    assert!(before > 0.0 && after > 0.0);
    let adopted = fitted["adopted"].as_bool().expect("adopted");
    assert_eq!(
        adopted,
        after < before,
        "adopted only when better: {fitted}"
    );

    // The knowledge fit of the same run: judged on the held-out learners' answers.
    let k = &fitted["knowledge"];
    let knowledge_model = k["id"].as_str().expect("a stored knowledge fit").to_owned();
    assert!(
        k["answers"].as_u64().expect("answers") > k["held_out_answers"].as_u64().expect("held")
    );
    let (k_before, k_after) = (
        k["log_loss_default"].as_f64().expect("before"),
        k["log_loss_fitted"].as_f64().expect("after"),
    );
    let k_adopted = k["adopted"].as_bool().expect("adopted");
    assert_eq!(k_adopted, k_after < k_before, "{k}");
    let guess = k["fitted"]["guess"].as_f64().expect("guess");
    assert!((0.05..=0.5).contains(&guess), "{k}");

    // Admins see it with the content analytics.
    let a = get_as(&app, &admin, "/api/v1/admin/analytics?standard=ST1332").await;
    assert_eq!(a["knowledge"]["last_fit"]["id"], knowledge_model.as_str());
    assert_eq!(
        a["knowledge"]["current"],
        if k_adopted {
            knowledge_model.as_str()
        } else {
            "default"
        }
    );
    if k_adopted {
        assert_eq!(a["knowledge"]["parameters"], k["fitted"]);
    } else {
        assert_eq!(a["knowledge"]["parameters"]["guess"], 0.25);
    }
    let last = &a["memory"]["last_fit"];
    assert_eq!(last["id"], model.as_str());
    assert_eq!(last["log_loss_default"], before);
    assert_eq!(last["log_loss_fitted"], after);
    assert_eq!(a["memory"]["min_reviews"], 1000);
    assert_eq!(
        a["memory"]["current"],
        if adopted { model.as_str() } else { "default" }
    );

    // A learner's phone schedules with what the server schedules with.
    let progress = get_as(&app, &learners[0], "/api/v1/progress").await;
    let weights = progress["engine"]["weights"].as_array().map(Vec::len);
    assert_eq!(weights, adopted.then_some(21), "{}", progress["engine"]);
    let knowledge = &progress["engine"]["knowledge"];
    if k_adopted {
        assert_eq!(knowledge, &k["fitted"]);
    } else {
        assert!(knowledge.is_null(), "{knowledge}");
    }
    // Every schedule row written since names its model.
    a_day(&app, &learners[0], 0, 35).await;
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let models: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT c.memory_model FROM competency c JOIN users u ON u.id = c.learner_id \
         WHERE u.email = 'fit0@example.com'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("rows");
    let expected = if adopted { model } else { "default".into() };
    assert_eq!(models, vec![(expected,)]);
}
both_backends!(the_memory_model_is_fitted_from_the_cohorts_own_reviews_once_there_are_enough);
