//! Stories of the standards library: an admin imports the official document; everyone
//! signed in reads it; a bad document leaves no trace; a new version keeps history.

use crate::both_backends;
use crate::helpers::{error_of, new_client, spawn_app, Backend, TestApp};
use flowline_core::domain::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn document(version: &str, knowledges: Value) -> Value {
    json!({
        "referenceNumber": "ST0999",
        "title": "Overhead line worker",
        "version": version,
        "level": 3,
        "typicalDuration": 24,
        "knowledges": knowledges,
        "skills": [
            {"skillId": "S-GUID-1", "detail": "Climb a wood pole safely"},
            {"skillId": "S-GUID-2", "detail": "Fit a pole-mounted transformer"}
        ],
        "behaviours": [{"behaviourId": "B-GUID-1", "detail": "Puts safety first", "extra": 1}],
        "duties": [{"dutyId": "d1", "dutyDetail": "Maintain lines", "mappedKnowledge": ["K-GUID-1"]}]
    })
}

fn three_knowledges() -> Value {
    json!([
        {"knowledgeId": "K-GUID-1", "detail": "ESQCR clearances"},
        {"knowledgeId": "K-GUID-2", "detail": "Conductor types"},
        {"knowledgeId": "K-GUID-3", "detail": "Safety documents"}
    ])
}

async fn signed_in_as(app: &TestApp, role: Role) {
    let email = format!("{role}@example.com");
    app.create_user(&email, "a-long-password", role).await;
    assert_eq!(
        app.login(&email, "a-long-password").await.status(),
        StatusCode::OK
    );
}

