//! Stories of single sign-on: mentors and apprentices sign in with their employer's account
//! at a real OpenID provider (node-oidc-provider, run locally), and whatever does not belong
//! to this browser's sign-in is refused.

use crate::both_backends;
use crate::helpers::people::{send, signed_in};
use crate::helpers::{error_of, new_client, spawn_app_with, Backend, TestApp};
use crate::oidc_provider::{location, OidcProvider};
use flowline_core::domain::Role;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const DANA: &str = "dana.mentor@northpower.co.uk";
const PASSWORD: &str = "jointing-bay-lantern-7";

async fn app_with(backend: Backend, idp: &OidcProvider) -> Option<TestApp> {
    let app = spawn_app_with(backend, |s| idp.settings(s)).await?;
    app.create_user(DANA, PASSWORD, Role::Mentor).await;
    app.create_user("admin@example.com", PASSWORD, Role::Admin)
        .await;
    Some(app)
}

/// "Sign in with North Power": where Flowline sends the browser.
async fn start(app: &TestApp, browser: &Client) -> String {
    let res = browser
        .get(app.url("/sso/start"))
        .send()
        .await
        .expect("start");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res).to_owned()
}

/// Follows the provider's redirect back to this story's server (the registered address is
/// the site's public one; the story's server listens on a port of its own).
async fn come_back(app: &TestApp, browser: &Client, callback: &str) -> String {
    let path = callback
        .split_once("/sso/callback")
        .map(|(_, q)| format!("/sso/callback{q}"))
        .unwrap_or_else(|| panic!("not Flowline's callback: {callback}"));
    let res = browser.get(app.url(&path)).send().await.expect("callback");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res).to_owned()
}

async fn who(app: &TestApp, browser: &Client) -> Option<Value> {
    let res = browser.get(app.url("/api/v1/me")).send().await.expect("me");
    if res.status() != StatusCode::OK {
        return None;
    }
    Some(res.json().await.expect("json"))
}

async fn a_mentor_signs_in_with_their_employers_account(backend: Backend) {
    let idp = OidcProvider::start();
    let Some(app) = app_with(backend, &idp).await else {
        return;
    };
    let browser = new_client();
    let page = app.get("/login").await.text().await.expect("page");
    assert!(page.contains("Sign in with North Power"), "{page}");

    let authorize = start(&app, &browser).await;
    assert!(
        authorize.starts_with(&format!("{}/auth?", idp.base)),
        "{authorize}"
    );
    for part in [
        "response_type=code",
        "client_id=flowline",
        "code_challenge_method=S256",
        "code_challenge=",
        "nonce=",
        "state=",
        "scope=openid+email+profile",
    ] {
        assert!(authorize.contains(part), "{part} in {authorize}");
    }
    // At North Power's sign-in page Dana types her work address as her identity provider
    // knows it (capitals and all).
    let callback = idp
        .sign_in(&browser, &authorize, "Dana.Mentor@NorthPower.co.uk")
        .await;
    assert!(callback.contains("code="), "{callback}");
    assert_eq!(come_back(&app, &browser, &callback).await, "/instructor");
    let me = who(&app, &browser).await.expect("signed in");
    assert_eq!(
        (me["email"].as_str(), me["role"].as_str()),
        (Some(DANA), Some("mentor"))
    );

    // The link back, copied by someone else (or replayed), signs nobody in.
    let stranger = new_client();
    assert_eq!(
        come_back(&app, &stranger, &callback).await,
        "/login?sso=invalid"
    );
    assert!(who(&app, &stranger).await.is_none());
}
both_backends!(a_mentor_signs_in_with_their_employers_account);

