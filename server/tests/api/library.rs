//! Stories of an admin keeping the KSB library: the official standard is previewed before it
//! is imported (what is added, changed and retired; nothing written), a KSB's text and
//! prerequisites are edited (a circle is refused and named), the standard's OTJ minimum and
//! duration are set. Every change is an act on the evidence trail.

use crate::both_backends;
use crate::helpers::learning::demo_app;
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

fn demo_document() -> Value {
    serde_json::from_str(include_str!("../../../content/standards/ST1332.demo.json"))
        .expect("demo standard")
}

async fn detail(app: &TestApp, who: &Client) -> Value {
    let res = who
        .get(app.url("/api/v1/standards/ST1332"))
        .send()
        .await
        .expect("detail");
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

fn ksb<'a>(detail: &'a Value, code: &str) -> &'a Value {
    detail["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {detail}"))
}

async fn a_changed_standard_is_previewed_and_nothing_is_written_until_it_is_imported(
    backend: Backend,
) {
    let Some(app) = demo_app(backend, Clock::System, |_| {}).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let before = detail(&app, &admin).await;

    // The official document: K1 reworded, the last behaviour gone, a new skill.
    let mut doc = demo_document();
    doc["version"] = json!("1.1");
    doc["knowledges"][0]["detail"] = json!(
        "Electricity at Work Regulations 1989: duties when working on or near live conductors."
    );
    doc["behaviours"].as_array_mut().expect("behaviours").pop();
    doc["skills"].as_array_mut().expect("skills").push(
        json!({"skillId": "s-new", "detail": "Install and test a low voltage service cut-out."}),
    );

    let res = admin
        .post(app.url("/api/v1/admin/standards/import?dry_run=true"))
        .json(&doc)
        .send()
        .await
        .expect("preview");
    assert_eq!(res.status(), StatusCode::OK);
    let preview: Value = res.json().await.expect("json");
    assert_eq!(preview["dry_run"], true);
    let changes = preview["changes"].as_array().expect("changes");
    let of = |code: &str| changes.iter().find(|c| c["code"] == code).cloned();
    let k1 = of("K1").expect("K1 changes");
    assert_eq!(k1["change"], "changed");
    assert_eq!(k1["before"], ksb(&before, "K1")["text"]);
    assert_eq!(k1["after"], doc["knowledges"][0]["detail"]);
    assert_eq!(of("S11").expect("S11 is added")["change"], "added");
    let b6 = of("B6").expect("B6 is retired");
    assert_eq!(
        (b6["change"].as_str(), b6["after"].is_null()),
        (Some("retired"), true)
    );
    assert_eq!(
        changes.len(),
        3,
        "unchanged KSBs are not listed: {changes:?}"
    );
    assert_eq!(
        detail(&app, &admin).await,
        before,
        "a preview writes nothing"
    );

    let res = admin
        .post(app.url("/api/v1/admin/standards/import"))
        .json(&doc)
        .send()
        .await
        .expect("import");
    assert_eq!(res.status(), StatusCode::CREATED);
    let after = detail(&app, &admin).await;
    assert_eq!(ksb(&after, "K1")["text"], doc["knowledges"][0]["detail"]);
    assert_eq!(
        ksb(&after, "S11")["text"],
        "Install and test a low voltage service cut-out."
    );
    assert!(after["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .all(|k| k["code"] != "B6"));
    assert_eq!(
        ksb(&after, "S3")["prerequisites"],
        ksb(&before, "S3")["prerequisites"],
        "curated prerequisites stay"
    );

    // The same document again changes nothing, and says so.
    let again: Value = admin
        .post(app.url("/api/v1/admin/standards/import?dry_run=true"))
        .json(&doc)
        .send()
        .await
        .expect("preview")
        .json()
        .await
        .expect("json");
    assert_eq!(again["changes"], json!([]));

    // A broken document names the field and index, over REST and through the page's server fn.
    doc["skills"][2]["detail"] = json!("  ");
    let (status, err) = error_of(
        admin
            .post(app.url("/api/v1/admin/standards/import?dry_run=true"))
            .json(&doc)
            .send()
            .await
            .expect("bad"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("skills[2].detail"))
    );
    let res = admin
        .post(app.url("/rpc/library/import"))
        .json(&json!({"text": "{\"referenceNumber\": \"ST1332\",", "dry_run": true}))
        .send()
        .await
        .expect("rpc");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["field"], "document");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("line 1"),
        "{body}"
    );
}
both_backends!(a_changed_standard_is_previewed_and_nothing_is_written_until_it_is_imported);

