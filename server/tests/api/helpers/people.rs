//! Fixtures of people: the demo admin, signed-in clients, accounts and cohorts over REST.

use crate::helpers::{new_client, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

pub const ADMIN: &str = "admin@demo.flowline.test";

pub async fn add_member(
    app: &TestApp,
    admin: &Client,
    cohort: &str,
    user: &str,
    role: &str,
) -> reqwest::Response {
    send(
        app,
        admin,
        reqwest::Method::POST,
        &format!("/api/v1/admin/cohorts/{cohort}/members"),
        &json!({"user_id": user, "role": role}),
    )
    .await
}

/// An admin creates an account over REST and returns its id.
pub async fn create_account(
    app: &TestApp,
    admin: &Client,
    email: &str,
    name: &str,
    role: &str,
) -> String {
    let res = send(
        app,
        admin,
        reqwest::Method::POST,
        "/api/v1/admin/users",
        &json!({"email": email, "display_name": name, "role": role, "password": "a-long-password"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{email}");
    let out: Value = res.json().await.expect("json");
    assert_eq!(out["role"], role);
    assert_eq!(out["deactivated"], false);
    out["id"].as_str().expect("id").to_owned()
}

/// An admin creates a cohort on ST1332 and returns its id.
pub async fn create_cohort(app: &TestApp, admin: &Client, name: &str) -> String {
    let res = send(
        app,
        admin,
        reqwest::Method::POST,
        "/api/v1/admin/cohorts",
        &json!({"name": name, "standard": "st1332"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let out: Value = res.json().await.expect("json");
    assert_eq!(out["standard"], "ST1332");
    assert_eq!(
        out["desired_retention"],
        flowline_core::domain::competency::DEFAULT_RETENTION
    );
    out["id"].as_str().expect("id").to_owned()
}

/// A browser of its own, signed in as `email`.
pub async fn signed_in(app: &TestApp, email: &str, password: &str) -> Client {
    let client = new_client();
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::OK, "{email} signs in");
    client
}

pub async fn send(
    app: &TestApp,
    who: &Client,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    who.request(method, app.url(path))
        .json(body)
        .send()
        .await
        .expect("request")
}
