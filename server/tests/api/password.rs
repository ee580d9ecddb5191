//! Stories of getting back in: a forgotten password, a changed one, and e-mail that waits out
//! an SMTP server's outage. The mail goes to a real SMTP server (aiosmtpd) and the stories
//! follow the links that arrived.

use crate::both_backends;
use crate::helpers::{error_of, new_client, spawn_app_clocked, Backend, TestApp};
use crate::smtp_sink::{link, SmtpSink};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::workers::queues::Mail;
use server::workers::{Turn, Work};
use services::state::Clock;

const START: i64 = 1_796_000_000_000;

async fn app_mailing_to(backend: Backend, sink: &SmtpSink) -> Option<TestApp> {
    spawn_app_clocked(backend, |s| sink.settings(s), Clock::fixed(START)).await
}

/// Runs the mail worker until the queue has nothing ready.
async fn deliver(app: &TestApp) {
    let mail = Mail::new(&app.state).expect("mailer");
    while mail.turn(app.now()).await.expect("turn") == Turn::Worked {}
}

async fn forgot(app: &TestApp, email: &str) -> (StatusCode, Value) {
    let res = new_client()
        .post(app.url("/api/v1/auth/password/forgot"))
        .json(&json!({"email": email}))
        .send()
        .await
        .expect("forgot");
    let status = res.status();
    (status, res.json().await.expect("json"))
}

async fn me_status(app: &TestApp, client: &reqwest::Client) -> StatusCode {
    client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .status()
}

async fn an_apprentice_who_forgot_their_password_gets_back_in_from_the_email(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(app) = app_mailing_to(backend, &sink).await else {
        return;
    };
    app.register("sam.jointer@example.com", "trench-and-ducts-2026")
        .await;
    // Sam is signed in on the phone in the van...
    let phone = new_client();
    phone
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "sam.jointer@example.com", "password": "trench-and-ducts-2026"}))
        .send()
        .await
        .expect("login");
    assert_eq!(me_status(&app, &phone).await, StatusCode::OK);

    // ...and on a laptop at college cannot remember the password. A stranger asks too, for
    // an address with no account: both get the same answer, and only Sam gets mail.
    let (status, sams) = forgot(&app, "Sam.Jointer@example.com").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, strangers) = forgot(&app, "nobody@example.com").await;
    assert_eq!((status, &strangers), (StatusCode::ACCEPTED, &sams));
    deliver(&app).await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let reset = &mail[0];
    assert_eq!(reset["problems"], json!([]), "{reset}");
    assert_eq!(reset["rcpt_tos"], json!(["sam.jointer@example.com"]));
    assert_eq!(reset["subject"], "Reset your Flowline password");
    assert!(reset["from"]
        .as_str()
        .is_some_and(|f| f.contains("North Training")));
    // The link points at the site's public address; this story's server listens elsewhere.
    let href = app.url(
        link(reset, &format!("{}/reset/", app.state.public_url))
            .trim_start_matches(&app.state.public_url),
    );
    assert!(
        reset["html"]
            .as_str()
            .is_some_and(|h| h.contains(&format!("href=\"{}/reset/", app.state.public_url))),
        "the button links too"
    );

    // The link opens a page that says whose password it sets.
    let laptop = new_client();
    let page = laptop.get(&href).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Choose a new password"), "{html}");
    assert!(html.contains("sam.jointer@example.com"));

    // An easy password is refused with a reason; a good one signs the laptop in.
    let token = href.rsplit('/').next().expect("token").to_owned();
    let api = app.url(&format!("/api/v1/auth/password/reset/{token}"));
    let (status, e) = error_of(
        laptop
            .post(&api)
            .json(&json!({"password": "password12"}))
            .send()
            .await
            .expect("weak"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password"))
    );
    let res = laptop
        .post(&api)
        .json(&json!({"password": "cold-shrink-on-the-feeder"}))
        .send()
        .await
        .expect("reset");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(me_status(&app, &laptop).await, StatusCode::OK);

    // The phone's old session is gone; the old password opens nothing; the new one does.
    assert_eq!(me_status(&app, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login("sam.jointer@example.com", "trench-and-ducts-2026")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("sam.jointer@example.com", "cold-shrink-on-the-feeder")
            .await
            .status(),
        StatusCode::OK
    );

    // The link worked once, and says so plainly.
    let (status, e) = error_of(
        new_client()
            .post(&api)
            .json(&json!({"password": "another-good-sentence-here"}))
            .send()
            .await
            .expect("again"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.contains("used already or has expired")));

    // Sam is told the password changed, in case it was not Sam.
    deliver(&app).await;
    let mail = sink.wait_for(2).await;
    assert_eq!(mail[1]["subject"], "Your Flowline password was changed");
    assert_eq!(mail[1]["problems"], json!([]));
}
both_backends!(an_apprentice_who_forgot_their_password_gets_back_in_from_the_email);

async fn a_reset_link_lasts_an_hour_and_asking_again_soon_sends_no_second_mail(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(app) = app_mailing_to(backend, &sink).await else {
        return;
    };
    app.register("ola@example.com", "joint-bay-in-the-rain")
        .await;
    forgot(&app, "ola@example.com").await;
    // Pressing the button again at once sends nothing more (a stranger cannot flood a mailbox).
    forgot(&app, "ola@example.com").await;
    deliver(&app).await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail.len(), 1);
    let token = link(&mail[0], &format!("{}/reset/", app.state.public_url))
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned();
    app.clock.advance(61 * 60_000);
    let (status, e) = error_of(
        new_client()
            .get(app.url(&format!("/api/v1/auth/password/reset/{token}")))
            .send()
            .await
            .expect("view"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(e["message"]
        .as_str()
        .is_some_and(|m| m.contains("Forgot your password?")));
    // Later, a new request sends a new link.
    forgot(&app, "ola@example.com").await;
    deliver(&app).await;
    assert_eq!(sink.wait_for(2).await.len(), 2);
}
both_backends!(a_reset_link_lasts_an_hour_and_asking_again_soon_sends_no_second_mail);

async fn a_signed_in_mentor_changes_their_password_and_other_devices_sign_out(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(app) = app_mailing_to(backend, &sink).await else {
        return;
    };
    app.register("mo@example.com", "cable-pulling-winch-day")
        .await;
    let tablet = new_client();
    let phone = new_client();
    for c in [&tablet, &phone] {
        c.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "mo@example.com", "password": "cable-pulling-winch-day"}))
            .send()
            .await
            .expect("login");
    }
    let change = |current: &str, new: &str| {
        tablet
            .post(app.url("/api/v1/me/password"))
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let (status, e) = error_of(
        change("not-my-password", "link-box-by-the-road")
            .await
            .expect("wrong"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("current_password"))
    );
    let (status, e) = error_of(
        change("cable-pulling-winch-day", "qwertyuiop")
            .await
            .expect("weak"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password"))
    );
    let res = change("cable-pulling-winch-day", "link-box-by-the-road")
        .await
        .expect("change");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // The tablet stays signed in; the phone is signed out; Mo hears of it by e-mail.
    assert_eq!(me_status(&app, &tablet).await, StatusCode::OK);
    assert_eq!(me_status(&app, &phone).await, StatusCode::UNAUTHORIZED);
    deliver(&app).await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail[0]["subject"], "Your Flowline password was changed");
}
both_backends!(a_signed_in_mentor_changes_their_password_and_other_devices_sign_out);