async fn an_admin_edits_a_ksb_and_a_circle_of_prerequisites_is_refused(backend: Backend) {
    let Some(app) = demo_app(backend, Clock::System, |_| {}).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let edit = |code: &str, body: Value| {
        admin
            .put(app.url(&format!("/api/v1/admin/standards/ST1332/ksbs/{code}")))
            .json(&body)
            .send()
    };
    // S3 already needs K3 and K6: K3 needing S3 would close a circle. Refused, named, nothing written.
    let before = detail(&app, &admin).await;
    let (status, err) = error_of(
        edit(
            "K3",
            json!({"text": ksb(&before, "K3")["text"], "prerequisites": ["S3"]}),
        )
        .await
        .expect("edit"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "prerequisites");
    assert_eq!(
        err["message"],
        "K3 cannot need S3: S3 already needs K3 (S3 → K3)."
    );
    // A longer way round: S7 needs S3, S3 needs K6; K6 needing S7 closes S7 → S3 → K6.
    let (_, err) = error_of(
        edit("K6", json!({"text": "x", "prerequisites": ["s7"]}))
            .await
            .expect("edit"),
    )
    .await;
    assert_eq!(
        err["message"],
        "K6 cannot need S7: S7 already needs K6 (S7 → S3 → K6)."
    );
    let (_, err) = error_of(
        edit("K1", json!({"text": "x", "prerequisites": ["K99"]}))
            .await
            .expect("edit"),
    )
    .await;
    assert_eq!(err["message"], "There is no KSB K99 in ST1332.");
    let (_, err) = error_of(
        edit("K1", json!({"text": "   ", "prerequisites": []}))
            .await
            .expect("edit"),
    )
    .await;
    assert_eq!(err["field"], "text");
    let (status, _) = error_of(edit("K42", json!({"text": "x"})).await.expect("edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        detail(&app, &admin).await,
        before,
        "refused edits write nothing"
    );

    // A clear edit: K12 reworded and needing K4 as well as K6.
    let res = edit("K12", json!({"text": "  Cable fault location: pulse echo, bridge methods and surge generators.  ", "prerequisites": ["K6", "K4", "K6"]})).await.expect("edit");
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(
        saved["text"],
        "Cable fault location: pulse echo, bridge methods and surge generators."
    );
    assert_eq!(saved["prerequisites"], json!(["K4", "K6"]));
    assert_eq!(ksb(&detail(&app, &admin).await, "K12"), &saved);

    // The standard's settings; out-of-range values are refused with the field named.
    let patch = |body: Value| {
        admin
            .patch(app.url("/api/v1/admin/standards/ST1332"))
            .json(&body)
            .send()
    };
    let res = patch(json!({"otj_min_hours": 700, "typical_duration_months": 28}))
        .await
        .expect("patch");
    assert_eq!(res.status(), StatusCode::OK);
    let now = detail(&app, &admin).await;
    assert_eq!(
        (
            now["otj_min_hours"].as_i64(),
            now["typical_duration_months"].as_i64()
        ),
        (Some(700), Some(28))
    );
    let (_, err) = error_of(
        patch(json!({"otj_min_hours": 700, "typical_duration_months": 0}))
            .await
            .expect("patch"),
    )
    .await;
    assert_eq!(err["field"], "typical_duration_months");

    // Mentors cannot; each change is an act on the (still verifying) evidence trail.
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let res = mentor
        .put(app.url("/api/v1/admin/standards/ST1332/ksbs/K1"))
        .json(&json!({"text": "x"}))
        .send()
        .await
        .expect("edit");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let acts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evidence_records WHERE kind = 'standard_edited'")
            .fetch_one(&app.db.pool)
            .await
            .expect("acts");
    assert_eq!(acts, 2);
    let report = services::evidence::trail::verify(&app.db, None)
        .await
        .expect("verify");
    assert!(report.ok, "{report:?}");
}
both_backends!(an_admin_edits_a_ksb_and_a_circle_of_prerequisites_is_refused);