async fn single_sign_on_refuses_what_it_cannot_vouch_for(backend: Backend) {
    let idp = OidcProvider::start();
    let Some(app) = app_with(backend, &idp).await else {
        return;
    };
    // Someone North Power knows but the training provider has not invited.
    let browser = new_client();
    let authorize = start(&app, &browser).await;
    let callback = idp
        .sign_in(&browser, &authorize, "new.starter@northpower.co.uk")
        .await;
    assert_eq!(
        come_back(&app, &browser, &callback).await,
        "/login?sso=no-account"
    );
    assert!(who(&app, &browser).await.is_none());

    // An address the identity provider has not verified is nobody's.
    let browser = new_client();
    let authorize = start(&app, &browser).await;
    let callback = idp
        .sign_in(&browser, &authorize, &format!("unverified.{DANA}"))
        .await;
    assert_eq!(
        come_back(&app, &browser, &callback).await,
        "/login?sso=unverified"
    );
    assert!(who(&app, &browser).await.is_none());

    // Dana cancels at the provider.
    let browser = new_client();
    let authorize = start(&app, &browser).await;
    let callback = idp.cancel(&browser, &authorize).await;
    assert!(callback.contains("error=access_denied"), "{callback}");
    assert_eq!(
        come_back(&app, &browser, &callback).await,
        "/login?sso=declined"
    );

    // Login CSRF: an attacker signs in at the provider as themselves and plants their link
    // back in Dana's browser, which started a sign-in of its own. Its state is not hers.
    let attacker = new_client();
    let authorize = start(&app, &attacker).await;
    let planted = idp.sign_in(&attacker, &authorize, DANA).await;
    let dana = new_client();
    let _hers = start(&app, &dana).await;
    assert_eq!(come_back(&app, &dana, &planted).await, "/login?sso=invalid");
    assert!(who(&app, &dana).await.is_none());

    // A code from one sign-in brought back with another's state (and its cookie): PKCE ties
    // the code to the sign-in that asked for it.
    let browser = new_client();
    let first = start(&app, &browser).await;
    let code_of_first = idp.sign_in(&browser, &first, DANA).await;
    let second = start(&app, &browser).await;
    let state_of_second = query(&second, "state");
    let code = query(&code_of_first, "code");
    assert_eq!(
        come_back(
            &app,
            &browser,
            &format!("/sso/callback?code={code}&state={state_of_second}")
        )
        .await,
        "/login?sso=invalid"
    );
    assert!(who(&app, &browser).await.is_none());

    // The attempt went with its use: the same state again is refused too.
    assert_eq!(
        come_back(
            &app,
            &browser,
            &format!("/sso/callback?code={code}&state={state_of_second}")
        )
        .await,
        "/login?sso=invalid"
    );

    // The sign-in page says why, in words.
    let page = app
        .get("/login?sso=no-account")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("Ask your training provider for an invitation"));
}
both_backends!(single_sign_on_refuses_what_it_cannot_vouch_for);

fn query(url: &str, name: &str) -> String {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {url}"))
        .to_owned()
}

/// A provider that publishes another issuer than the one Flowline was given (a mix-up, or a
/// look-alike) is never trusted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_provider_that_names_another_issuer_is_refused() {
    let idp = OidcProvider::start_with(&["--issuer-host", "localhost"]);
    let Some(app) = app_with(Backend::Sqlite, &idp).await else {
        return;
    };
    let browser = new_client();
    assert_eq!(start(&app, &browser).await, "/login?sso=invalid");
}

async fn an_admin_makes_the_employers_domain_sign_in_only_with_sso(backend: Backend) {
    let idp = OidcProvider::start();
    let Some(app) = app_with(backend, &idp).await else {
        return;
    };
    let admin = signed_in(&app, "admin@example.com", PASSWORD).await;
    let put = |domain: &str| {
        let path = format!("/api/v1/admin/sso-domains/{domain}");
        let admin = admin.clone();
        let app = &app;
        async move { send(app, &admin, Method::PUT, &path, &json!(null)).await }
    };
    let (status, err) = error_of(put("not a domain").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["message"]
        .as_str()
        .is_some_and(|m| m.contains("example.co.uk")));
    let res = put("@NorthPower.co.uk").await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = res.json().await.expect("json");
    assert_eq!(list[0]["domain"], "northpower.co.uk");
    assert_eq!(list[0]["added_by"], "Test Person");

    // Dana's password no longer works (it is not even checked); the button still does.
    let (status, err) = error_of(app.login(DANA, PASSWORD).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("Sign in with North Power")),
        "{err}"
    );
    let browser = new_client();
    let authorize = start(&app, &browser).await;
    let callback = idp.sign_in(&browser, &authorize, DANA).await;
    assert_eq!(come_back(&app, &browser, &callback).await, "/instructor");
    // Other domains keep their passwords.
    assert_eq!(
        app.login("admin@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );

    // Taken back: passwords work again.
    let res = send(
        &app,
        &admin,
        Method::DELETE,
        "/api/v1/admin/sso-domains/northpower.co.uk",
        &json!(null),
    )
    .await;
    assert_eq!(res.json::<Value>().await.expect("json"), json!([]));
    assert_eq!(app.login(DANA, PASSWORD).await.status(), StatusCode::OK);
}
both_backends!(an_admin_makes_the_employers_domain_sign_in_only_with_sso);

/// Without single sign-on set up, no domain can be made SSO-only (nobody there could sign
/// in), and the sign-in page offers no button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_identity_provider_there_is_no_sso_only_domain() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |_| {}).await else {
        return;
    };
    app.create_user("admin@example.com", PASSWORD, Role::Admin)
        .await;
    let admin = signed_in(&app, "admin@example.com", PASSWORD).await;
    let (status, err) = error_of(
        send(
            &app,
            &admin,
            Method::PUT,
            "/api/v1/admin/sso-domains/northpower.co.uk",
            &json!(null),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["message"]
        .as_str()
        .is_some_and(|m| m.contains("FLOWLINE_OIDC_ISSUER")));
    let page = app.get("/login").await.text().await.expect("page");
    assert!(!page.contains("Sign in with"));
    assert_eq!(
        new_client()
            .get(app.url("/sso/start"))
            .send()
            .await
            .expect("start")
            .status(),
        StatusCode::NOT_FOUND
    );
}
