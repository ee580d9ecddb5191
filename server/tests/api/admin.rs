//! Stories of an admin keeping accounts and cohorts over REST: create people with a role,
//! put them in cohorts, change a role, deactivate; every mistake is named, nothing half-done.

use crate::both_backends;
use crate::helpers::people::add_member;
use crate::helpers::people::create_account;
use crate::helpers::people::create_cohort;
use crate::helpers::people::send;
use crate::helpers::people::signed_in;
use crate::helpers::people::ADMIN;
use crate::helpers::{error_of, spawn_app_with, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;

async fn an_admin_sets_up_a_cohort_and_keeps_its_people(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.demo = true).await else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let mentor = create_account(&app, &admin, "jo@example.com", "Jo Mentor", "mentor").await;
    let learner =
        create_account(&app, &admin, "ali@example.com", "Ali Apprentice", "learner").await;
    let cohort = create_cohort(&app, &admin, "North 2026").await;

    // Mistakes are named, field by field, and nothing is written.
    use reqwest::Method;
    for (path, body, status, field) in [
        (
            "/api/v1/admin/users",
            json!({"email": "not-an-email", "display_name": "X", "role": "learner", "password": "a-long-password"}),
            422,
            "email",
        ),
        (
            "/api/v1/admin/users",
            json!({"email": "jo@example.com", "display_name": "Jo Again", "role": "mentor", "password": "a-long-password"}),
            409,
            "email",
        ),
        (
            "/api/v1/admin/users",
            json!({"email": "x@example.com", "display_name": "X", "role": "learner", "password": "short"}),
            422,
            "password",
        ),
        (
            "/api/v1/admin/cohorts",
            json!({"name": "South", "standard": "ST9999"}),
            422,
            "standard",
        ),
        (
            "/api/v1/admin/cohorts",
            json!({"name": "North 2026", "standard": "ST1332"}),
            409,
            "name",
        ),
        (
            "/api/v1/admin/cohorts",
            json!({"name": "South", "standard": "ST1332", "desired_retention": 0.99}),
            422,
            "desired_retention",
        ),
    ] {
        let (got, err) = error_of(send(&app, &admin, Method::POST, path, &body).await).await;
        assert_eq!(got.as_u16(), status, "{body}: {err}");
        assert_eq!(err["field"], field, "{err}");
    }
    let (got, err) = error_of(add_member(&app, &admin, &cohort, &learner, "mentor").await).await;
    assert_eq!(
        (got.as_u16(), err["field"].as_str()),
        (422, Some("role")),
        "{err}"
    );
    let (got, _) =
        error_of(add_member(&app, &admin, "no-such-cohort", &learner, "learner").await).await;
    assert_eq!(got, StatusCode::NOT_FOUND);

    // The people join; the cohort lists them, mentors first.
    assert_eq!(
        add_member(&app, &admin, &cohort, &mentor, "mentor")
            .await
            .status(),
        StatusCode::CREATED
    );
    let res = add_member(&app, &admin, &cohort, &learner, "learner").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.expect("json");
    let names: Vec<&str> = out["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["display_name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Jo Mentor", "Ali Apprentice"]);
    let other = create_cohort(&app, &admin, "South 2026").await;
    let (got, err) = error_of(add_member(&app, &admin, &other, &learner, "learner").await).await;
    assert_eq!(
        (got, err["field"].as_str()),
        (StatusCode::CONFLICT, Some("user_id")),
        "one cohort per learner"
    );

    // The learner signs in and learns in the new cohort; the mentor sees them.
    let ali = signed_in(&app, "ali@example.com", "a-long-password").await;
    let me: Value = ali
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["cohorts"][0]["name"], "North 2026");
    let jo = signed_in(&app, "jo@example.com", "a-long-password").await;
    let board: Value = jo
        .get(app.url(&format!("/api/v1/mentor/cohorts/{cohort}/learners")))
        .send()
        .await
        .expect("board")
        .json()
        .await
        .expect("json");
    assert_eq!(board["learners"][0]["name"], "Ali Apprentice", "{board}");

    // Retention: checked, then every learner's schedule follows it.
    let res = send(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/v1/admin/cohorts/{cohort}"),
        &json!({"desired_retention": 0.85}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["desired_retention"],
        0.85
    );

    // An admin cannot lock themselves out.
    let admin_id = me_id(&app, &admin).await;
    let (got, _) = error_of(
        send(
            &app,
            &admin,
            Method::PATCH,
            &format!("/api/v1/admin/users/{admin_id}"),
            &json!({"deactivated": true}),
        )
        .await,
    )
    .await;
    assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY);

    // Deactivated: their session ends at once and they cannot sign in again.
    let res = send(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/v1/admin/users/{learner}"),
        &json!({"deactivated": true}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["deactivated"],
        true
    );
    assert_eq!(
        ali.get(app.url("/api/v1/me"))
            .send()
            .await
            .expect("me")
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("ali@example.com", "a-long-password")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let board: Value = jo
        .get(app.url(&format!("/api/v1/mentor/cohorts/{cohort}/learners")))
        .send()
        .await
        .expect("board")
        .json()
        .await
        .expect("json");
    assert_eq!(
        board["learners"],
        json!([]),
        "a deactivated learner leaves the board"
    );
    // Reactivated: they can sign in again, with everything they had.
    let res = send(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/v1/admin/users/{learner}"),
        &json!({"deactivated": false}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.login("ali@example.com", "a-long-password")
            .await
            .status(),
        StatusCode::OK
    );

    // A role change: the mentor becomes an assessor and leaves the cohorts they mentored.
    let res = send(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/v1/admin/users/{mentor}"),
        &json!({"role": "assessor"}),
    )
    .await;
    assert_eq!(res.json::<Value>().await.expect("json")["role"], "assessor");
    let cohort_now: Value = admin
        .get(app.url(&format!("/api/v1/admin/cohorts/{cohort}")))
        .send()
        .await
        .expect("cohort")
        .json()
        .await
        .expect("json");
    assert_eq!(
        cohort_now["members"].as_array().map(Vec::len),
        Some(1),
        "{cohort_now}"
    );
    let users: Value = admin
        .get(app.url("/api/v1/admin/users"))
        .send()
        .await
        .expect("users")
        .json()
        .await
        .expect("json");
    assert!(users
        .as_array()
        .expect("list")
        .iter()
        .any(|u| u["email"] == "jo@example.com" && u["role"] == "assessor"));
}
both_backends!(an_admin_sets_up_a_cohort_and_keeps_its_people);

pub(crate) async fn me_id(app: &TestApp, who: &Client) -> String {
    let me: Value = who
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    me["id"].as_str().expect("id").to_owned()
}
