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

/// A server fn call whose body cannot be read is the caller's mistake (400 with the usual
/// error), and a caller without access hears 403 before their body is even looked at.
async fn malformed_calls_and_calls_without_access_are_refused_clearly(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let url = app.url("/rpc/auth/login");
    for (content_type, body) in [
        ("application/json", "{\"email\":"),
        ("application/x-www-form-urlencoded", "nonsense=1"),
        ("application/x-www-form-urlencoded", "email=a%40example.com"),
    ] {
        let res = app
            .client
            .post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("req");
        assert_eq!(
            res.status(),
            StatusCode::BAD_REQUEST,
            "{content_type} {body}"
        );
        let err: serde_json::Value = res.json().await.expect("an error body");
        assert_eq!(err["code"], "bad_request", "{err}");
        assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    app.register("learner@example.com", "a-long-password").await;
    assert_eq!(
        app.login("learner@example.com", "a-long-password")
            .await
            .status(),
        StatusCode::OK
    );
    for path in [
        "/api/v1/admin/standards/import",
        "/api/v1/admin/cohorts",
        "/api/v1/admin/lessons",
        "/api/v1/mentor/observations",
    ] {
        let (status, err) = error_of(app.post_json(path, &json!({})).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {err}");
        assert!(err.get("field").is_none(), "{path}: {err}");
    }
}
both_backends!(malformed_calls_and_calls_without_access_are_refused_clearly);

/// Sends what is not JSON at all as `who`; the error that comes back.
async fn broken_body(
    app: &crate::helpers::TestApp,
    who: &reqwest::Client,
    method: &str,
    path: &str,
) -> (StatusCode, serde_json::Value) {
    let res = who
        .request(method.parse().expect("method"), app.url(path))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    error_of(res).await
}

async fn a_caller_without_the_role_hears_403_before_any_body_is_read(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // Signed in as a learner, sending what is not JSON at all to endpoints for other roles.
    app.register("sam@example.com", "long-enough-pass").await;
    assert_eq!(
        app.login("sam@example.com", "long-enough-pass")
            .await
            .status(),
        StatusCode::OK
    );
    let not_for_learners = [
        ("PUT", "/api/v1/admin/lessons/x/video"),
        ("POST", "/api/v1/admin/lessons/from-script"),
        ("POST", "/api/v1/admin/lessons/from-script/preview"),
        ("PATCH", "/api/v1/admin/standards/ST1332"),
        ("PUT", "/api/v1/admin/standards/ST1332/ksbs/K1"),
        ("POST", "/api/v1/admin/credentials/x/revoke"),
        ("POST", "/api/v1/mentor/inbox/x/answer"),
    ];
    for (method, path) in not_for_learners {
        let (status, err) = broken_body(&app, &app.client, method, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {err}");
        assert!(err.get("field").is_none(), "{method} {path}: {err}");
    }

    // And an admin sending a broken body to the learner's own coach.
    let admin = crate::helpers::new_client();
    app.create_user(
        "priya@example.com",
        "long-enough-pass",
        flowline_core::domain::Role::Admin,
    )
    .await;
    admin
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "priya@example.com", "password": "long-enough-pass"}))
        .send()
        .await
        .expect("login");
    for (method, path) in [
        ("POST", "/api/v1/coach/questions"),
        ("PUT", "/api/v1/coach/settings"),
    ] {
        let (status, err) = broken_body(&app, &admin, method, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {err}");
    }
}
both_backends!(a_caller_without_the_role_hears_403_before_any_body_is_read);
