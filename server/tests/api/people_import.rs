//! An admin brings people in from the LMS: a TalentLMS CSV export is previewed (mapping
//! guessed, bad rows named by line, nothing written), imported whole once fixed, and again
//! without change; another LMS's export is mapped by hand and only its good rows go in; the
//! new people open their one-time link, choose a password and are in their cohort. The same
//! import reads TalentLMS's API (a local stand-in of it). A 50 MB export streams through.

use crate::both_backends;
use crate::helpers::people::{create_cohort, signed_in, ADMIN};
use crate::helpers::{error_of, get_as, new_client, spawn_app_with, Backend, TestApp};
use crate::talentlms_standin::{TalentLmsStandIn, API_KEY};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;

async fn import(
    app: &TestApp,
    admin: &Client,
    query: &str,
    csv: impl Into<reqwest::Body>,
) -> reqwest::Response {
    admin
        .post(app.url(&format!("/api/v1/admin/people/import?{query}")))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import")
}

async fn report(app: &TestApp, admin: &Client, query: &str, csv: &str) -> Value {
    let res = import(app, admin, query, csv.to_owned()).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res.json().await.expect("json")
}

async fn people_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

/// A TalentLMS user export: its column names, a repeated Group column, a Bio.
const TALENTLMS_EXPORT: &str = "\u{feff}Login,Firstname,Lastname,Email,User-type,Bio,Group,Group\n\
priya.shah,Priya,Shah,Priya.Shah@example.com,Learner-Type,Jointer since 2025,North 2026,\n\
sam.hill,Sam,Hill,sam.hill@example,Learner-Type,,North 2026,\n\
jo.field,Jo,Field,jo.field@example.com,Trainer-Type,Mentor,North 2026,South 2026\n\
kim.ng,Kim,Ng,kim.ng@example.com,SuperAdmin,,,\n\
lee.may,Lee,May,lee.may@example.com,Learner-Type,\"Says \"\"hi\"\"\",West 2026,\n";

