//! Bad input gets a clear 4xx that names the problem — never a 500.

use crate::both_backends;
use crate::helpers::{error_of, spawn_app, Backend};
use reqwest::StatusCode;
use serde_json::json;

async fn a_malformed_registration_names_the_field(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let cases = [
        (
            json!({"email": "not-an-email", "password": "long-enough-pass", "display_name": "A"}),
            "email",
        ),
        (
            json!({"email": "a@example.com", "password": "short", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": "long-enough-pass", "display_name": "  "}),
            "display_name",
        ),
        (
            json!({"email": "a@example.com", "password": "long-enough-pass", "display_name": "A", "timezone": "Moon/Base"}),
            "timezone",
        ),
        (
            json!({"email": "a@example.com", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": 42, "password": "long-enough-pass", "display_name": "A"}),
            "email",
        ),
    ];
    for (body, field) in cases {
        let (status, err) = error_of(app.post_json("/api/v1/auth/register", &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["field"], field, "{body}");
    }
}
both_backends!(a_malformed_registration_names_the_field);

async fn unreadable_bodies_are_refused_clearly(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let url = app.url("/api/v1/auth/register");

    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .expect("req");
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["code"], "bad_request");

    let res = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("req");
    assert_eq!(error_of(res).await.0, StatusCode::BAD_REQUEST);

    let huge = format!("{{\"email\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("req");
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(err["code"], "payload_too_large");

    let (status, _) = error_of(app.get("/api/v1/no-such-thing").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(unreadable_bodies_are_refused_clearly);

async fn the_api_describes_itself_and_reports_health(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);

    let doc: serde_json::Value = app.get_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/standards",
        "/api/v1/content",
        "/healthz",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
both_backends!(the_api_describes_itself_and_reports_health);
