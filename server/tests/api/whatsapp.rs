//! Stories of the coach on WhatsApp, against a local stand-in of Meta's Graph API and webhook
//! bodies signed with the app secret as Meta signs them: an apprentice opts in with consent,
//! asks from WhatsApp and gets the lesson back; a forged body is refused and changes nothing;
//! a stranger gets no reply; the mentor's answer reaches WhatsApp; STOP ends it all. An
//! apprentice away three days gets one lapse template at their morning, however often the
//! scheduler and sender run, through a server error, a rate limit and a dead sender.

use crate::both_backends;
use crate::graph_standin::{GraphStandIn, Scripted, PHONE_NUMBER_ID, TOKEN};
use crate::helpers::learning::{app_with_lessons_set, sign_up};
use crate::helpers::lessons::app_with_shipped_lessons;
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use hmac::{Hmac, Mac};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::coach::nudges::{self, Turn};
use services::coach::whatsapp::send::{send_next, Sent};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;
use sha2::Sha256;

const APP_SECRET: &str = "meta-app-secret";
const VERIFY_TOKEN: &str = "flowline-verify";
const PHONE: &str = "+44 7700 900123";
const WA_ID: &str = "447700900123";

fn with_whatsapp(s: &mut server::config::Settings, graph: &GraphStandIn) {
    s.whatsapp_phone_number_id = Some(PHONE_NUMBER_ID.into());
    s.whatsapp_access_token = Some(TOKEN.into());
    s.whatsapp_app_secret = Some(APP_SECRET.into());
    s.whatsapp_verify_token = Some(VERIFY_TOKEN.into());
    s.whatsapp_base_url = graph.base_url.clone();
    s.whatsapp_templates = "lapse=flowline_come_back".into();
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A webhook body as Meta sends it for one text message.
fn inbound(from: &str, id: &str, text: &str, at_s: i64) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "changes": [{
        "field": "messages",
        "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "447700900999", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Sam"}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": at_s.to_string(), "type": "text",
                "text": {"body": text}}],
        },
    }]}]})
}

fn status_update(wamid: &str, status: &str) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "changes": [{
        "field": "messages",
        "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "447700900999", "phone_number_id": PHONE_NUMBER_ID},
            "statuses": [{"id": wamid, "status": status, "timestamp": "1767000000",
                "recipient_id": WA_ID}],
        },
    }]}]})
}

async fn webhook(app: &TestApp, body: &Value, signature: Option<String>) -> reqwest::Response {
    let raw = serde_json::to_vec(body).expect("json");
    let mut req = app
        .client
        .post(app.url("/api/v1/whatsapp/webhook"))
        .header("content-type", "application/json")
        .body(raw.clone());
    if let Some(s) = signature {
        req = req.header("x-hub-signature-256", s);
    }
    req.send().await.expect("post")
}

async fn signed_webhook(app: &TestApp, body: &Value) {
    let raw = serde_json::to_vec(body).expect("json");
    let res = webhook(app, body, Some(sign(&raw))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut *app.db.pool.acquire().await.expect("conn"))
        .await
        .expect("count")
}

/// Sends what is queued until the sender is idle; what went.
async fn drain(app: &TestApp) -> Vec<Sent> {
    let wa = app.state.whatsapp.clone().expect("WhatsApp on");
    let client = Client::new();
    let mut out = Vec::new();
    loop {
        match send_next(&app.db, &wa, &client, app.now())
            .await
            .expect("send")
        {
            Sent::Idle => return out,
            s => out.push(s),
        }
    }
}

async fn opt_in(app: &TestApp, who: &Client) {
    let url = app.url("/api/v1/coach/whatsapp");
    let (status, err) = error_of(
        who.put(&url)
            .json(&json!({"phone": PHONE, "consent": false}))
            .send()
            .await
            .expect("put"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("consent"))
    );
    let (status, err) = error_of(
        who.put(&url)
            .json(&json!({"phone": "07700 900123", "consent": true}))
            .send()
            .await
            .expect("put"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("phone"))
    );
    let res = who
        .put(&url)
        .json(&json!({"phone": PHONE, "consent": true}))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::OK);
    let on: Value = res.json().await.expect("json");
    assert_eq!(
        on,
        json!({"available": true, "on": true, "phone": "+44 ••• ••• 123"})
    );
}