async fn an_admin_imports_a_talentlms_export_and_new_people_sign_in_with_their_link(
    backend: Backend,
) {
    let Some(app) = spawn_app_with(backend, |s| s.demo = true).await else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    create_cohort(&app, &admin, "North 2026").await;
    create_cohort(&app, &admin, "South 2026").await;
    let before = people_count(&app).await;

    // The preview guesses TalentLMS's columns and names each bad row; nothing is written.
    let r = report(&app, &admin, "mode=preview", TALENTLMS_EXPORT).await;
    assert_eq!(
        r["columns"][0], "Login",
        "the byte-order mark is not part of a name"
    );
    assert_eq!(r["mapping"]["email"], "Email");
    assert_eq!(r["mapping"]["cohort"], "Group");
    assert_eq!(r["mapping"]["role"], "User-type");
    assert_eq!(
        (
            r["rows"].as_u64(),
            r["good_rows"].as_u64(),
            r["bad_rows"].as_u64()
        ),
        (Some(5), Some(2), Some(3))
    );
    let problems: Vec<(u64, &str)> = r["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().expect("line"),
                p["field"].as_str().expect("field"),
            )
        })
        .collect();
    assert_eq!(problems, [(3, "email"), (5, "role"), (6, "cohort")]);
    assert!(r["problems"][2]["message"]
        .as_str()
        .expect("why")
        .contains("“West 2026”"));
    assert_eq!(r["new_people"], 2);
    assert_eq!(r["sample"][0]["email"], "priya.shah@example.com");
    assert_eq!(r["sample"][0]["display_name"], "Priya Shah");
    assert_eq!(r["sample"][1]["role"], "mentor");
    assert_eq!(r["written"], false);
    assert_eq!(people_count(&app).await, before);

    // "All" with bad rows imports nothing.
    let r = report(&app, &admin, "mode=all", TALENTLMS_EXPORT).await;
    assert_eq!(
        (r["written"].as_bool(), r["invitations_total"].as_u64()),
        (Some(false), Some(0))
    );
    assert_eq!(people_count(&app).await, before);

    // Fixed, it goes in whole: each new person gets a one-time sign-in link, no password.
    let fixed = TALENTLMS_EXPORT
        .replace("sam.hill@example,", "sam.hill@example.com,")
        .replace("SuperAdmin,,,", "Learner-Type,,South 2026,")
        .replace("West 2026", "North 2026");
    let r = report(&app, &admin, "mode=all", &fixed).await;
    assert_eq!(
        (r["bad_rows"].as_u64(), r["written"].as_bool()),
        (Some(0), Some(true)),
        "{r}"
    );
    assert_eq!(
        (r["new_people"].as_u64(), r["invitations_total"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(people_count(&app).await, before + 5);
    let link = r["invitations"]
        .as_array()
        .expect("links")
        .iter()
        .find(|i| i["email"] == "priya.shah@example.com")
        .expect("Priya's link")["link"]
        .as_str()
        .expect("link")
        .to_owned();
    let token = link.rsplit('/').next().expect("token").to_owned();
    assert!(
        link.starts_with("http") && link.contains("/invite/"),
        "{link}"
    );

    // The same file again changes nothing.
    let r = report(&app, &admin, "mode=all", &fixed).await;
    assert_eq!(
        (
            r["new_people"].as_u64(),
            r["updated_people"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(5))
    );
    assert_eq!(r["invitations_total"], 0);
    assert_eq!(people_count(&app).await, before + 5);

    // Priya cannot sign in with any password until she uses her link.
    let priya = new_client();
    let res = priya
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "priya.shah@example.com", "password": "!invited"}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let view = get_as(&app, &priya, &format!("/api/v1/invitations/{token}")).await;
    assert_eq!(view["display_name"], "Priya Shah");
    let (status, e) = error_of(
        priya
            .post(app.url(&format!("/api/v1/invitations/{token}")))
            .json(&json!({"password": "short"}))
            .send()
            .await
            .expect("short"),
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password"))
    );
    // A password anyone could guess (her own name and a year) is refused with a reason.
    let (status, e) = error_of(
        priya
            .post(app.url(&format!("/api/v1/invitations/{token}")))
            .json(&json!({"password": "priyashah2026"}))
            .send()
            .await
            .expect("weak"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("That password would be easy to guess")),
        "{e}"
    );
    // A made-up link is refused before any password is looked at (or hashed).
    let (status, _) = error_of(
        new_client()
            .post(app.url(&format!("/api/v1/invitations/{}", "0".repeat(64))))
            .json(&json!({"password": "short"}))
            .send()
            .await
            .expect("made up"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = priya
        .post(app.url(&format!("/api/v1/invitations/{token}")))
        .json(&json!({"password": "priya-chose-this"}))
        .send()
        .await
        .expect("accept");
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.expect("me");
    assert_eq!(me["role"], "learner");
    let feed = get_as(&app, &priya, "/api/v1/feed").await;
    assert!(
        feed["streak"].is_object(),
        "signed in, in her cohort: {feed}"
    );
    let cohorts = me["cohorts"].as_array().expect("cohorts");
    assert_eq!(cohorts.len(), 1, "{me}");
    assert_eq!(cohorts[0]["name"], "North 2026");
    // The link works once; her chosen password works from now on.
    let (status, _) = error_of(
        new_client()
            .get(app.url(&format!("/api/v1/invitations/{token}")))
            .send()
            .await
            .expect("again"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    signed_in(&app, "priya.shah@example.com", "priya-chose-this").await;

    // Only admins import.
    let (status, _) = error_of(import(&app, &priya, "mode=preview", fixed.clone()).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
both_backends!(an_admin_imports_a_talentlms_export_and_new_people_sign_in_with_their_link);

async fn another_lms_export_is_mapped_by_hand_and_only_its_good_rows_go_in(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.demo = true).await else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    create_cohort(&app, &admin, "Intake A").await;
    let csv = "Learner email;Learner;Intake\n\
               ann@example.com;Ann Lee;Intake A\n\
               ann@example.com;Ann Lee again;Intake A\n\
               bob@example.com;Bob Ray;Intake A\n";
    // Semicolons are not this importer's separator: the columns are one, named as such.
    let (status, e) = error_of(import(&app, &admin, "mode=preview", csv.to_owned()).await).await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("mapping.email"))
    );
    let csv = csv.replace(';', ",");
    let (status, e) = error_of(import(&app, &admin, "mode=preview", csv.clone()).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "mapping.email");
    let (status, e) =
        error_of(import(&app, &admin, "mode=preview&email=Mail", csv.clone()).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["message"].as_str().expect("why").contains("“Mail”"));

    let q = "mode=good_rows&email=Learner%20email&name=Learner&cohort=Intake";
    let r = report(&app, &admin, q, &csv).await;
    assert_eq!(
        (
            r["good_rows"].as_u64(),
            r["bad_rows"].as_u64(),
            r["written"].as_bool()
        ),
        (Some(2), Some(1), Some(true))
    );
    assert_eq!(r["problems"][0]["line"], 3);
    assert!(r["problems"][0]["message"]
        .as_str()
        .expect("why")
        .contains("twice"));
    assert_eq!(r["invitations_total"], 2);
    let (status, e) = error_of(import(&app, &admin, "mode=preview", String::new()).await).await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file"))
    );
    let (status, _) = error_of(import(&app, &admin, "mode=sideways", csv.clone()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
both_backends!(another_lms_export_is_mapped_by_hand_and_only_its_good_rows_go_in);

async fn people_come_in_from_talentlms_through_its_api(backend: Backend) {
    let lms = TalentLmsStandIn::start().await;
    lms.user(
        1,
        "Tess",
        "Admin",
        "tess@provider.example",
        "SuperAdmin",
        true,
    );
    lms.user(
        2,
        "Omar",
        "Khan",
        "omar.khan@example.com",
        "Learner-Type",
        true,
    );
    lms.user(
        3,
        "Ruth",
        "Bell",
        "ruth.bell@example.com",
        "Trainer-Type",
        true,
    );
    lms.user(
        4,
        "Old",
        "Leaver",
        "old.leaver@example.com",
        "Learner-Type",
        false,
    );
    lms.group(7, "North 2026", &[2, 3, 4]);
    let url = lms.url.clone();
    let Some(app) = spawn_app_with(backend, |s| {
        s.demo = true;
        s.talentlms_url = Some(url);
        s.talentlms_api_key = Some(API_KEY.into());
    })
    .await
    else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    create_cohort(&app, &admin, "North 2026").await;
    let call = |mode: &str| {
        admin
            .post(app.url("/api/v1/admin/people/import/talentlms"))
            .json(&json!({ "mode": mode }))
            .send()
    };
    let r: Value = call("preview")
        .await
        .expect("preview")
        .json()
        .await
        .expect("json");
    assert_eq!(r["source"], "talentlms");
    // The SuperAdmin is refused by name; the inactive leaver is not brought in at all.
    assert_eq!(
        (r["rows"].as_u64(), r["good_rows"].as_u64()),
        (Some(3), Some(2)),
        "{r}"
    );
    assert_eq!(r["problems"][0]["field"], "role");
    let r: Value = call("good_rows")
        .await
        .expect("import")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (r["new_people"].as_u64(), r["written"].as_bool()),
        (Some(2), Some(true))
    );
    let ruth: (String, String) = sqlx::query_as(
        "SELECT u.role, c.name FROM users u JOIN memberships m ON m.user_id = u.id \
         JOIN cohorts c ON c.id = m.cohort_id WHERE u.email = 'ruth.bell@example.com'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("Ruth");
    assert_eq!(ruth, ("mentor".to_owned(), "North 2026".to_owned()));
    assert!(lms.problems().is_empty(), "{:?}", lms.problems());
    assert!(lms.seen().contains(&"/api/v1/groups/id:7".to_owned()));

    // A wrong key: TalentLMS refuses, Flowline says so and writes nothing.
    let Some(app) = spawn_app_with(backend, |s| {
        s.demo = true;
        s.talentlms_url = Some(lms.url.clone());
        s.talentlms_api_key = Some("wrong-key".into());
    })
    .await
    else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let (status, e) = error_of(
        admin
            .post(app.url("/api/v1/admin/people/import/talentlms"))
            .json(&json!({"mode": "all"}))
            .send()
            .await
            .expect("refused"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(
        e["message"].as_str().expect("why").contains("API key"),
        "{e}"
    );
}
both_backends!(people_come_in_from_talentlms_through_its_api);

/// A 50 MB export (TalentLMS's columns with long bios; 50 times the JSON body limit) is read
/// as it streams in: the preview counts every row and names the one bad row at its end.
async fn a_fifty_megabyte_export_streams_through_the_preview(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.demo = true).await else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let bio = "Cable jointing apprentice; ".repeat(45);
    let mut csv = String::from("Login,Firstname,Lastname,Email,User-type,Bio\n");
    let mut rows = 0u64;
    while csv.len() < 50 * 1024 * 1024 {
        rows += 1;
        csv.push_str(&format!(
            "p{rows},Pat,Number {rows},pat{rows}@example.com,Learner-Type,\"{bio}\"\n"
        ));
    }
    csv.push_str("bad,Bad,Row,not-an-address,Learner-Type,\n");
    let r = report(&app, &admin, "mode=preview", &csv).await;
    assert_eq!(r["rows"], rows + 1);
    assert_eq!(
        (r["good_rows"].as_u64(), r["bad_rows"].as_u64()),
        (Some(rows), Some(1))
    );
    assert_eq!(r["problems"][0]["line"], rows + 2);
}
both_backends!(a_fifty_megabyte_export_streams_through_the_preview);
