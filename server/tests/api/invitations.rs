//! Stories of sign-in links by e-mail: an admin imports a cohort of 150 and every person's
//! invitation arrives at a real SMTP server; a link left unused past its 14 days is sent again
//! from the People page, and works.

use crate::both_backends;
use crate::helpers::lessons::with_demo_library;
use crate::helpers::people::{create_cohort, signed_in, ADMIN};
use crate::helpers::{error_of, new_client, spawn_app_clocked, Backend, TestApp};
use crate::smtp_sink::{link, SmtpSink};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::workers::queues::Mail;
use server::workers::{Turn, Work};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;
use std::collections::BTreeSet;

async fn deliver(app: &TestApp) {
    let mail = Mail::new(&app.state).expect("mailer");
    while mail.turn(app.now()).await.expect("turn") == Turn::Worked {}
}

/// The path of a mailed link, on this story's server.
fn on_this_server(app: &TestApp, mail: &Value, path: &str) -> String {
    let site = &app.state.public_url;
    app.url(link(mail, &format!("{site}{path}")).trim_start_matches(site.as_str()))
}

async fn a_cohort_of_150_each_get_their_invitation_and_a_lost_one_is_sent_again(backend: Backend) {
    let sink = SmtpSink::start();
    let Some(app) = spawn_app_clocked(
        backend,
        |s| {
            s.demo = true;
            sink.settings(s);
        },
        Clock::fixed(1_796_000_000_000),
    )
    .await
    else {
        return;
    };
    with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    create_cohort(&app, &admin, "North 2027").await;
    let mut csv = String::from("Email,Name,Group\n");
    for n in 0..150 {
        csv.push_str(&format!(
            "apprentice{n:03}@example.com,Apprentice {n:03},North 2027\n"
        ));
    }
    let res = admin
        .post(app.url("/api/v1/admin/people/import?mode=all"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import");
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.expect("report");
    assert_eq!(report["invitations_total"], 150);

    // Every one of the 150 gets one invitation, well formed, with their own link.
    deliver(&app).await;
    let mail = sink.wait_for(150).await;
    assert_eq!(mail.len(), 150);
    let to: BTreeSet<&str> = mail
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().expect("to"))
        .collect();
    assert_eq!(to.len(), 150, "one each");
    for m in &mail {
        assert_eq!(m["problems"], json!([]), "{m}");
        assert_eq!(m["subject"], "Your Flowline account is ready");
    }

    // Apprentice 7 never opened theirs. Fifteen days later it has expired...
    let sevens = mail
        .iter()
        .find(|m| m["rcpt_tos"][0] == "apprentice007@example.com")
        .expect("7's mail");
    let old_link = on_this_server(&app, sevens, "/invite/");
    app.clock.advance(15 * 86_400_000);
    let token = old_link.rsplit('/').next().expect("token");
    let (status, _) = error_of(
        new_client()
            .get(app.url(&format!("/api/v1/invitations/{token}")))
            .send()
            .await
            .expect("old"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // ...so the admin sends a new one from the People page, without seeing the link.
    let id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind("apprentice007@example.com")
        .fetch_one(&app.db.pool)
        .await
        .expect("id");
    let res = admin
        .post(app.url(&format!("/api/v1/admin/users/{id}/sign-in-link")))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let notice: Value = res.json().await.expect("notice");
    assert!(
        notice["message"]
            .as_str()
            .is_some_and(|m| m.contains("Apprentice 007")),
        "{notice}"
    );
    assert!(
        !notice.to_string().contains("/invite/"),
        "the admin does not see the link"
    );
    deliver(&app).await;
    let mail = sink.wait_for(151).await;
    let fresh = on_this_server(&app, &mail[150], "/invite/");
    assert_ne!(fresh, old_link);

    // The new link works: apprentice 7 chooses a password and is in.
    let token = fresh.rsplit('/').next().expect("token");
    let seven = new_client();
    let res = seven
        .post(app.url(&format!("/api/v1/invitations/{token}")))
        .json(&json!({"password": "first-day-on-the-cable-gang"}))
        .send()
        .await
        .expect("accept");
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.expect("me");
    assert_eq!(me["email"], "apprentice007@example.com");
}
both_backends!(a_cohort_of_150_each_get_their_invitation_and_a_lost_one_is_sent_again);
