//! Stories of people creating accounts, signing in and out.

use crate::both_backends;
use crate::helpers::{
    error_of, new_client, spawn_app, spawn_app_clocked, spawn_app_with, Backend, TestApp,
};
use crate::smtp_sink::{link, SmtpSink};
use flowline_core::domain::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::workers::queues::Mail;
use server::workers::{Turn, Work};
use services::state::Clock;

async fn a_new_apprentice_registers_signs_in_sees_themself_and_signs_out(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.register("Sam.Jointer@Example.com", "trench-and-ducts-2026")
        .await;

    // Registering over the API does not sign in: /me still refuses.
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let res = app
        .login("sam.jointer@example.com", "trench-and-ducts-2026")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("a session cookie");
    assert!(cookie.starts_with("flowline_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let me: Value = app.get_json("/api/v1/me").await;
    assert_eq!(me["email"], "sam.jointer@example.com");
    assert_eq!(me["role"], "learner");
    assert_eq!(me["display_name"], "Sam Jointer");
    assert_eq!(me["timezone"], "Europe/London");

    let res = app.post_json("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, err) = error_of(app.get("/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["code"], "unauthenticated");
}
both_backends!(a_new_apprentice_registers_signs_in_sees_themself_and_signs_out);

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.register("kim@example.com", "link-box-11kv-safe").await;

    let (s1, wrong_password) =
        error_of(app.login("kim@example.com", "not-the-password").await).await;
    let (s2, unknown_email) =
        error_of(app.login("nobody@example.com", "link-box-11kv-safe").await).await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password, unknown_email);
}
both_backends!(a_wrong_password_and_an_unknown_email_get_the_same_answer);

async fn signing_in_again_replaces_the_old_session(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.register("lee@example.com", "cable-jointing-rocks")
        .await;
    let first = app.login("lee@example.com", "cable-jointing-rocks").await;
    let old_cookie = first.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    // A second sign-in from the same browser rotates the token...
    let second = app.login("lee@example.com", "cable-jointing-rocks").await;
    assert_eq!(second.status(), StatusCode::OK);
    // ...and the old token no longer opens anything.
    let res = new_client()
        .get(app.url("/api/v1/me"))
        .header("cookie", old_cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
}
both_backends!(signing_in_again_replaces_the_old_session);

async fn repeated_wrong_passwords_make_the_next_try_wait_and_then_let_it_through(backend: Backend) {
    let clock = Clock::fixed(1_796_000_000_000);
    let Some(app) = spawn_app_clocked(backend, |_| {}, clock.clone()).await else {
        return;
    };
    app.register("pat@example.com", "earthing-and-bonding")
        .await;
    for _ in 0..5 {
        assert_eq!(
            app.login("pat@example.com", "guess-guess-guess")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Even the right password waits, and is told for how long.
    let (status, err) = error_of(app.login("pat@example.com", "earthing-and-bonding").await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(err["code"], "too_many_requests");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("15 seconds")),
        "{err}"
    );
    // The wait passes and Pat is in: a wait, not a lock.
    clock.advance(15_000);
    assert_eq!(
        app.login("pat@example.com", "earthing-and-bonding")
            .await
            .status(),
        StatusCode::OK
    );
}
both_backends!(repeated_wrong_passwords_make_the_next_try_wait_and_then_let_it_through);

async fn twenty_wrong_passwords_at_once_are_checked_only_as_often_as_the_throttle_allows(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.register("kit@example.com", "joint-bay-in-the-rain")
        .await;
    let tries = (0..20).map(|_| async {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "kit@example.com", "password": "guess-guess-guess"}))
            .send()
            .await
            .expect("request")
            .status()
    });
    let statuses = futures_util::future::join_all(tries).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let held = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    // Five free attempts per account and client: five passwords were checked, the other
    // fifteen were told to wait without costing a hash.
    assert_eq!((checked, held), (5, 15), "{statuses:?}");
}
both_backends!(twenty_wrong_passwords_at_once_are_checked_only_as_often_as_the_throttle_allows);

