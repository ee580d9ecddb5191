//! Stories of the LRS outbox: every statement of a learner's evidence is queued in the
//! transaction that stores it; forwarders share the queue without ever holding one statement
//! twice; an LRS that cannot be reached delays statements and loses none. (Delivery to a real
//! LRS — ralph — through an outage and a restart is `scripts/xapi-check.sh`.)

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::{practise_s3, sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::evidence::lrs::{self, LrsTarget};
use services::evidence::xapi::statement_id;
use services::store::lrs as outbox;

const LEARNER: &str = "learner@demo.flowline.test";

async fn status(app: &TestApp) -> Value {
    let admin = signed_in(app, "admin@demo.flowline.test", DEMO_PASSWORD).await;
    let res = admin
        .get(app.url("/api/v1/admin/evidence/lrs"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

async fn pending_ids(app: &TestApp, learner: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT kind, ref_id FROM lrs_outbox WHERE learner_id = $1 AND status = 'pending' \
         ORDER BY kind, ref_id",
    )
    .bind(learner)
    .fetch_all(&app.db.pool)
    .await
    .expect("outbox")
}

async fn evidence_waits_for_the_lrs_and_is_held_by_one_forwarder_at_a_time(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 2).await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let watched = json!({"learner_id": learner_id, "ksb_codes": ["S3"],
        "note": "Cable prepared to length.", "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(&app, &mentor, &watched).await.status(),
        StatusCode::CREATED
    );

    // Two answers and a sign-off: three statements queued, with the ids the API gives them.
    let queued = pending_ids(&app, &learner_id).await;
    assert_eq!(
        queued.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["interaction", "interaction", "observation"]
    );
    let chained: Vec<(String, String)> = sqlx::query_as(
        "SELECT kind, ref_id FROM evidence_records WHERE chain_id = $1 ORDER BY kind, ref_id",
    )
    .bind(&learner_id)
    .fetch_all(&app.db.pool)
    .await
    .expect("chain");
    assert_eq!(
        queued, chained,
        "one statement per chained piece of evidence"
    );
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT statement_id FROM lrs_outbox WHERE learner_id = $1")
            .bind(&learner_id)
            .fetch_all(&app.db.pool)
            .await
            .expect("ids");
    for (kind, id) in &queued {
        assert!(stored.contains(&statement_id(kind, id)));
    }
    // Without an LRS nothing is configured, and the admin sees what waits.
    let s = status(&app).await;
    assert_eq!(s["configured"], false);
    assert!(s["pending"].as_i64().expect("pending") >= 3, "{s}");
    assert_eq!(s["refused"], 0);

    // Two forwarders claim at once: no statement is held by both.
    let now = app.state.now_ms() + 1;
    let (mut a, mut b) = (
        app.db.pool.acquire().await.expect("a"),
        app.db.pool.acquire().await.expect("b"),
    );
    let (first, second) = tokio::join!(
        outbox::claim(&mut a, now, lrs::LEASE_MS, 1000),
        outbox::claim(&mut b, now, lrs::LEASE_MS, 1000)
    );
    let (first, second) = (first.expect("claim a"), second.expect("claim b"));
    let total = s["pending"].as_i64().expect("pending") as usize;
    assert_eq!(first.len() + second.len(), total);
    assert!(first
        .iter()
        .all(|p| second.iter().all(|q| q.statement_id != p.statement_id)));
    // Held: nobody takes them again until the lease runs out; then they are due again.
    assert!(outbox::claim(&mut a, now + 1, lrs::LEASE_MS, 1000)
        .await
        .expect("claim")
        .is_empty());
    let again = outbox::claim(&mut a, now + lrs::LEASE_MS + 1, lrs::LEASE_MS, 1000)
        .await
        .expect("claim");
    assert_eq!(again.len(), total);
    assert!(again.iter().all(|p| p.attempts == 2));
    drop((a, b));

    // An LRS that cannot be reached (nothing listens there): a real send fails, every
    // statement stays pending with the reason, none is refused, and it is due again later.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let endpoint = format!("http://{}/xAPI", closed.local_addr().expect("addr"));
    drop(closed);
    let target = LrsTarget {
        endpoint,
        username: "flowline".into(),
        password: "secret".into(),
    };
    let client = reqwest::Client::new();
    let later = now + 3 * lrs::LEASE_MS;
    let mut report = lrs::Report::default();
    loop {
        let r = lrs::forward_once(&app.db, &client, &target, &app.state.public_url, later)
            .await
            .expect("forward");
        if r.is_idle() {
            break;
        }
        report.later += r.later;
        report.sent += r.sent;
        report.refused += r.refused;
    }
    assert_eq!(report.sent + report.refused, 0, "{report:?}");
    assert_eq!(report.later, total);
    let s = status(&app).await;
    assert_eq!(s["pending"].as_i64(), Some(total as i64));
    assert_eq!(s["refused"], 0);
    let reasons: Vec<Option<String>> =
        sqlx::query_scalar("SELECT last_answer FROM lrs_outbox WHERE status = 'pending'")
            .fetch_all(&app.db.pool)
            .await
            .expect("reasons");
    assert!(reasons.iter().all(|r| r
        .as_deref()
        .is_some_and(|r| r.contains("could not reach the LRS"))));

    // Queuing is idempotent: a second backfill finds everything queued already.
    assert_eq!(lrs::backfill(&app.db, later).await.expect("backfill"), 0);
}
both_backends!(evidence_waits_for_the_lrs_and_is_held_by_one_forwarder_at_a_time);

async fn evidence_from_before_the_outbox_is_queued_once(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 2).await;
    // As if the evidence had been chained before statements were queued.
    sqlx::query("DELETE FROM lrs_outbox")
        .execute(&app.db.pool)
        .await
        .expect("empty");
    let queued = lrs::backfill(&app.db, app.state.now_ms())
        .await
        .expect("backfill");
    let chained: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evidence_records WHERE kind IN ('interaction', 'observation')",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(queued as i64, chained);
    assert_eq!(pending_ids(&app, &learner_id).await.len(), 2);
    assert_eq!(
        lrs::backfill(&app.db, app.state.now_ms())
            .await
            .expect("again"),
        0
    );
}
both_backends!(evidence_from_before_the_outbox_is_queued_once);
