//! Stories of the safety path: "I think I'm injured" reaches the apprentice's mentor at once by
//! e-mail (a real SMTP server) with a link to the inbox; a mentor who says "I'm on it" is shown
//! to everyone and stops it going further; one nobody acknowledged goes to the admins after the
//! set time, once.

use crate::both_backends;
use crate::helpers::lessons::app_with_shipped_lessons;
use crate::helpers::people::signed_in;
use crate::helpers::{Backend, TestApp};
use crate::smtp_sink::SmtpSink;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::workers::periodic::{Periodic, Task};
use server::workers::queues::Mail;
use server::workers::{Turn, Work};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const LEARNER: &str = "learner@demo.flowline.test";
const MENTOR: &str = "mentor@demo.flowline.test";
const ADMIN: &str = "admin@demo.flowline.test";

async fn deliver(app: &TestApp) {
    let mail = Mail::new(&app.state).expect("mailer");
    while mail.turn(app.now()).await.expect("turn") == Turn::Worked {}
}

async fn follow_up(app: &TestApp) {
    let task = Periodic::new(Task::SafetyFollowUp, &app.state, "instance-a");
    task.turn(app.now()).await.expect("follow-up");
}

async fn ask(app: &TestApp, who: &Client, text: &str) {
    let res = who
        .post(app.url("/api/v1/coach/questions"))
        .json(&json!({ "text": text }))
        .send()
        .await
        .expect("ask");
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn inbox(app: &TestApp, who: &Client) -> Vec<Value> {
    let res = who
        .get(app.url("/api/v1/mentor/inbox"))
        .send()
        .await
        .expect("inbox");
    let body: Value = res.json().await.expect("json");
    body["items"].as_array().cloned().unwrap_or_default()
}

async fn app_with_mail(backend: Backend, sink: &SmtpSink) -> Option<TestApp> {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    app_with_shipped_lessons(backend, clock, |s| sink.settings(s)).await
}

async fn an_injured_apprentice_reaches_their_mentor_at_once_and_the_mentor_says_they_are_on_it(
    backend: Backend,
) {
    let sink = SmtpSink::start();
    let Some(app) = app_with_mail(backend, &sink).await else {
        return;
    };
    let apprentice = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    ask(
        &app,
        &apprentice,
        "I think I'm injured, I cut my hand on the armour",
    )
    .await;

    // The mentor's phone gets an e-mail at once, with the words and a link to the inbox.
    deliver(&app).await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0]["rcpt_tos"], json!([MENTOR]));
    assert_eq!(mail[0]["problems"], json!([]));
    assert_eq!(mail[0]["subject"], "Safety: Alex Apprentice needs you now");
    let text = mail[0]["text"].as_str().expect("text");
    assert!(text.contains("I cut my hand on the armour"), "{text}");
    assert!(text.contains(&format!("{}/instructor/inbox", app.state.public_url)));

    // Morgan taps "I'm on it"; the inbox shows who, and when.
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let items = inbox(&app, &mentor).await;
    let item = items
        .iter()
        .find(|i| i["reason"] == "safety")
        .expect("the safety question");
    assert!(item["acknowledged_by"].is_null());
    let id = item["id"].as_str().expect("id");
    let res = mentor
        .post(app.url(&format!("/api/v1/mentor/inbox/{id}/acknowledge")))
        .send()
        .await
        .expect("ack");
    assert_eq!(res.status(), StatusCode::OK);
    let acked: Value = res.json().await.expect("json");
    assert_eq!(acked["acknowledged_by"], "Morgan Mentor");
    assert!(
        acked["acknowledged_at_local"]
            .as_str()
            .is_some_and(|t| t.len() == 5),
        "{acked}"
    );
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let seen_by_admin = inbox(&app, &admin).await;
    assert!(seen_by_admin
        .iter()
        .any(|i| i["id"] == id && i["acknowledged_by"] == "Morgan Mentor"));

    // Acknowledged in time: nothing goes to the admins, however long it stays open.
    app.clock.advance(60 * 60_000);
    follow_up(&app).await;
    deliver(&app).await;
    assert_eq!(sink.received().len(), 1);
}
both_backends!(
    an_injured_apprentice_reaches_their_mentor_at_once_and_the_mentor_says_they_are_on_it
);

async fn a_safety_question_nobody_acknowledges_goes_to_the_admins_after_fifteen_minutes(
    backend: Backend,
) {
    let sink = SmtpSink::start();
    let Some(app) = app_with_mail(backend, &sink).await else {
        return;
    };
    let apprentice = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    ask(&app, &apprentice, "My mate got a shock off the cable").await;
    deliver(&app).await;
    assert_eq!(sink.wait_for(1).await.len(), 1, "the mentor first");

    // Fourteen minutes: still the mentor's.
    app.clock.advance(14 * 60_000);
    follow_up(&app).await;
    deliver(&app).await;
    assert_eq!(sink.received().len(), 1);

    // Sixteen: the admins are told, once, and the inbox says so.
    app.clock.advance(2 * 60_000);
    follow_up(&app).await;
    deliver(&app).await;
    let mail = sink.wait_for(2).await;
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert_eq!(mail[1]["rcpt_tos"], json!([ADMIN]));
    assert_eq!(
        mail[1]["subject"],
        "Safety: nobody has answered Alex Apprentice yet"
    );
    assert_eq!(mail[1]["problems"], json!([]));
    app.clock.advance(60 * 60_000);
    follow_up(&app).await;
    deliver(&app).await;
    assert_eq!(sink.received().len(), 2, "once");
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let items = inbox(&app, &mentor).await;
    assert!(items
        .iter()
        .any(|i| i["reason"] == "safety" && i["admins_alerted"] == true));
}
both_backends!(a_safety_question_nobody_acknowledges_goes_to_the_admins_after_fifteen_minutes);