async fn a_stranger_guessing_cannot_keep_the_owner_out(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.trust_forwarded_for = true).await else {
        return;
    };
    app.register("lee@example.com", "feeder-pillar-at-dawn")
        .await;
    // A stranger makes sixty wrong guesses at Lee's account from many addresses...
    for i in 0..60 {
        let status = login_via_proxy(
            &app,
            &format!("203.0.113.{}", i % 12 + 1),
            "lee@example.com",
            "wrong-password",
        )
        .await;
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status),
            "{status}"
        );
    }
    // ...and Lee, on their own phone, signs in at once.
    let status = login_via_proxy(
        &app,
        "198.51.100.77",
        "lee@example.com",
        "feeder-pillar-at-dawn",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
both_backends!(a_stranger_guessing_cannot_keep_the_owner_out);

async fn an_email_can_hold_only_one_account(backend: Backend) {
    // Demo mode makes accounts at once, and says so when the address is taken.
    let Some(app) = spawn_app_with(backend, |s| s.demo = true).await else {
        return;
    };
    app.register("jo@example.com", "first-account-here").await;
    let body = json!({"email": "JO@example.com ", "password": "second-account-here", "display_name": "Jo"});
    let (status, err) = error_of(app.post_json("/api/v1/auth/register", &body).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["field"], "email");
}
both_backends!(an_email_can_hold_only_one_account);

async fn registering_never_tells_a_stranger_whether_an_address_has_an_account(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(app) = spawn_app_with(backend, |s| sink.settings(s)).await else {
        return;
    };
    app.create_user("jo@example.com", "jos-own-long-password", Role::Learner)
        .await;
    let ask = |email: &str| json!({"email": email, "password": "straight-joint-95mm", "display_name": "Robin Jointer"});
    // A new address and one that has an account get the same answer.
    let res = app
        .post_json("/api/v1/auth/register", &ask("robin@example.com"))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let new: Value = res.json().await.expect("json");
    let res = app
        .post_json("/api/v1/auth/register", &ask("JO@example.com"))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let known: Value = res.json().await.expect("json");
    assert_eq!(new, known);
    assert!(new["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Check your e-mail")));

    // Each owner hears by e-mail: Robin gets the link, Jo a note (and keeps her password).
    let mail = Mail::new(&app.state).expect("mailer");
    while mail.turn(app.now()).await.expect("turn") == Turn::Worked {}
    let arrived = sink.wait_for(2).await;
    let to = |who: &str| {
        arrived
            .iter()
            .find(|m| m["rcpt_tos"] == json!([who]))
            .unwrap_or_else(|| panic!("mail to {who}: {arrived:?}"))
    };
    assert_eq!(
        to("jo@example.com")["subject"],
        "You already have a Flowline account"
    );
    let welcome = to("robin@example.com");
    assert_eq!(welcome["subject"], "Finish creating your Flowline account");
    assert_eq!(welcome["problems"], json!([]), "{welcome}");
    assert_eq!(
        app.login("jo@example.com", "jos-own-long-password")
            .await
            .status(),
        StatusCode::OK
    );

    // No account until the link is followed.
    assert_eq!(
        app.login("robin@example.com", "straight-joint-95mm")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let href = link(welcome, &format!("{}/welcome/", app.state.public_url));
    let token = href.rsplit('/').next().expect("token");
    let page = app
        .get(&format!("/welcome/{token}"))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("robin@example.com") && page.contains("Create my account"),
        "{page}"
    );
    let phone = new_client();
    let res = phone
        .post(app.url(&format!("/api/v1/auth/register/{token}")))
        .send()
        .await
        .expect("confirm");
    assert_eq!(res.status(), StatusCode::CREATED);
    let me: Value = phone
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (me["email"].as_str(), me["role"].as_str()),
        (Some("robin@example.com"), Some("learner"))
    );
    assert_eq!(
        app.login("robin@example.com", "straight-joint-95mm")
            .await
            .status(),
        StatusCode::OK
    );
    // The link works once.
    let (status, err) = error_of(
        new_client()
            .post(app.url(&format!("/api/v1/auth/register/{token}")))
            .send()
            .await
            .expect("again"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(err["message"]
        .as_str()
        .is_some_and(|m| m.contains("used already")));
}
both_backends!(registering_never_tells_a_stranger_whether_an_address_has_an_account);

async fn registration_can_be_closed_by_the_provider(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.allow_registration = false).await else {
        return;
    };
    let body =
        json!({"email": "x@example.com", "password": "long-enough-pass", "display_name": "X"});
    let (status, _) = error_of(app.post_json("/api/v1/auth/register", &body).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
both_backends!(registration_can_be_closed_by_the_provider);

async fn only_admins_reach_the_admin_overview(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_user("learner@example.com", "learner-password", Role::Learner)
        .await;
    app.create_user("admin@example.com", "admin-password-1", Role::Admin)
        .await;

    // A visitor and a learner are refused by the server fn itself.
    let res = app
        .client
        .post(app.url("/rpc/admin/overview"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.login("learner@example.com", "learner-password").await;
    let res = app
        .client
        .post(app.url("/rpc/admin/overview"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    app.login("admin@example.com", "admin-password-1").await;
    let res = app
        .client
        .post(app.url("/rpc/admin/overview"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let overview: Value = res.json().await.expect("json");
    assert_eq!(overview["learners"], 1);
    assert_eq!(overview["admins"], 1);
}
both_backends!(only_admins_reach_the_admin_overview);

/// Signs in through a proxy that reports the client as `ip`.
async fn login_via_proxy(app: &TestApp, ip: &str, email: &str, password: &str) -> StatusCode {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", format!("198.51.100.1, {ip}"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request")
        .status()
}

async fn behind_a_trusted_proxy_one_noisy_client_does_not_lock_out_the_others(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.trust_forwarded_for = true).await else {
        return;
    };
    app.register("ana@example.com", "a-good-long-password")
        .await;
    // One client guesses many different accounts until its address is throttled...
    for i in 0..30 {
        let status = login_via_proxy(
            &app,
            "203.0.113.7",
            &format!("guess{i}@example.com"),
            "wrong-password",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let status = login_via_proxy(
        &app,
        "203.0.113.7",
        "ana@example.com",
        "a-good-long-password",
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // ...while a different client behind the same proxy signs in fine.
    let status = login_via_proxy(
        &app,
        "203.0.113.8",
        "ana@example.com",
        "a-good-long-password",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
both_backends!(behind_a_trusted_proxy_one_noisy_client_does_not_lock_out_the_others);

async fn the_demo_accounts_stop_working_when_demo_mode_is_switched_off(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // Yesterday the server ran in demo mode; the demo admin signed in.
    services::demo::ensure_demo(&app.db, app.now())
        .await
        .expect("demo");
    let admin = new_client();
    let sign_in = |client: reqwest::Client| {
        let url = app.url("/api/v1/auth/login");
        async move {
            client
                .post(url)
                .json(&json!({"email": "admin@demo.flowline.test", "password": services::demo::DEMO_PASSWORD}))
                .send()
                .await
                .expect("login")
                .status()
        }
    };
    assert_eq!(sign_in(admin.clone()).await, StatusCode::OK);

    // Today it starts for real: the published password opens nothing, the session is gone.
    let retired = services::demo::retire_demo_accounts(&app.db)
        .await
        .expect("retire");
    assert_eq!(retired, 5, "one a role");
    assert_eq!(sign_in(new_client()).await, StatusCode::UNAUTHORIZED);
    let me = admin.get(app.url("/api/v1/me")).send().await.expect("me");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

    // Demo mode again (a trial server): the demo accounts work again.
    services::demo::ensure_demo(&app.db, app.now())
        .await
        .expect("demo");
    assert_eq!(sign_in(new_client()).await, StatusCode::OK);
}
both_backends!(the_demo_accounts_stop_working_when_demo_mode_is_switched_off);

async fn a_session_lasts_while_used_and_me_lists_where_you_are_signed_in(backend: Backend) {
    let clock = Clock::fixed(1_796_000_000_000);
    let Some(app) = spawn_app_clocked(
        backend,
        |s| {
            s.session_ttl_days = 7;
            s.session_max_days = 30;
        },
        clock.clone(),
    )
    .await
    else {
        return;
    };
    app.register("dev@example.com", "feeder-pillar-at-dawn")
        .await;
    let sign_in = |agent: &'static str| {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .user_agent(agent)
            .build()
            .expect("client");
        let url = app.url("/api/v1/auth/login");
        async move {
            client
                .post(url)
                .json(&json!({"email": "dev@example.com", "password": "feeder-pillar-at-dawn"}))
                .send()
                .await
                .expect("login");
            client
        }
    };
    let phone = sign_in(
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
    )
    .await;
    let laptop =
        sign_in("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
            .await;
    let me = |c: &reqwest::Client| {
        let (c, url) = (c.clone(), app.url("/api/v1/me"));
        async move { c.get(url).send().await.expect("me").status() }
    };
    // Used every few days, the phone stays signed in well past the seven idle days...
    for _ in 0..5 {
        clock.advance(4 * 86_400_000);
        assert_eq!(me(&phone).await, StatusCode::OK);
    }
    // ...while the laptop, unused for 20 days, is signed out.
    assert_eq!(me(&laptop).await, StatusCode::UNAUTHORIZED);
    // Me lists where Dev is signed in, this device first.
    let laptop =
        sign_in("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
            .await;
    assert_eq!(me(&laptop).await, StatusCode::OK);
    let list: Value = phone
        .get(app.url("/api/v1/me/sessions"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let labels: Vec<(String, bool)> = list
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| {
            (
                d["label"].as_str().unwrap_or_default().to_owned(),
                d["this_device"] == true,
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("Chrome on Android".to_owned(), true),
            ("Firefox on Windows".to_owned(), false)
        ]
    );
    // "Sign out everywhere else" from the phone ends the laptop's session only.
    let res = phone
        .delete(app.url("/api/v1/me/sessions"))
        .send()
        .await
        .expect("others");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&laptop).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&phone).await, StatusCode::OK);
    // However much it is used, a sign-in lasts at most 30 days.
    for _ in 0..3 {
        clock.advance(3 * 86_400_000);
        assert_eq!(me(&phone).await, StatusCode::OK);
    }
    clock.advance(3 * 86_400_000);
    assert_eq!(me(&phone).await, StatusCode::UNAUTHORIZED);
}
both_backends!(a_session_lasts_while_used_and_me_lists_where_you_are_signed_in);
