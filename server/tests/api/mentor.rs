//! Stories of instructor mode: a mentor signs off live work of their own learners only, and the
//! sign-off shows on the learner's progress as evidence that lifts the quiz-only cap.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::practise_s3;
use crate::helpers::mentor::sign_off;
use crate::helpers::mentor::user_id;
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, new_client, Backend, TestApp};
use flowline_core::domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::store::{cohorts, standards};

const MENTOR: &str = "mentor@demo.flowline.test";
const LEARNER: &str = "learner@demo.flowline.test";
const ASSESSOR: &str = "assessor@demo.flowline.test";
const OTHER_MENTOR: &str = "night.mentor@example.com";
const OTHER_LEARNER: &str = "night.learner@example.com";
const PASSWORD: &str = "a-long-password";

/// A second cohort on ST1332 with its own mentor and learner.
async fn night_school(app: &TestApp) {
    app.create_user(OTHER_MENTOR, PASSWORD, Role::Mentor).await;
    app.create_user(OTHER_LEARNER, PASSWORD, Role::Learner)
        .await;
    let now = services::now_ms();
    let (mentor, learner) = (
        user_id(app, OTHER_MENTOR).await,
        user_id(app, OTHER_LEARNER).await,
    );
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let (standard, _, _) = standards::find(&mut conn, "ST1332")
        .await
        .expect("query")
        .expect("ST1332");
    let cohort = cohorts::ensure(&mut conn, "Night school", &standard, now)
        .await
        .expect("cohort");
    cohorts::add_member(&mut conn, &cohort, &mentor, Role::Mentor, now)
        .await
        .expect("mentor");
    cohorts::add_member(&mut conn, &cohort, &learner, Role::Learner, now)
        .await
        .expect("learner");
}

async fn ksb(app: &TestApp, learner: &Client, code: &str) -> Value {
    let progress: Value = learner
        .get(app.url("/api/v1/progress"))
        .send()
        .await
        .expect("progress")
        .json()
        .await
        .expect("json");
    progress["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("{code} in progress"))
}

async fn a_mentor_signs_off_their_own_learner_and_the_quiz_only_cap_lifts(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    night_school(&app).await;
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let learner_id = user_id(&app, LEARNER).await;

    // Quiz answers alone stop a Skill at 60 %.
    practise_s3(&app, &learner, 4).await;
    let s3 = ksb(&app, &learner, "S3").await;
    assert_eq!(s3["mastery"], 60.0, "{s3}");
    assert_eq!(s3["capped"], true);
    assert_eq!(s3["observations"], 0);

    let now = chrono::Utc::now().to_rfc3339();
    let watched = json!({"learner_id": learner_id, "ksb_codes": ["s3", "B1"],
        "note": "Straight joint on 11 kV, clean preparation.", "occurred_at": now});

    // Nobody but their own mentor may sign off, and a refusal writes nothing.
    let other_mentor = signed_in(&app, OTHER_MENTOR, PASSWORD).await;
    let (status, _) = error_of(sign_off(&app, &other_mentor, &watched).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another cohort's mentor");
    let (status, _) = error_of(sign_off(&app, &learner, &watched).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the learner themself");
    let assessor = signed_in(&app, ASSESSOR, DEMO_PASSWORD).await;
    let (status, _) = error_of(sign_off(&app, &assessor, &watched).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an assessor");
    let (status, _) = error_of(sign_off(&app, &new_client(), &watched).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a visitor");

    // Their mentor's mistakes are explained field by field.
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    for (body, field) in [
        (
            json!({"learner_id": learner_id, "ksb_codes": ["S99"], "note": "", "occurred_at": now}),
            "ksb_codes",
        ),
        (
            json!({"learner_id": learner_id, "ksb_codes": [], "note": "", "occurred_at": now}),
            "ksb_codes",
        ),
        (
            json!({"learner_id": learner_id, "ksb_codes": ["S3"], "note": "", "occurred_at": "yesterday"}),
            "occurred_at",
        ),
        (
            json!({"learner_id": learner_id, "ksb_codes": ["S3"], "note": "",
                "occurred_at": (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339()}),
            "occurred_at",
        ),
        (
            json!({"learner_id": learner_id, "ksb_codes": ["S3"], "note": "x".repeat(2001), "occurred_at": now}),
            "note",
        ),
    ] {
        let (status, err) = error_of(sign_off(&app, &mentor, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["field"], field, "{err}");
    }
    let (status, _) = error_of(
        sign_off(
            &app,
            &mentor,
            &json!({"learner_id": user_id(&app, OTHER_LEARNER).await,
            "ksb_codes": ["S3"], "note": "", "occurred_at": now}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a learner of another cohort");
    assert_eq!(
        ksb(&app, &learner, "S3").await["observations"],
        0,
        "nothing was written"
    );

    // Signed off: it is evidence on the learner's progress, past the cap.
    let res = sign_off(&app, &mentor, &watched).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.expect("json");
    assert_eq!(out["ksb_codes"], json!(["B1", "S3"]));
    assert_eq!(out["learner_id"], learner_id.as_str());
    let s3 = ksb(&app, &learner, "S3").await;
    assert_eq!(s3["observations"], 1);
    assert_eq!(s3["capped"], false);
    assert!(s3["mastery"].as_f64().expect("mastery") > 60.0, "{s3}");
    assert_eq!(ksb(&app, &learner, "B1").await["observations"], 1);

    // The other cohort's mentor signs off their own learner.
    let res = sign_off(
        &app,
        &other_mentor,
        &json!({"learner_id": user_id(&app, OTHER_LEARNER).await, "ksb_codes": ["S1"],
                "note": "", "occurred_at": now}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}
both_backends!(a_mentor_signs_off_their_own_learner_and_the_quiz_only_cap_lifts);

/// Alex gives his mentor his mobile number on Me: Morgan sees it on his page, one tap to call
/// or text; a mentor of another cohort never does; Alex takes it back and it is gone.
async fn an_apprentice_gives_their_mentor_a_number_and_takes_it_back(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    night_school(&app).await;
    let alex = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let morgan = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let id = user_id(&app, LEARNER).await;
    let page = format!("/api/v1/mentor/learners/{id}");
    let detail = |who: Client| {
        let url = app.url(&page);
        async move {
            let res = who.get(url).send().await.expect("detail");
            (
                res.status(),
                res.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    // Nothing shared until Alex gives it.
    assert!(detail(morgan.clone()).await.1["phone"].is_null());
    let put = |phone: Value| {
        let alex = alex.clone();
        let url = app.url("/api/v1/me/phone");
        async move {
            alex.put(url)
                .json(&json!({ "phone": phone }))
                .send()
                .await
                .expect("put")
        }
    };
    let (status, err) = error_of(put(json!("07700 900123")).await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("phone"))
    );
    let res = put(json!("+44 7700 900123")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["phone"],
        "+447700900123"
    );
    assert_eq!(detail(morgan.clone()).await.1["phone"], "+447700900123");
    // A mentor of another cohort does not even find Alex.
    let other = signed_in(&app, OTHER_MENTOR, PASSWORD).await;
    assert_eq!(detail(other).await.0, StatusCode::NOT_FOUND);
    // Only an apprentice gives a number.
    let res = morgan
        .put(app.url("/api/v1/me/phone"))
        .json(&json!({"phone": "+447700900999"}))
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Taken back: gone from Morgan's page.
    assert_eq!(put(Value::Null).await.status(), StatusCode::OK);
    assert!(detail(morgan).await.1["phone"].is_null());
}
both_backends!(an_apprentice_gives_their_mentor_a_number_and_takes_it_back);
