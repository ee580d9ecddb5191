//! Fixtures of a mentor's work: practice to sign off, sign-offs, people's ids.

use crate::helpers::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::store::{questions, standards, users};

/// The demo learner answers the S3 lesson right, `times` times, over REST.
pub async fn practise_s3(app: &TestApp, learner: &Client, times: usize) {
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let (standard, _, _) = standards::find(&mut conn, "ST1332")
        .await
        .expect("query")
        .expect("ST1332");
    let qs: Vec<questions::Question> = questions::current_of_standard(&mut conn, &standard)
        .await
        .expect("questions")
        .into_iter()
        .filter(|q| q.ksb_code == "S3")
        .collect();
    assert!(!qs.is_empty(), "the S3 lesson has questions");
    // Over the last few minutes (the account is minutes old).
    let start = chrono::Utc::now() - chrono::Duration::minutes(3);
    for n in 0..times {
        let at = start + chrono::Duration::seconds(n as i64 * 30);
        let item = json!({
            "id": uuid::Uuid::now_v7().to_string(),
            "content_id": qs[0].content_id,
            "kind": "answered",
            "occurred_at": at.to_rfc3339(),
            "time_spent_s": 12.0,
            "answers": qs.iter().map(|q| json!({"question_id": q.id, "response": q.answer})).collect::<Vec<_>>(),
        });
        let res = learner
            .post(app.url("/api/v1/interactions"))
            .json(&json!({ "interactions": [item] }))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::OK);
        let reply: Value = res.json().await.expect("reply");
        assert_eq!(reply["results"][0]["status"], "accepted", "{reply}");
    }
}

pub async fn sign_off(app: &TestApp, who: &Client, body: &Value) -> reqwest::Response {
    who.post(app.url("/api/v1/mentor/observations"))
        .json(body)
        .send()
        .await
        .expect("post")
}

pub async fn user_id(app: &TestApp, email: &str) -> String {
    let mut conn = app.db.pool.acquire().await.expect("conn");
    users::find_by_email(&mut conn, email)
        .await
        .expect("query")
        .expect("user")
        .id
}
