//! Stories of Web Push: a lapsed apprentice's nudge reaches their phone with the app closed,
//! encrypted for that phone alone (decrypted by an independent implementation at a local push
//! service, which also checks the VAPID token); a phone that unsubscribed is forgotten and
//! the next nudge goes by e-mail instead; a safety question reaches the mentor's phone at once.

use crate::both_backends;
use crate::helpers::learning::{app_with_lessons_at, sign_up};
use crate::helpers::lessons::app_with_shipped_lessons;
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use crate::push_service::PushService;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::workers::queues::Push;
use server::workers::{Turn, Work};
use services::coach::nudges;
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

fn nov(day: u32, h: u32, m: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("date")
        .and_utc()
        .timestamp_millis()
}

async fn nudge_now(app: &TestApp) {
    nudges::schedule(&app.db, app.now())
        .await
        .expect("schedule");
    while !matches!(
        nudges::run_next(&app.db, &app.state.public_url, app.now())
            .await
            .expect("nudge"),
        nudges::Turn::Idle
    ) {}
}

async fn push(app: &TestApp) {
    let worker = Push::new(&app.state);
    while worker.turn(app.now()).await.expect("push") == Turn::Worked {}
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

async fn a_lapsed_apprentices_nudge_reaches_their_phone_with_the_app_closed(backend: Backend) {
    let clock = Clock::fixed(nov(17, 10, 0));
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let service = PushService::start();
    sign_up(&app, "away@example.com").await;
    crate::nudges::watch(&app).await;
    // The phone subscribes with the server's key.
    let key = app.get_json("/api/v1/push/key").await;
    assert_eq!(key["public_key"].as_str().map(str::len), Some(87), "{key}");
    let phone = service.subscribe().await;
    let res = app.post_json("/api/v1/me/push-subscriptions", &phone).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Something that is not a browser's subscription is refused, naming the field.
    let mut bad = phone.clone();
    bad["keys"]["p256dh"] = json!("not-a-key");
    let (status, e) = error_of(app.post_json("/api/v1/me/push-subscriptions", &bad).await).await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("keys.p256dh"))
    );

    // Three days away, at ten past eight in the morning: the lapse nudge goes to the phone.
    clock.advance(nov(20, 8, 10) - nov(17, 10, 0));
    nudge_now(&app).await;
    push(&app).await;
    let got = service.wait_for(1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["problems"], json!([]), "{}", got[0]);
    let payload = &got[0]["payload"];
    assert_eq!(payload["title"], "Flowline");
    assert!(
        payload["body"]
            .as_str()
            .is_some_and(|b| b.starts_with("Haven't seen you in 3 days")),
        "{payload}"
    );
    assert_eq!(payload["url"], "/coach");
    assert_eq!(got[0]["urgency"], "normal");
    let mailed: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM jobs WHERE kind = 'email' AND payload LIKE '%away@example.com%'",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("jobs");
    assert!(
        mailed.is_empty(),
        "push reached them: no e-mail, but {mailed:?}"
    );

    // The phone unsubscribed (the push service says 410): it is forgotten, and the next
    // morning's nudge goes by e-mail instead.
    service.script(&phone, 410).await;
    clock.advance(24 * 3_600_000);
    nudge_now(&app).await;
    push(&app).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM push_subscriptions").await,
        0
    );
    clock.advance(24 * 3_600_000);
    nudge_now(&app).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'email' AND payload LIKE '%away@example.com%'"
        )
        .await,
        1
    );
}
both_backends!(a_lapsed_apprentices_nudge_reaches_their_phone_with_the_app_closed);

async fn a_safety_question_reaches_the_mentors_phone_at_once(backend: Backend) {
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_shipped_lessons(backend, clock, |_| {}).await else {
        return;
    };
    let service = PushService::start();
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let phone = service.subscribe().await;
    let res = mentor
        .post(app.url("/api/v1/me/push-subscriptions"))
        .json(&phone)
        .send()
        .await
        .expect("subscribe");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let apprentice = signed_in(&app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    let res = apprentice
        .post(app.url("/api/v1/coach/questions"))
        .json(&json!({"text": "I think I'm injured"}))
        .send()
        .await
        .expect("ask");
    assert_eq!(res.status(), StatusCode::CREATED);
    push(&app).await;
    let got: Vec<Value> = service.wait_for(1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["problems"], json!([]));
    assert_eq!(got[0]["urgency"], "high");
    assert_eq!(
        got[0]["payload"]["title"],
        "Safety: Alex Apprentice needs you now"
    );
    assert_eq!(got[0]["payload"]["url"], "/instructor/inbox");
    assert!(got[0]["payload"]["body"]
        .as_str()
        .is_some_and(|b| b.contains("I think I'm injured")));

    // Turning notifications off forgets this phone.
    let endpoint = phone["endpoint"].as_str().expect("endpoint");
    let res = mentor
        .delete(app.url("/api/v1/me/push-subscriptions"))
        .query(&[("endpoint", endpoint)])
        .send()
        .await
        .expect("unsubscribe");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM push_subscriptions").await,
        0
    );
}
both_backends!(a_safety_question_reaches_the_mentors_phone_at_once);
