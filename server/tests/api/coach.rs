//! Stories of the coach: an apprentice asks how to prove a cable dead and gets the ST1332
//! lesson that says so; a nonsense question is not dressed up as an answer; "I think I'm
//! injured" goes to a human at once; the mentor answers from the inbox and the apprentice sees
//! it in their thread; the next apprentice with a similar question is offered that answer.

use crate::both_backends;
use crate::helpers::lessons::app_with_shipped_lessons;
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const APPRENTICE: &str = "coach-apprentice@example.com";
const NEXT: &str = "coach-next@example.com";
const PASSWORD: &str = "a-long-password";
const MENTOR: &str = "mentor@demo.flowline.test";

async fn ask(app: &TestApp, who: &Client, body: Value) -> reqwest::Response {
    who.post(app.url("/api/v1/coach/questions"))
        .json(&body)
        .send()
        .await
        .expect("post")
}

async fn asked(app: &TestApp, who: &Client, text: &str) -> Value {
    let res = ask(app, who, json!({ "text": text })).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{text}");
    res.json().await.expect("json")
}

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn kinds(out: &Value) -> Vec<String> {
    out["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The Coach tab's count of mentors' answers and nudges not yet seen.
async fn unread(app: &TestApp, who: &Client) -> u64 {
    let res = who
        .post(app.url("/rpc/coach/unread"))
        .send()
        .await
        .expect("unread");
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>()
        .await
        .expect("json")
        .as_u64()
        .expect("a count")
}

async fn new_apprentice(app: &TestApp, email: &str) -> Client {
    app.register(email, PASSWORD).await;
    signed_in(app, email, PASSWORD).await
}

async fn an_apprentice_asks_and_gets_the_lesson_or_a_human(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_shipped_lessons(backend, clock.clone(), |_| {}).await else {
        return;
    };
    let me = new_apprentice(&app, APPRENTICE).await;

    // A new thread is empty, and the cohort has a mentor to pass questions to.
    let (status, thread) = get(&app, &me, "/api/v1/coach").await;
    assert_eq!(status, StatusCode::OK, "{thread}");
    assert_eq!(thread["messages"], json!([]));
    assert_eq!(thread["has_mentor"], true);

    // A question a lesson answers: the passage, and the lesson to play.
    let out = asked(&app, &me, "How do I prove a cable is dead?").await;
    assert_eq!(kinds(&out), ["question", "answer"], "{out}");
    assert_eq!(out["escalated"], false);
    let answer = &out["messages"][1];
    assert_eq!(
        answer["lesson"]["title"], "Safe isolation before jointing",
        "{answer}"
    );
    let passage = answer["passage"].as_str().expect("passage").to_lowercase();
    assert!(
        passage.contains("prove") && passage.contains("dead"),
        "{passage}"
    );
    assert!(answer["lesson"]["ksbs"][0]
        .as_str()
        .expect("ksb")
        .starts_with("S3 "));

    // Nonsense is not answered with a lesson that does not fit: the coach says so.
    let out = asked(&app, &me, "purple giraffes compose symphonies").await;
    assert_eq!(kinds(&out), ["question", "no_match"], "{out}");
    assert!(out["messages"][1]["lesson"].is_null());
    // …and the learner may pass it to the mentor, once.
    let question_id = out["messages"][0]["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/coach/questions/{question_id}/escalate");
    let res = me.post(app.url(&path)).send().await.expect("post");
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, err) = error_of(me.post(app.url(&path)).send().await.expect("post")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");

    // Safety words always reach a human; the coach does not answer alone.
    let out = asked(&app, &me, "I think I'm injured").await;
    assert_eq!(kinds(&out), ["question", "escalated"], "{out}");
    assert_eq!(out["escalated"], true);
    assert!(out["messages"][1]["body"]
        .as_str()
        .expect("body")
        .contains("999"));

    // Bad input: empty, and far too long, named and refused; nothing is added.
    let (status, err) = error_of(ask(&app, &me, json!({ "text": "   " })).await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text"))
    );
    let long = "why ".repeat(2_500);
    let (status, err) = error_of(ask(&app, &me, json!({ "text": long })).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["message"].as_str().expect("message").contains("1000"),
        "{err}"
    );
    let (_, thread) = get(&app, &me, "/api/v1/coach").await;
    assert_eq!(thread["messages"].as_array().expect("messages").len(), 7);
    assert_eq!(thread["open_questions"], 2);

    // The mentor's inbox: the injury first (oldest open first is the nonsense, then the
    // injury), each with the learner's context; the board flags the learner.
    clock.advance(10 * 60_000);
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let (status, inbox) = get(&app, &mentor, "/api/v1/mentor/inbox").await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    assert_eq!(inbox["open"], 2);
    let items = inbox["items"].as_array().expect("items");
    let reasons: Vec<&str> = items
        .iter()
        .map(|i| i["reason"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(reasons, ["low_confidence", "safety"]);
    assert!(items
        .iter()
        .all(|i| i["learner_name"].is_string() && i["status"] == "open"));
    assert!(items[1]["focus"].is_string(), "{}", items[1]);
    // Each says when it was asked, in the mentor's time zone.
    assert!(
        items.iter().all(|i| i["asked_at_local"]
            .as_str()
            .is_some_and(|t| t.contains(':'))),
        "{inbox}"
    );
    let injury = items[1]["id"].as_str().expect("id").to_owned();

    // Learners have no inbox; another mentor's questions are not found.
    assert_eq!(
        get(&app, &me, "/api/v1/mentor/inbox").await.0,
        StatusCode::FORBIDDEN
    );

    let answer_url = format!("/api/v1/mentor/inbox/{injury}/answer");
    let (status, err) = error_of(
        mentor
            .post(app.url(&answer_url))
            .json(&json!({ "answer": "" }))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("answer"))
    );
    let reply =
        "Stop work and see the first aider now; I'm calling you. Report it on the accident book.";
    let res = mentor
        .post(app.url(&answer_url))
        .json(&json!({ "answer": reply }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.expect("json");
    assert_eq!(done["status"], "answered");
    let again = mentor
        .post(app.url(&answer_url))
        .json(&json!({ "answer": "again" }))
        .send()
        .await
        .expect("post");
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Wherever the apprentice is, the Coach tab says something new arrived...
    assert_eq!(unread(&app, &me).await, 1);
    let page = me
        .get(app.url("/progress"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("class=\"tab-badge\""),
        "the Coach tab has a badge"
    );
    assert!(page.contains(", 1 new"), "and says so to a screen reader");

    // ...and they see the answer in their thread, from "Your mentor"; then it is read.
    let (_, thread) = get(&app, &me, "/api/v1/coach").await;
    assert_eq!(unread(&app, &me).await, 0);
    let last = thread["messages"]
        .as_array()
        .expect("messages")
        .last()
        .expect("last")
        .clone();
    assert_eq!(
        (last["kind"].as_str(), last["from"].as_str()),
        (Some("mentor_answer"), Some("Your mentor"))
    );
    assert_eq!(last["body"], reply);
    assert_eq!(thread["open_questions"], 1);

    // A mentor's answer to an ordinary question is offered to the next learner who asks the
    // same, named by role (safety answers are never reused).
    let nonsense = items[0]["id"].as_str().expect("id");
    let res = mentor
        .post(app.url(&format!("/api/v1/mentor/inbox/{nonsense}/answer")))
        .json(&json!({ "answer": "Giraffes are not on ST1332, but teamwork is: see lesson 23." }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let next = new_apprentice(&app, NEXT).await;
    let out = asked(&app, &next, "do purple giraffes compose symphonies?").await;
    assert_eq!(kinds(&out), ["question", "answer"], "{out}");
    assert_eq!(out["messages"][1]["from"], "A mentor");
    assert!(out["messages"][1]["passage"]
        .as_str()
        .expect("passage")
        .contains("teamwork"));
    let injured_again = asked(&app, &next, "I think I'm injured").await;
    assert_eq!(
        kinds(&injured_again),
        ["question", "escalated"],
        "{injured_again}"
    );
}
both_backends!(an_apprentice_asks_and_gets_the_lesson_or_a_human);

async fn the_coach_answers_a_set_number_of_questions_an_hour_but_never_holds_back_safety(
    backend: Backend,
) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_shipped_lessons(backend, clock.clone(), |s| {
        s.coach_questions_per_hour = 3;
        s.coach_questions_per_day = 6;
    })
    .await
    else {
        return;
    };
    let me = new_apprentice(&app, APPRENTICE).await;
    for q in [
        "How do I prove a cable dead?",
        "What is a permit to work?",
        "Why earth a cable?",
    ] {
        asked(&app, &me, q).await;
    }
    // The fourth in the hour is held back, with the reason and what to do instead.
    let (status, e) = error_of(ask(&app, &me, json!({"text": "What is LV?"})).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let said = e["message"].as_str().unwrap_or_default();
    assert!(
        said.contains("3 questions in the last hour") && said.contains("mentor"),
        "{said}"
    );
    // A safety question, and a question for the mentor, always go through.
    asked(&app, &me, "I think I'm injured").await;
    let res = ask(&app, &me, json!({"text": "What is LV?", "to_mentor": true})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // An hour later the coach answers again, until the day's six (every question counts).
    clock.advance(3_600_001);
    asked(&app, &me, "What is LV?").await;
    let (status, e) = error_of(ask(&app, &me, json!({"text": "And HV?"})).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        e["message"].as_str().is_some_and(|m| m.contains("today")),
        "{e}"
    );
}
both_backends!(the_coach_answers_a_set_number_of_questions_an_hour_but_never_holds_back_safety);