async fn mail_waits_out_an_smtp_outage_and_none_is_lost(backend: Backend) {
    let mut sink = SmtpSink::start();
    let Some(app) = app_mailing_to(backend, &sink).await else {
        return;
    };
    app.register("kit@example.com", "heat-shrink-at-midnight")
        .await;
    sink.stop();
    forgot(&app, "kit@example.com").await;
    let mail = Mail::new(&app.state).expect("mailer");
    // The server is down: the message stays queued, with the reason, for later.
    assert_eq!(mail.turn(app.now()).await.expect("turn"), Turn::Worked);
    let (status, error): (String, Option<String>) =
        sqlx::query_as("SELECT status, error FROM jobs WHERE kind = 'email'")
            .fetch_one(&app.db.pool)
            .await
            .expect("job");
    assert_eq!(status, "queued");
    assert!(error.is_some_and(|e| e.contains("SMTP")));
    // Not before its time...
    assert_eq!(mail.turn(app.now()).await.expect("turn"), Turn::Idle);
    // ...and once the server is back and a minute has passed, it goes.
    sink.restart();
    app.clock.advance(60_000);
    deliver(&app).await;
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["rcpt_tos"], json!(["kit@example.com"]));
    let payload: String = sqlx::query_scalar("SELECT payload FROM jobs WHERE kind = 'email'")
        .fetch_one(&app.db.pool)
        .await
        .expect("job");
    assert_eq!(payload, "", "a sent message's link is not kept");
}
both_backends!(mail_waits_out_an_smtp_outage_and_none_is_lost);
