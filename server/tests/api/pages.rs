//! The pages, as a browser without JavaScript sees them: forms post, cookies set, redirects.

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};
use reqwest::StatusCode;

async fn a_visitor_is_sent_to_sign_in(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let res = app
        .client
        .get(app.url("/"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/login");

    let html = app.get("/login").await.text().await.expect("html");
    assert!(
        html.contains("action=\"/rpc/auth/login\""),
        "the form posts to the server fn"
    );
    assert!(html.contains("name=\"email\"") && html.contains("name=\"password\""));
    assert!(
        html.contains("<label for=\"field-email\">E-mail</label>"),
        "inputs are labelled"
    );
}
both_backends!(a_visitor_is_sent_to_sign_in);

async fn registering_without_javascript_says_to_check_the_email(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let res = app
        .client
        .post(app.url("/rpc/auth/register"))
        .header("accept", "text/html")
        .header("referer", app.url("/register"))
        .form(&[
            ("display_name", "Robin Jointer"),
            ("email", "robin@example.com"),
            ("password", "straight-joint-95mm"),
            ("timezone", "Europe/London"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/register?sent=1");

    let page = app.get("/register?sent=1").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Check your e-mail"), "{html}");
    assert!(
        !html.contains("robin@example.com"),
        "the page does not repeat the address"
    );
}
both_backends!(registering_without_javascript_says_to_check_the_email);

async fn a_failed_sign_in_without_javascript_shows_the_reason(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let res = app
        .client
        .post(app.url("/rpc/auth/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[
            ("email", "ghost@example.com"),
            ("password", "whatever-it-is"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.starts_with(&app.url("/login")), "{back}");
    let html = app
        .client
        .get(back)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("That e-mail and password do not match an account."),
        "the page explains the failure"
    );
}
both_backends!(a_failed_sign_in_without_javascript_shows_the_reason);