async fn an_admin_imports_a_standard_and_a_learner_reads_its_ksbs(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    signed_in_as(&app, Role::Admin).await;
    let res = app
        .post_json(
            "/api/v1/admin/standards/import",
            &document("1.0", three_knowledges()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let report: Value = res.json().await.expect("json");
    assert_eq!(
        (
            report["knowledges"].as_u64(),
            report["skills"].as_u64(),
            report["behaviours"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(report["created"], 6);

    signed_in_as(&app, Role::Learner).await;
    let detail: Value = app.get_json("/api/v1/standards/st0999").await;
    assert_eq!(detail["reference"], "ST0999");
    assert_eq!(detail["source"], "official");
    assert_eq!(detail["typical_duration_months"], 24);
    let codes: Vec<&str> = detail["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .filter_map(|k| k["code"].as_str())
        .collect();
    assert_eq!(codes, ["K1", "K2", "K3", "S1", "S2", "B1"]);
    assert_eq!(detail["ksbs"][1]["text"], "Conductor types");
    assert_eq!(detail["ksbs"][1]["kind"], "knowledge");
    assert_eq!(detail["ksbs"][1]["guid"], "k-guid-2");

    let list: Value = app.get_json("/api/v1/standards").await;
    assert_eq!(list[0]["ksb_count"], 6);
    assert_eq!(
        error_of(app.get("/api/v1/standards/ST0000").await).await.0,
        StatusCode::NOT_FOUND
    );
}
both_backends!(an_admin_imports_a_standard_and_a_learner_reads_its_ksbs);

async fn only_admins_may_import(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let doc = document("1.0", three_knowledges());
    let (status, _) = error_of(app.post_json("/api/v1/admin/standards/import", &doc).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for role in [Role::Learner, Role::Mentor, Role::Assessor] {
        signed_in_as(&app, role).await;
        let (status, err) =
            error_of(app.post_json("/api/v1/admin/standards/import", &doc).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        assert_eq!(err["code"], "forbidden");
    }
    assert_eq!(
        error_of(app.get("/api/v1/standards/ST0999").await).await.0,
        StatusCode::NOT_FOUND
    );
}
both_backends!(only_admins_may_import);

async fn a_malformed_document_is_refused_and_leaves_no_trace(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    signed_in_as(&app, Role::Admin).await;
    let mut missing_detail = document("1.0", three_knowledges());
    missing_detail["skills"][1] = json!({"skillId": "S-GUID-2"});
    let mut duplicate = document("1.0", three_knowledges());
    duplicate["behaviours"][0]["behaviourId"] = json!("K-GUID-2");
    let mut wrong_type = document("1.0", three_knowledges());
    wrong_type["knowledges"][2]["detail"] = json!(7);
    for (doc, field) in [
        (missing_detail, "skills[1].detail"),
        (duplicate, "behaviours[0].behaviourId"),
        (wrong_type, "knowledges[2].detail"),
    ] {
        let (status, err) =
            error_of(app.post_json("/api/v1/admin/standards/import", &doc).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(err["field"], field);
        assert!(
            err["message"].as_str().is_some_and(|m| m.contains(field)),
            "{err}"
        );
    }
    let list: Value = app.get_json("/api/v1/standards").await;
    assert_eq!(list, json!([]), "nothing was imported");
}
both_backends!(a_malformed_document_is_refused_and_leaves_no_trace);

async fn a_new_version_keeps_ksbs_matched_by_official_id(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    signed_in_as(&app, Role::Admin).await;
    app.post_json(
        "/api/v1/admin/standards/import",
        &document("1.0", three_knowledges()),
    )
    .await;
    let ksb_id = |guid: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT id FROM ksbs WHERE official_guid = $1")
                .bind(guid)
                .fetch_one(&pool)
                .await
                .expect("ksb")
        }
    };
    let conductor_types = ksb_id("k-guid-2").await;

    // A lesson is mapped to "Conductor types" (K2) before the new version arrives.
    let standard_id: String =
        sqlx::query_scalar("SELECT id FROM standards WHERE reference = 'ST0999'")
            .fetch_one(&app.db.pool)
            .await
            .expect("standard");
    sqlx::query("INSERT INTO content (id, standard_id, slug, title, difficulty, created_at, updated_at) VALUES ('c1', $1, 'lesson', 'Lesson', 2, 0, 0)")
        .bind(&standard_id)
        .execute(&app.db.pool)
        .await
        .expect("content");
    sqlx::query("INSERT INTO content_ksbs (content_id, ksb_id, weight) VALUES ('c1', $1, 1.0)")
        .bind(&conductor_types)
        .execute(&app.db.pool)
        .await
        .expect("mapping");

    // Version 2 drops K1, puts K2 first and adds a new one.
    let v2 = json!([
        {"knowledgeId": "K-GUID-2", "detail": "Conductor types and sizes"},
        {"knowledgeId": "K-GUID-3", "detail": "Safety documents"},
        {"knowledgeId": "K-GUID-4", "detail": "Live-line working methods"}
    ]);
    let preview: Value = app
        .post_json(
            "/api/v1/admin/standards/import?dry_run=true",
            &document("2.0", v2.clone()),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (
            preview["created"].as_u64(),
            preview["updated"].as_u64(),
            preview["retired"].as_u64()
        ),
        (Some(1), Some(5), Some(1))
    );
    assert_eq!(preview["dry_run"], true);
    let still_v1: Value = app.get_json("/api/v1/standards/ST0999").await;
    assert_eq!(still_v1["version"], "1.0", "a preview writes nothing");

    let res = app
        .post_json("/api/v1/admin/standards/import", &document("2.0", v2))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let detail: Value = app.get_json("/api/v1/standards/ST0999").await;
    assert_eq!(detail["version"], "2.0");
    assert_eq!(detail["ksbs"][0]["code"], "K1");
    assert_eq!(detail["ksbs"][0]["text"], "Conductor types and sizes");
    assert_eq!(detail["ksbs"].as_array().map(Vec::len), Some(6));

    // The same KSB row (and so the lesson mapping and any learner history) carries on as K1.
    assert_eq!(ksb_id("k-guid-2").await, conductor_types);
    let mapped_code: String = sqlx::query_scalar("SELECT k.code FROM content_ksbs m JOIN ksbs k ON k.id = m.ksb_id WHERE m.content_id = 'c1'")
        .fetch_one(&app.db.pool)
        .await
        .expect("mapping");
    assert_eq!(mapped_code, "K1");
    let retired: Option<i64> =
        sqlx::query_scalar("SELECT retired_at FROM ksbs WHERE official_guid = 'k-guid-1'")
            .fetch_one(&app.db.pool)
            .await
            .expect("retired row kept");
    assert!(retired.is_some());
}
both_backends!(a_new_version_keeps_ksbs_matched_by_official_id);

async fn demo_mode_loads_an_illustrative_st1332_that_the_official_document_replaces(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = services::now_ms();
    services::demo::ensure_demo(&app.db, now)
        .await
        .expect("demo");
    services::demo::ensure_demo(&app.db, now)
        .await
        .expect("demo again");
    signed_in_as(&app, Role::Admin).await;

    let demo: Value = app.get_json("/api/v1/standards/ST1332").await;
    assert_eq!(demo["source"], "demo");
    let ksbs = demo["ksbs"].as_array().expect("ksbs");
    assert!(ksbs.len() >= 20, "{} KSBs", ksbs.len());
    let s3 = ksbs.iter().find(|k| k["code"] == "S3").expect("S3");
    assert_eq!(
        s3["prerequisites"],
        json!(["K3", "K6"]),
        "isolation needs the safety rules first"
    );
    assert!(s3["guid"].is_null(), "demo KSBs carry no official id");
    let k1_before: String = sqlx::query_scalar(
        "SELECT k.id FROM ksbs k JOIN standards s ON s.id = k.standard_id WHERE s.reference = 'ST1332' AND k.code = 'K1'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("K1");

    // The demo apprentice's feed says the KSB text is illustrative.
    let learner = new_client();
    let feed_html = || async {
        learner
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "learner@demo.flowline.test", "password": services::demo::DEMO_PASSWORD}))
            .send()
            .await
            .expect("login");
        learner
            .get(app.url("/"))
            .send()
            .await
            .expect("feed")
            .text()
            .await
            .expect("html")
    };
    assert!(feed_html().await.contains("Illustrative KSBs"));

    // The official document arrives: KSBs are matched by code, the rest retired.
    let mut official = document(
        "1.1",
        json!([{"knowledgeId": "OFF-K1", "detail": "Official K1 text"}]),
    );
    official["referenceNumber"] = json!("ST1332");
    let report: Value = app
        .post_json("/api/v1/admin/standards/import", &official)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(report["updated"], 4, "K1, S1, S2 and B1 carry on");
    let after: Value = app.get_json("/api/v1/standards/ST1332").await;
    assert_eq!(after["source"], "official");
    assert_eq!(after["ksbs"][0]["text"], "Official K1 text");
    assert_eq!(after["ksbs"][0]["guid"], "off-k1");
    let k1_after: String = sqlx::query_scalar("SELECT id FROM ksbs WHERE official_guid = 'off-k1'")
        .fetch_one(&app.db.pool)
        .await
        .expect("K1");
    assert_eq!(
        k1_before, k1_after,
        "the same KSB row, so mappings and history stay"
    );

    assert!(!feed_html().await.contains("Illustrative KSBs"));

    // Restarting in demo mode never puts the demo text back over the official one.
    services::demo::ensure_demo(&app.db, now)
        .await
        .expect("demo after official");
    let still: Value = app.get_json("/api/v1/standards/ST1332").await;
    assert_eq!(still["source"], "official");
    assert_eq!(still["version"], "1.1");
}
both_backends!(demo_mode_loads_an_illustrative_st1332_that_the_official_document_replaces);
