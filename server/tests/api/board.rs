//! Stories of the cohort board: in seconds a mentor sees who needs them (red), who is behind
//! (amber) and who is on track (green), and can open any of their own learners in depth;
//! nobody else can.

use crate::both_backends;
use crate::helpers::learning::{app_with_lessons, app_with_lessons_at};
use crate::helpers::people::{add_member, create_account, create_cohort, signed_in, ADMIN};
use crate::helpers::{error_of, new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;
use services::store::{questions, standards};

const DAY: i64 = 86_400_000;

/// The learner answers every question of the first S1 lesson right, at `at`.
async fn answer_lesson(app: &TestApp, learner: &Client, at: chrono::DateTime<chrono::Utc>) {
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let (standard, _, _) = standards::find(&mut conn, "ST1332")
        .await
        .expect("query")
        .expect("ST1332");
    let qs: Vec<questions::Question> = questions::current_of_standard(&mut conn, &standard)
        .await
        .expect("questions");
    let lesson = qs[0].content_id.clone();
    let item = json!({
        "id": uuid::Uuid::now_v7().to_string(),
        "content_id": lesson,
        "kind": "answered",
        "occurred_at": at.to_rfc3339(),
        "time_spent_s": 20.0,
        "answers": qs.iter().filter(|q| q.content_id == lesson)
            .map(|q| json!({"question_id": q.id, "response": q.answer})).collect::<Vec<_>>(),
    });
    let res = learner
        .post(app.url("/api/v1/interactions"))
        .json(&json!({ "interactions": [item] }))
        .send()
        .await
        .expect("post");
    let reply: Value = res.json().await.expect("reply");
    assert_eq!(reply["results"][0]["status"], "accepted", "{reply}");
}

/// Makes an account look `days` old (as if it had joined then).
async fn joined_days_ago(app: &TestApp, id: &str, days: i64) {
    sqlx::query("UPDATE users SET created_at = $1 WHERE id = $2")
        .bind(services::now_ms() - days * DAY)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("backdate");
}

async fn get(app: &TestApp, who: &Client, path: &str) -> reqwest::Response {
    who.get(app.url(path)).send().await.expect("get")
}

async fn a_mentor_sees_who_needs_them_and_opens_only_their_own_learners(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let cohort = create_cohort(&app, &admin, "Jointers North").await;
    let mentor = create_account(&app, &admin, "mo@example.com", "Mo Mentor", "mentor").await;
    let busy = create_account(&app, &admin, "bea@example.com", "Bea Busy", "learner").await;
    let quiet = create_account(&app, &admin, "quinn@example.com", "Quinn Quiet", "learner").await;
    let new = create_account(&app, &admin, "nat@example.com", "Nat New", "learner").await;
    for (id, role) in [
        (&mentor, "mentor"),
        (&busy, "learner"),
        (&quiet, "learner"),
        (&new, "learner"),
    ] {
        assert_eq!(
            add_member(&app, &admin, &cohort, id, role).await.status(),
            StatusCode::CREATED
        );
    }
    joined_days_ago(&app, &quiet, 10).await;
    let now = chrono::Utc::now();

    // Bea learns today; Quinn learnt five days ago and has not been back; Nat never started.
    let bea = signed_in(&app, "bea@example.com", "a-long-password").await;
    answer_lesson(&app, &bea, now - chrono::Duration::minutes(5)).await;
    answer_lesson(&app, &bea, now - chrono::Duration::minutes(2)).await;
    let quinn = signed_in(&app, "quinn@example.com", "a-long-password").await;
    answer_lesson(&app, &quinn, now - chrono::Duration::days(5)).await;

    let mo = signed_in(&app, "mo@example.com", "a-long-password").await;
    let cohorts: Value = get(&app, &mo, "/api/v1/mentor/cohorts")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(cohorts.as_array().map(Vec::len), Some(1), "{cohorts}");
    assert_eq!(cohorts[0]["id"], cohort.as_str());

    let res = get(
        &app,
        &mo,
        &format!("/api/v1/mentor/cohorts/{cohort}/learners"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let board: Value = res.json().await.expect("json");
    let rows: Vec<(String, String, String)> = board["learners"]
        .as_array()
        .expect("learners")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or("").to_owned(),
                r["status"].as_str().unwrap_or("").to_owned(),
                r["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Quinn Quiet".into(),
                "red".into(),
                "No activity for 5 days".into()
            ),
            ("Nat New".into(), "amber".into(), "Not started yet".into()),
            ("Bea Busy".into(), "green".into(), "On track".into()),
        ],
        "worst first: {board}"
    );
    let bea_row = &board["learners"][2];
    assert_eq!(bea_row["streak"], 1);
    // The churn risk, with its reason, for the mentor.
    let quinn = &board["learners"][0];
    assert_eq!(quinn["churn_risk"], "high", "{quinn}");
    assert_eq!(quinn["churn_reason"], "5 days without learning");
    assert_eq!(
        (
            bea_row["churn_risk"].as_str(),
            bea_row["churn_reason"].as_str()
        ),
        (Some("low"), None)
    );
    assert!(
        bea_row["overall"].as_f64().expect("overall") > 0.0,
        "{bea_row}"
    );
    assert!(bea_row["velocity"].as_f64().expect("velocity") > 0.0);
    assert!(bea_row["last_active"].is_string());
    assert!(board["learners"][1]["last_active"].is_null());
    let alerts = board["alerts"].as_array().expect("alerts");
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "stalled" && a["learner_name"] == "Quinn Quiet"),
        "{alerts:?}"
    );

    // The drilldown: heat map, history, the log and the sign-offs, for the mentor's learner.
    let when = chrono::Utc::now().to_rfc3339();
    let res = mo
        .post(app.url("/api/v1/mentor/observations"))
        .json(&json!({"learner_id": busy, "ksb_codes": ["S1"], "note": "Good cable prep", "occurred_at": when}))
        .send()
        .await
        .expect("sign off");
    assert_eq!(res.status(), StatusCode::CREATED);
    let detail: Value = get(&app, &mo, &format!("/api/v1/mentor/learners/{busy}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["row"]["name"], "Bea Busy");
    // Their own mentor can write to them in one tap.
    assert!(
        detail["email"].as_str().is_some_and(|e| e.contains('@')),
        "{}",
        detail["email"]
    );
    assert_eq!(detail["cohort"]["name"], "Jointers North");
    assert_eq!(
        detail["progress"]["ksbs"].as_array().map(Vec::len),
        Some(30),
        "every KSB in the heat map"
    );
    assert_eq!(
        detail["progress"]["history"].as_array().map(Vec::len),
        Some(35)
    );
    let recent = detail["recent"].as_array().expect("recent");
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0]["kind"], "answered");
    assert!(
        recent[0]["lesson"].as_str().is_some_and(|t| !t.is_empty()),
        "{recent:?}"
    );
    assert_eq!(recent[0]["right"], recent[0]["answers"]);
    assert_eq!(detail["observations"][0]["ksb_codes"], json!(["S1"]));
    assert_eq!(detail["observations"][0]["mentor"], "Mo Mentor");
    assert_eq!(detail["observations"][0]["note"], "Good cable prep");

    // Another cohort's mentor, learners, assessors and visitors are refused.
    let other_mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    for path in [
        format!("/api/v1/mentor/cohorts/{cohort}/learners"),
        format!("/api/v1/mentor/learners/{busy}"),
    ] {
        let (status, _) = error_of(get(&app, &other_mentor, &path).await).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another cohort's mentor: {path}"
        );
        let (status, _) = error_of(get(&app, &bea, &path).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a learner: {path}");
        let assessor = signed_in(&app, "assessor@demo.flowline.test", DEMO_PASSWORD).await;
        let (status, _) = error_of(get(&app, &assessor, &path).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an assessor: {path}");
        let (status, _) = error_of(get(&app, &new_client(), &path).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a visitor: {path}");
        // An admin sees every cohort.
        assert_eq!(
            get(&app, &admin, &path).await.status(),
            StatusCode::OK,
            "an admin: {path}"
        );
    }
}
both_backends!(a_mentor_sees_who_needs_them_and_opens_only_their_own_learners);

/// The demo cohort looks the same whatever the date and hour: seeded and read at several
/// fixed "now"s, around local midnight, across both clock changes and at midday.
async fn the_demo_cohort_shows_a_mentor_a_real_mix(backend: Backend) {
    for now in [
        "2026-12-02T12:00:00Z",
        "2026-06-15T23:30:00Z", // 00:30 BST: just after midnight in London
        "2026-03-29T00:30:00Z", // the night the clocks go forward
        "2026-10-25T00:59:00Z", // 01:59 BST, just before they go back
        "2026-12-31T23:59:59Z",
    ] {
        let at = chrono::DateTime::parse_from_rfc3339(now).expect("time");
        demo_cohort_at(backend, at.timestamp_millis()).await;
    }
}
both_backends!(the_demo_cohort_shows_a_mentor_a_real_mix);

async fn demo_cohort_at(backend: Backend, now: i64) {
    let Some(app) = app_with_lessons_at(backend, Clock::fixed(now)).await else {
        return;
    };
    services::demo_cohort::ensure_classmates(&app.db, now)
        .await
        .expect("seed");
    services::demo_cohort::ensure_classmates(&app.db, now)
        .await
        .expect("seed again");
    let mo = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let cohorts: Value = get(&app, &mo, "/api/v1/mentor/cohorts")
        .await
        .json()
        .await
        .expect("json");
    let id = cohorts[0]["id"].as_str().expect("id");
    let board: Value = get(&app, &mo, &format!("/api/v1/mentor/cohorts/{id}/learners"))
        .await
        .json()
        .await
        .expect("json");
    let learners = board["learners"].as_array().expect("learners");
    assert_eq!(learners.len(), 5, "Alex and four classmates, once: {board}");
    let sam = learners
        .iter()
        .find(|r| r["name"] == "Sam Reid")
        .expect("Sam");
    assert_eq!(sam["status"], "red", "{sam}");
    assert_eq!(sam["reason"], "No activity for 5 days", "at {now}");
    let light = |name: &str| {
        let r = learners.iter().find(|r| r["name"] == name).expect(name);
        (
            r["status"].as_str().unwrap_or("").to_owned(),
            r["reason"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(light("Priya Shah").0, "amber", "behind her own plan");
    assert!(
        light("Priya Shah").1.starts_with("Behind their plan"),
        "{:?}",
        light("Priya Shah")
    );
    assert_eq!(light("Tom Hughes"), ("green".into(), "On track".into()));
    assert_eq!(
        light("Alex Apprentice"),
        ("amber".into(), "Not started yet".into())
    );
    let bea = learners
        .iter()
        .find(|r| r["name"] == "Bea Okafor")
        .expect("Bea");
    assert!(bea["streak"].as_u64().expect("streak") >= 10, "{bea}");
    assert!(bea["overall"].as_f64().expect("overall") > 10.0, "{bea}");
}

/// Thirty new starters join the demo cohort through the admin's import: the cohort's average
/// falls, and not one apprentice already on the board changes light or reason, because each
/// is measured against their own plan, not against the cohort.
async fn thirty_new_starters_change_nobody_elses_light(backend: Backend) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
        .expect("time")
        .timestamp_millis();
    let Some(app) = app_with_lessons_at(backend, Clock::fixed(now)).await else {
        return;
    };
    services::demo_cohort::ensure_classmates(&app.db, now)
        .await
        .expect("seed");
    let mo = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let cohorts: Value = get(&app, &mo, "/api/v1/mentor/cohorts")
        .await
        .json()
        .await
        .expect("json");
    let path = format!(
        "/api/v1/mentor/cohorts/{}/learners",
        cohorts[0]["id"].as_str().expect("id")
    );
    let lights = |board: &Value| -> Vec<(String, String, String)> {
        let mut v: Vec<(String, String, String)> = board["learners"]
            .as_array()
            .expect("learners")
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap_or("").to_owned(),
                    r["status"].as_str().unwrap_or("").to_owned(),
                    r["reason"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before: Value = get(&app, &mo, &path).await.json().await.expect("json");
    assert_eq!(before["learners"].as_array().map(Vec::len), Some(5));

    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let mut csv = String::from("Login,Firstname,Lastname,Email,User-type,Group\n");
    for n in 1..=30 {
        csv.push_str(&format!(
            "starter{n},Starter,Number {n},starter{n}@example.com,Learner-Type,{}\n",
            services::demo::DEMO_COHORT
        ));
    }
    let res = admin
        .post(app.url("/api/v1/admin/people/import?mode=all"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );

    let after: Value = get(&app, &mo, &path).await.json().await.expect("json");
    let after_lights = lights(&after);
    assert_eq!(after_lights.len(), 35);
    let (new, old): (Vec<_>, Vec<_>) = after_lights
        .into_iter()
        .partition(|(name, _, _)| name.starts_with("Starter "));
    assert_eq!(old, lights(&before), "the apprentices already there");
    assert!(new
        .iter()
        .all(|(_, status, reason)| status == "amber" && reason == "Not started yet"));
    assert!(
        after["mean_overall"].as_f64() < before["mean_overall"].as_f64(),
        "the cohort's average fell: {} → {}",
        before["mean_overall"],
        after["mean_overall"]
    );
}
both_backends!(thirty_new_starters_change_nobody_elses_light);