async fn an_apprentice_asks_the_coach_on_whatsapp(backend: Backend) {
    let graph = GraphStandIn::start().await;
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let g = graph.clone();
    let Some(app) =
        app_with_shipped_lessons(backend, clock.clone(), move |s| with_whatsapp(s, &g)).await
    else {
        return;
    };
    app.register("wa-apprentice@example.com", "a-long-password")
        .await;
    let me = signed_in(&app, "wa-apprentice@example.com", "a-long-password").await;
    let status: Value = me
        .get(app.url("/api/v1/coach/whatsapp"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        status,
        json!({"available": true, "on": false, "phone": null})
    );
    opt_in(&app, &me).await;

    // Meta registers the webhook: only with our verify token does the challenge come back.
    let verify = |token: &str| {
        app.client
            .get(app.url(&format!(
                "/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444"
            )))
            .send()
    };
    assert_eq!(
        verify("guess").await.expect("get").status(),
        StatusCode::FORBIDDEN
    );
    let ok = verify(VERIFY_TOKEN).await.expect("get");
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.text().await.expect("text"), "1158201444");

    // A forged body (wrong secret, or none) is refused and changes nothing.
    let now_s = app.now() / 1000;
    let question = inbound(WA_ID, "wamid.in1", "How do I prove a cable is dead?", now_s);
    let raw = serde_json::to_vec(&question).expect("json");
    let mut forged = Hmac::<Sha256>::new_from_slice(b"not-the-secret").expect("key");
    forged.update(&raw);
    let forged = format!("sha256={}", hex::encode(forged.finalize().into_bytes()));
    for signature in [Some(forged), None, Some("sha256=zz".to_owned())] {
        let res = webhook(&app, &question, signature).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM whatsapp_messages").await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM coach_messages").await, 0);

    // A stranger's number gets no reply, and nothing of theirs is kept.
    signed_webhook(&app, &inbound("447700900555", "wamid.x", "hello?", now_s)).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM whatsapp_messages").await,
        0
    );

    // The apprentice asks on WhatsApp: the same coach answers, in their thread and on WhatsApp
    // as text (the window is open: they just wrote), with the lesson's link.
    signed_webhook(&app, &question).await;
    signed_webhook(&app, &question).await; // Meta delivers again: taken once.
    let thread: Value = me
        .get(app.url("/api/v1/coach"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let msgs = thread["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 2, "{thread}");
    assert_eq!(msgs[0]["channel"], "whatsapp");
    assert_eq!(msgs[1]["lesson"]["title"], "Safe isolation before jointing");
    let sent = drain(&app).await;
    assert!(matches!(sent.as_slice(), [Sent::Accepted(..)]), "{sent:?}");
    graph.assert_well_formed();
    let seen = graph.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].body["type"].as_str(), seen[0].body["to"].as_str()),
        (Some("text"), Some(WA_ID))
    );
    let text = seen[0].body["text"]["body"].as_str().expect("text");
    assert!(
        text.contains("Safe isolation before jointing") && text.contains("/coach"),
        "{text}"
    );

    // Its delivery status only moves forward.
    let Sent::Accepted(_, wamid) = &sent[0] else {
        unreachable!()
    };
    for s in ["delivered", "read", "delivered"] {
        signed_webhook(&app, &status_update(wamid, s)).await;
    }
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM whatsapp_messages WHERE wa_id = $1")
            .bind(wamid)
            .fetch_one(&mut *app.db.pool.acquire().await.expect("conn"))
            .await
            .expect("row");
    assert_eq!(status, "read");

    // "I think I'm injured" on WhatsApp reaches the mentor; the mentor's answer reaches
    // WhatsApp.
    clock.advance(60_000);
    signed_webhook(
        &app,
        &inbound(WA_ID, "wamid.in2", "I think I'm injured", app.now() / 1000),
    )
    .await;
    drain(&app).await;
    let safety = graph.seen().last().expect("reply").body["text"]["body"]
        .as_str()
        .expect("text")
        .to_owned();
    assert!(safety.contains("999"), "{safety}");
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let inbox: Value = mentor
        .get(app.url("/api/v1/mentor/inbox"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let item = inbox["items"][0]["id"].as_str().expect("id");
    let res = mentor
        .post(app.url(&format!("/api/v1/mentor/inbox/{item}/answer")))
        .json(&json!({"answer": "Stop work, see the first aider; I'm on my way."}))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    drain(&app).await;
    let answer = graph.seen().last().expect("answer").body.clone();
    assert_eq!(answer["type"], "text");
    assert!(
        answer["text"]["body"]
            .as_str()
            .expect("text")
            .contains("I'm on my way"),
        "{answer}"
    );

    // STOP ends it: off on the Me page, the number forgotten, and no more replies.
    signed_webhook(&app, &inbound(WA_ID, "wamid.in3", "STOP", app.now() / 1000)).await;
    let status: Value = me
        .get(app.url("/api/v1/coach/whatsapp"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(status["on"], false);
    let before = graph.seen().len();
    signed_webhook(
        &app,
        &inbound(WA_ID, "wamid.in4", "hello again", app.now() / 1000),
    )
    .await;
    assert!(drain(&app).await.is_empty());
    assert_eq!(graph.seen().len(), before);
    graph.assert_well_formed();
}
both_backends!(an_apprentice_asks_the_coach_on_whatsapp);

/// 2026-11 (London is on UTC) day `d`, `h:m`.
fn nov(d: u32, h: u32, m: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("date")
        .and_utc()
        .timestamp_millis()
}

async fn tick(app: &TestApp) -> usize {
    nudges::schedule(&app.db, app.now())
        .await
        .expect("schedule");
    let mut sent = 0;
    loop {
        match nudges::run_next(&app.db, &app.state.public_url, app.now())
            .await
            .expect("run")
        {
            Turn::Idle => return sent,
            Turn::Sent(_) => sent += 1,
            Turn::Skipped => {}
        }
    }
}

/// The demo library on a server with WhatsApp on (to the stand-in), on 17 November at 10:00.
async fn lapse_story(backend: Backend) -> Option<(TestApp, GraphStandIn, Clock)> {
    let graph = GraphStandIn::start().await;
    let clock = Clock::fixed(nov(17, 10, 0));
    let g = graph.clone();
    let app = app_with_lessons_set(backend, clock.clone(), move |s| with_whatsapp(s, &g)).await?;
    Some((app, graph, clock))
}

async fn a_lapsed_apprentice_gets_one_lapse_template_at_their_morning(backend: Backend) {
    let Some((app, graph, clock)) = lapse_story(backend).await else {
        return;
    };
    sign_up(&app, "wa-away@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let at = chrono::DateTime::from_timestamp_millis(app.now())
        .expect("now")
        .to_rfc3339();
    let watched = json!({"interactions": [{"id": uuid::Uuid::now_v7().to_string(),
        "content_id": feed["items"][0]["content_id"], "kind": "watched", "occurred_at": at,
        "time_spent_s": 60.0}]});
    assert_eq!(
        app.post_json("/api/v1/interactions", &watched)
            .await
            .status(),
        StatusCode::OK
    );
    opt_in(&app, &app.client).await;

    // Three days on, at ten past eight: the nudge, and its WhatsApp message queued with it.
    // The learner has not written on WhatsApp, so it must go as the approved template.
    clock.advance(nov(20, 8, 10) - nov(17, 10, 0));
    assert!(tick(&app).await >= 1);
    let queued = "SELECT COUNT(*) FROM whatsapp_messages WHERE direction = 'out'";
    assert_eq!(count(&app, queued).await, 1);

    // Meta has trouble: a 500 is retried after a minute, not at once.
    graph.script(Scripted(500, 131_000, None));
    let first = drain(&app).await;
    assert!(matches!(first.as_slice(), [Sent::Later(_)]), "{first:?}");
    assert!(drain(&app).await.is_empty(), "retried at once");

    // The server restarts mid-send: a sender took the message and died. Its lease runs out and
    // the next sender (any instance) sends it; the scheduler, run again, adds nothing.
    clock.advance(61_000);
    {
        let mut conn = app.db.pool.acquire().await.expect("conn");
        let taken = services::store::jobs::claim(
            &mut conn,
            services::store::jobs::JobKind::WhatsApp,
            app.now(),
        )
        .await
        .expect("claim");
        assert!(taken.is_some());
    }
    assert!(drain(&app).await.is_empty());
    clock.advance(services::store::jobs::LEASE_MS + 1_000);
    tick(&app).await;
    assert_eq!(count(&app, queued).await, 1);
    let sent = drain(&app).await;
    assert!(matches!(sent.as_slice(), [Sent::Accepted(..)]), "{sent:?}");
    for _ in 0..3 {
        clock.advance(60_000);
        tick(&app).await;
        assert!(drain(&app).await.is_empty());
    }

    graph.assert_well_formed();
    let seen = graph.seen();
    let accepted: Vec<&Value> = seen.iter().skip(1).map(|s| &s.body).collect();
    assert_eq!(accepted.len(), 1, "{accepted:?}");
    let t = &accepted[0]["template"];
    assert_eq!(accepted[0]["type"], "template");
    assert_eq!(t["name"], "flowline_come_back");
    assert_eq!(t["language"]["code"], "en_GB");
    let params = &t["components"][0]["parameters"];
    assert_eq!(params[0]["text"], "3", "{t}");
    assert!(params[1]["text"].is_string(), "{t}");
    let thread = app.get_json("/api/v1/coach").await;
    let nudges_in_app = thread["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["kind"] == "nudge")
        .count();
    assert_eq!(nudges_in_app, 1);
}
both_backends!(a_lapsed_apprentice_gets_one_lapse_template_at_their_morning);

async fn ask(app: &TestApp, text: &str) {
    let body = inbound(WA_ID, &format!("wamid.{text}"), text, app.now() / 1000);
    signed_webhook(app, &body).await;
}

async fn a_rate_limit_or_a_policy_refusal_is_not_retried_blindly(backend: Backend) {
    let Some((app, graph, clock)) = lapse_story(backend).await else {
        return;
    };
    sign_up(&app, "wa-limits@example.com").await;
    opt_in(&app, &app.client).await;

    // 429 asking for an hour: nothing more until then.
    graph.script(Scripted(429, 130_429, Some(3600)));
    ask(&app, "what is a joint").await;
    assert!(matches!(drain(&app).await.as_slice(), [Sent::Later(_)]));
    clock.advance(30 * 60_000);
    assert!(drain(&app).await.is_empty(), "retried inside Meta's hour");
    clock.advance(31 * 60_000);
    assert!(matches!(drain(&app).await.as_slice(), [Sent::Accepted(..)]));

    // A policy refusal (account restricted) is failed for good, with Meta's reason kept.
    graph.script(Scripted(400, 368, None));
    ask(&app, "and a cable").await;
    assert!(matches!(drain(&app).await.as_slice(), [Sent::Dropped(_)]));
    clock.advance(3_600_000);
    assert!(drain(&app).await.is_empty());
    let (status, error): (String, Option<String>) = sqlx::query_as(
        "SELECT status, error FROM whatsapp_messages WHERE direction = 'out' \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .fetch_one(&mut *app.db.pool.acquire().await.expect("conn"))
    .await
    .expect("row");
    assert_eq!(status, "failed");
    assert!(error.unwrap_or_default().contains("368"));
    assert_eq!(graph.seen().len(), 3);
}
both_backends!(a_rate_limit_or_a_policy_refusal_is_not_retried_blindly);
