//! Stories of the tamper-evident trail: a learner's answers and their mentor's sign-off are
//! chained as they happen; anyone who edits, deletes, re-orders or slips in evidence by hand —
//! even one who recomputes every later hash — is named by `flowline evidence verify`.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::{practise_s3, sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::evidence::canonical::{self, link_hash};
use services::evidence::trail::{verify, VerifyReport};
use services::evidence::{anchor, SYSTEM_CHAIN};
use services::store::evidence as chain;
use services::store::interactions;

const LEARNER: &str = "learner@demo.flowline.test";

async fn exec(app: &TestApp, sql: &str, binds: &[&str]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&app.db.pool).await.expect(sql);
}

async fn verified(app: &TestApp) -> VerifyReport {
    verify(&app.db, None).await.expect("verify")
}

/// The one chain that broke, and how.
fn only_break(report: &VerifyReport) -> (String, i64, String, String) {
    assert!(!report.ok, "expected a break: {report:?}");
    assert_eq!(report.broken.len(), 1, "{report:?}");
    let b = &report.broken[0];
    (b.chain.clone(), b.seq, b.ref_id.clone(), b.problem.clone())
}

async fn every_change_to_stored_evidence_is_named_by_verify(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 3).await;
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let watched = json!({"learner_id": learner_id, "ksb_codes": ["S3"],
        "note": "Straight joint, clean preparation.", "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(&app, &mentor, &watched).await.status(),
        StatusCode::CREATED
    );

    // Untouched evidence verifies: three answers and a sign-off on the learner's chain, the
    // standard's import on the system chain; the command line agrees.
    let report = verified(&app).await;
    assert!(report.ok, "{report:?}");
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let links = chain::records(&mut conn, &learner_id).await.expect("links");
    let kinds: Vec<&str> = links.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["interaction", "interaction", "interaction", "observation"]
    );
    let system = chain::records(&mut conn, SYSTEM_CHAIN)
        .await
        .expect("system");
    assert!(
        system.iter().any(|r| r.kind == "standard_imported"),
        "{system:?}"
    );
    // Ids only: no name or e-mail is inside what is hashed.
    assert!(system
        .iter()
        .all(|r| !r.payload.as_deref().unwrap_or("").contains('@')));
    server::cli::evidence::verify_cmd(&app.cli_settings(), None)
        .await
        .expect("the command line verifies untouched evidence");
    let first_anchor = anchor::anchor(&app.db, services::now_ms())
        .await
        .expect("anchor")
        .expect("heads moved since no anchor");
    assert!(anchor::anchor(&app.db, services::now_ms())
        .await
        .expect("again")
        .is_none());
    let log = interactions::for_learner(&mut conn, &learner_id.as_str().into())
        .await
        .expect("log");
    drop(conn);
    let second = &links[1];

    // 1. An answer's row edited by hand: named, by its link; put back, it verifies again.
    exec(
        &app,
        "UPDATE interactions SET time_spent_s = 99 WHERE id = $1",
        &[&second.ref_id],
    )
    .await;
    let (c, seq, r, problem) = only_break(&verified(&app).await);
    assert_eq!(
        (c.as_str(), seq, r.as_str()),
        (learner_id.as_str(), 2, second.ref_id.as_str())
    );
    assert!(
        problem.contains("changed after it was recorded"),
        "{problem}"
    );
    let cli = server::cli::evidence::verify_cmd(&app.cli_settings(), None).await;
    assert!(cli.is_err(), "the command line fails on a broken chain");
    let by_learner = verify(&app.db, Some(&learner_id))
        .await
        .expect("verify one");
    assert_eq!(by_learner.broken.len(), 1, "{by_learner:?}");
    exec(
        &app,
        "UPDATE interactions SET time_spent_s = 12 WHERE id = $1",
        &[&second.ref_id],
    )
    .await;
    assert!(verified(&app).await.ok);

    // 2. A row deleted: named as missing.
    exec(
        &app,
        "DELETE FROM interactions WHERE id = $1",
        &[&second.ref_id],
    )
    .await;
    let (_, seq, r, problem) = only_break(&verified(&app).await);
    assert_eq!((seq, r.as_str()), (2, second.ref_id.as_str()));
    assert!(problem.contains("missing"), "{problem}");
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let row = log.iter().find(|i| i.id == second.ref_id).expect("row");
    assert!(interactions::append(&mut conn, row)
        .await
        .expect("put back"));
    drop(conn);
    assert!(verified(&app).await.ok);

    // 3. Two links swapped: the order no longer holds.
    exec(
        &app,
        "UPDATE evidence_records SET seq = -1 WHERE chain_id = $1 AND seq = 1",
        &[&learner_id],
    )
    .await;
    exec(
        &app,
        "UPDATE evidence_records SET seq = 1 WHERE chain_id = $1 AND seq = 2",
        &[&learner_id],
    )
    .await;
    exec(
        &app,
        "UPDATE evidence_records SET seq = 2 WHERE chain_id = $1 AND seq = -1",
        &[&learner_id],
    )
    .await;
    let (_, seq, _, problem) = only_break(&verified(&app).await);
    assert_eq!(seq, 1);
    assert!(problem.contains("re-ordered"), "{problem}");
    exec(
        &app,
        "UPDATE evidence_records SET seq = -1 WHERE chain_id = $1 AND seq = 1",
        &[&learner_id],
    )
    .await;
    exec(
        &app,
        "UPDATE evidence_records SET seq = 1 WHERE chain_id = $1 AND seq = 2",
        &[&learner_id],
    )
    .await;
    exec(
        &app,
        "UPDATE evidence_records SET seq = 2 WHERE chain_id = $1 AND seq = -1",
        &[&learner_id],
    )
    .await;
    assert!(verified(&app).await.ok);

    // 4. An answer slipped into the log by hand: in the database, not in the chain.
    let mut forged = row.clone();
    forged.id = uuid::Uuid::now_v7().to_string();
    let mut conn = app.db.pool.acquire().await.expect("conn");
    interactions::append(&mut conn, &forged)
        .await
        .expect("forge");
    drop(conn);
    let (_, seq, r, problem) = only_break(&verified(&app).await);
    assert_eq!((seq, r.as_str()), (0, forged.id.as_str()));
    assert!(problem.contains("not in the chain"), "{problem}");
    exec(
        &app,
        "DELETE FROM interactions WHERE id = $1",
        &[&forged.id],
    )
    .await;

    // 5. The mentor's note edited: the sign-off is named.
    exec(
        &app,
        "UPDATE observations SET notes = 'Poor joint.' WHERE learner_id = $1",
        &[&learner_id],
    )
    .await;
    let (_, seq, _, problem) = only_break(&verified(&app).await);
    assert_eq!(seq, 4);
    assert!(problem.contains("observation was changed"), "{problem}");
    exec(&app, "UPDATE observations SET notes = 'Straight joint, clean preparation.' WHERE learner_id = $1", &[&learner_id]).await;
    assert!(verified(&app).await.ok);

    // 6. An admin act rewritten in the system chain.
    let import = system
        .iter()
        .find(|r| r.kind == "standard_imported")
        .expect("import");
    let original = import.payload.clone().expect("payload");
    let forged_act = original.replace("ST1332", "ST9999");
    set_payload(&app, import.seq, &forged_act).await;
    let (c, _, _, problem) = only_break(&verified(&app).await);
    assert_eq!(c, SYSTEM_CHAIN);
    assert!(problem.contains("recorded event was changed"), "{problem}");
    set_payload(&app, import.seq, &original).await;
    assert!(verified(&app).await.ok);

    // 7. A careful forger edits an answer AND recomputes every later hash and the head: the
    // chain walks clean, but the anchor taken earlier no longer matches.
    let mut tampered = row.clone();
    tampered.answers[0].correct = !tampered.answers[0].correct;
    exec(
        &app,
        "UPDATE interactions SET answers = $1 WHERE id = $2",
        &[
            &serde_json::to_string(&tampered.answers).expect("json"),
            &tampered.id,
        ],
    )
    .await;
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let mut rewritten = chain::records(&mut conn, &learner_id).await.expect("links");
    drop(conn);
    rewritten[1].content_hash = canonical::content_hash(&canonical::interaction(&tampered));
    for n in 1..rewritten.len() {
        rewritten[n].prev_hash = rewritten[n - 1].hash.clone();
        rewritten[n].hash = link_hash(&rewritten[n]);
        let r = &rewritten[n];
        sqlx::query("UPDATE evidence_records SET content_hash = $1, prev_hash = $2, hash = $3 WHERE chain_id = $4 AND seq = $5")
            .bind(&r.content_hash).bind(&r.prev_hash).bind(&r.hash).bind(&r.chain_id).bind(r.seq)
            .execute(&app.db.pool).await.expect("rewrite");
    }
    let last = rewritten.last().expect("last");
    sqlx::query("UPDATE evidence_heads SET hash = $1 WHERE chain_id = $2")
        .bind(&last.hash)
        .bind(&learner_id)
        .execute(&app.db.pool)
        .await
        .expect("head");
    let (c, seq, _, problem) = only_break(&verified(&app).await);
    assert_eq!((c.as_str(), seq), (learner_id.as_str(), last.seq));
    assert!(
        problem.contains(&format!("anchor {}", first_anchor.seq)),
        "{problem}"
    );

    // The admin sees the same report over the API; nobody else may ask.
    let admin = signed_in(&app, "admin@demo.flowline.test", DEMO_PASSWORD).await;
    let url = app.url(&format!(
        "/api/v1/admin/evidence/verify?learner={learner_id}"
    ));
    let over_api: Value = admin
        .get(&url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(over_api["ok"], false, "{over_api}");
    assert_eq!(over_api["broken"][0]["chain"], learner_id.as_str());
    let (status, _) = error_of(learner.get(&url).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let nobody = app.url("/api/v1/admin/evidence/verify?learner=nobody");
    let (status, _) = error_of(admin.get(&nobody).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(every_change_to_stored_evidence_is_named_by_verify);

async fn set_payload(app: &TestApp, seq: i64, payload: &str) {
    sqlx::query("UPDATE evidence_records SET payload = $1 WHERE chain_id = $2 AND seq = $3")
        .bind(payload)
        .bind(SYSTEM_CHAIN)
        .bind(seq)
        .execute(&app.db.pool)
        .await
        .expect("payload");
}

async fn evidence_from_before_the_trail_is_chained_once_at_start(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;
    practise_s3(&app, &learner, 2).await;
    // As a database from before the trail: the evidence, no chain.
    exec(
        &app,
        "DELETE FROM evidence_records WHERE chain_id = $1",
        &[&learner_id],
    )
    .await;
    exec(
        &app,
        "DELETE FROM evidence_heads WHERE chain_id = $1",
        &[&learner_id],
    )
    .await;
    let (_, seq, _, problem) = only_break(&verified(&app).await);
    assert_eq!(seq, 0);
    assert!(problem.contains("not in the chain"), "{problem}");

    let n = services::evidence::backfill(&app.db, services::now_ms())
        .await
        .expect("backfill");
    assert_eq!(n, 1);
    assert!(verified(&app).await.ok);
    // Once: a learner with a chain is left alone.
    let again = services::evidence::backfill(&app.db, services::now_ms())
        .await
        .expect("again");
    assert_eq!(again, 0);
}
both_backends!(evidence_from_before_the_trail_is_chained_once_at_start);

/// Training approved before the chain carried it is chained once at the next start; an
/// approved row that appears later without a link is reported, never adopted.
async fn training_approved_before_the_chain_carried_it_is_chained_once(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner_id = user_id(&app, LEARNER).await;
    let now = services::now_ms();
    let today = chrono::Utc::now().date_naive().to_string();
    for (id, unchained) in [("before-the-upgrade", "1"), ("slipped-in-by-hand", "0")] {
        exec(
            &app,
            &format!(
                "INSERT INTO otj_logs (id, learner_id, activity, occurred_on, minutes, description, \
                 ksb_codes, created_at, status, decided_by, decided_at, unchained) \
                 VALUES ($1, $2, 'classroom', '{today}', 120, 'Cable jointing theory', 'K1', {now}, \
                 'approved', $2, {now}, {unchained})"
            ),
            &[id, &learner_id],
        )
        .await;
    }
    services::evidence::backfill(&app.db, now)
        .await
        .expect("backfill");
    let (_, _, ref_id, problem) = only_break(&verified(&app).await);
    assert_eq!(ref_id, "slipped-in-by-hand", "{problem}");
    assert!(
        problem.contains("training is in the database but not in the chain"),
        "{problem}"
    );
    // The chained one is not chained twice.
    services::evidence::backfill(&app.db, now)
        .await
        .expect("again");
    let links: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evidence_records WHERE kind = 'training' AND ref_id = 'before-the-upgrade'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(links, 1);
}
both_backends!(training_approved_before_the_chain_carried_it_is_chained_once);
