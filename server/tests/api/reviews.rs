//! Stories of progress reviews: Morgan, Alex's mentor, drafts Alex's first review from his
//! record; Alex and his line manager Erin are e-mailed to read and sign it; each comments and
//! signs on their phone; Morgan changes the plan after they signed, and both see their
//! signatures no longer hold until they sign again; with the third signature the review is
//! final, on Alex's evidence chain, and a change made behind Flowline's back shows.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::{practise_s3, user_id};
use crate::helpers::people::{create_account, signed_in, ADMIN};
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::evidence::trail::verify;

const LEARNER: &str = "learner@demo.flowline.test";
const MENTOR: &str = "mentor@demo.flowline.test";
const EMPLOYER: &str = "employer@demo.flowline.test";

async fn call(
    app: &TestApp,
    who: &Client,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = who.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// `who` reads the review and signs what they read, with `comment`.
async fn sign(app: &TestApp, who: &Client, id: &str, comment: &str) -> (StatusCode, Value) {
    let (_, seen) = call(
        app,
        who,
        Method::GET,
        &format!("/api/v1/reviews/{id}"),
        None,
    )
    .await;
    let body = json!({"content_hash": seen["content_hash"], "comment": comment});
    call(
        app,
        who,
        Method::POST,
        &format!("/api/v1/reviews/{id}/signature"),
        Some(body),
    )
    .await
}

/// Each party's signature as (party, signed, holds).
fn signatures(review: &Value) -> Vec<(String, bool, bool)> {
    review["signatures"]
        .as_array()
        .expect("signatures")
        .iter()
        .map(|s| {
            (
                s["party"].as_str().unwrap_or_default().to_owned(),
                s["signed_at"].is_string(),
                s["valid"] == true,
            )
        })
        .collect()
}

async fn a_review_is_drafted_signed_by_three_and_verifies_unchanged(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex = user_id(&app, LEARNER).await;
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let erin = signed_in(&app, EMPLOYER, DEMO_PASSWORD).await;
    practise_s3(&app, &learner, 3).await;
    let list = format!("/api/v1/learners/{alex}/reviews");
    // Alex joined 80 days ago: his first review (every 12 weeks) is due within the week, and
    // Morgan's board says so.
    sqlx::query("UPDATE memberships SET created_at = $1 WHERE user_id = $2")
        .bind(services::now_ms() - 80 * 86_400_000)
        .bind(&alex)
        .execute(&app.db.pool)
        .await
        .expect("backdate");
    let cohorts = call(&app, &mentor, Method::GET, "/api/v1/mentor/cohorts", None)
        .await
        .1;
    let board = format!(
        "/api/v1/mentor/cohorts/{}/learners",
        cohorts[0]["id"].as_str().expect("cohort")
    );
    let review_alert = |board: &Value| -> Option<String> {
        board["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .find(|a| a["kind"] == "progress_review" && a["learner_id"] == alex.as_str())
            .map(|a| a["message"].as_str().unwrap_or_default().to_owned())
    };
    let due = review_alert(&call(&app, &mentor, Method::GET, &board, None).await.1);
    assert!(
        due.as_deref()
            .is_some_and(|m| m.starts_with("Progress review 1 is due on")),
        "{due:?}"
    );

    // Nothing yet: the first is due twelve weeks after Alex started; Morgan may draft it.
    let (status, reviews) = call(&app, &mentor, Method::GET, &list, None).await;
    assert_eq!(status, StatusCode::OK, "{reviews}");
    assert_eq!(reviews["every_weeks"], 12);
    assert!(reviews["due_on"].is_string(), "{reviews}");
    assert_eq!(reviews["may_draft"], true);
    assert_eq!(reviews["reviews"], json!([]));
    // Alex and Erin read it, but only a mentor or an admin drafts.
    assert_eq!(
        call(&app, &learner, Method::GET, &list, None).await.1["may_draft"],
        false
    );
    assert_eq!(
        call(&app, &erin, Method::POST, &list, None).await.0,
        StatusCode::FORBIDDEN
    );

    // Morgan drafts it: the record since Alex started, and a mail to Alex and to Erin.
    let (status, review) = call(&app, &mentor, Method::POST, &list, None).await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    assert_eq!(review["number"], 1);
    assert_eq!(review["record"]["answers"], 3, "{review}");
    assert!(
        review["record"]["moved"]
            .as_array()
            .is_some_and(|m| m.iter().any(|k| k["code"] == "S3")),
        "{review}"
    );
    assert_eq!(
        review["record"]["weakest"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(review["my_party"], "mentor");
    assert_eq!(
        signatures(&review),
        [
            ("apprentice".to_owned(), false, false),
            ("employer".to_owned(), false, false),
            ("mentor".to_owned(), false, false),
        ]
    );
    // Each row names who is to sign it.
    assert_eq!(review["signatures"][0]["name"], "Alex Apprentice");
    assert_eq!(review["signatures"][1]["name"], "Erin Employer");
    assert_eq!(review["signatures"][2]["name"], "Morgan Mentor");
    let mails: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM jobs WHERE kind = 'email' AND payload LIKE '%Progress review 1%'",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("mails");
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(
        mails.iter().any(|m| m.contains(LEARNER)) && mails.iter().any(|m| m.contains(EMPLOYER))
    );
    let id = review["id"].as_str().expect("id").to_owned();
    let at = |part: &str| format!("/api/v1/reviews/{id}{part}");
    assert_eq!(
        review_alert(&call(&app, &mentor, Method::GET, &board, None).await.1).as_deref(),
        Some("Progress review 1 is waiting for signatures")
    );
    // One open review at a time.
    let (status, _) = call(&app, &mentor, Method::POST, &list, None).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The plan, then Alex and Erin comment and sign.
    let plan = json!({"plan": "Three supervised 11 kV straight joints before the next review."});
    assert_eq!(
        call(&app, &mentor, Method::PUT, &at("/plan"), Some(plan))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call(
            &app,
            &learner,
            Method::PUT,
            &at("/plan"),
            Some(json!({"plan": "Nothing"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN,
        "only the mentor writes the plan"
    );
    // Alex reads it, then Morgan sharpens the plan before Alex signs: what Alex read is no
    // longer what the review says, so his signature is refused until he reads it again.
    let (_, read_by_alex) = call(&app, &learner, Method::GET, &at(""), None).await;
    let sharper = json!({"plan": "Three supervised 11 kV straight joints, one a week, before the next review."});
    assert_eq!(
        call(&app, &mentor, Method::PUT, &at("/plan"), Some(sharper))
            .await
            .0,
        StatusCode::OK
    );
    let stale = json!({"content_hash": read_by_alex["content_hash"], "comment": "Fine"});
    let (status, err) = call(&app, &learner, Method::POST, &at("/signature"), Some(stale)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    for (who, words) in [
        (&learner, "I want more time on LV joints."),
        (&erin, "Alex is careful and asks good questions."),
    ] {
        let (status, _) = sign(&app, who, &id, words).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(
        call(&app, &learner, Method::GET, &at(""), None).await.1["signatures"][0]["comment"],
        "I want more time on LV joints."
    );
    let (_, review) = call(&app, &mentor, Method::GET, &at(""), None).await;
    assert_eq!(
        signatures(&review)[..2],
        [
            ("apprentice".to_owned(), true, true),
            ("employer".to_owned(), true, true),
        ]
    );

    // Morgan changes the plan after they signed: their signatures no longer hold.
    let plan = json!({"plan": "Four supervised 11 kV straight joints before the next review."});
    let (_, review) = call(&app, &mentor, Method::PUT, &at("/plan"), Some(plan)).await;
    assert_eq!(
        signatures(&review)[..2],
        [
            ("apprentice".to_owned(), true, false),
            ("employer".to_owned(), true, false),
        ]
    );
    // Morgan's own signature makes it one of three that hold: not final yet.
    let (_, review) = sign(&app, &mentor, &id, "").await;
    assert_eq!(review["signed"], false);
    for (who, words) in [
        (&learner, "I want more time on LV joints."),
        (&erin, "Alex is careful and asks good questions."),
    ] {
        let (status, _) = sign(&app, who, &id, words).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, review) = call(&app, &erin, Method::GET, &at(""), None).await;
    assert_eq!(review["signed"], true, "{review}");
    assert!(signatures(&review)
        .iter()
        .all(|(_, signed, holds)| *signed && *holds));
    assert_eq!(review["signatures"][1]["name"], "Erin Employer");

    // Final: nothing changes any more; it is on Alex's chain, which verifies.
    let (status, err) = error_of(
        mentor
            .put(app.url(&at("/plan")))
            .json(&json!({"plan": "Later"}))
            .send()
            .await
            .expect("plan"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, _) = call(
        &app,
        &learner,
        Method::PUT,
        &at("/comment"),
        Some(json!({"comment": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let chained: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evidence_records WHERE kind = 'review' AND ref_id = $1",
    )
    .bind(&id)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(chained, 1);
    assert!(verify(&app.db, None).await.expect("verify").ok);
    // It is in Alex's portfolio, with the three signatures.
    let (_, portfolio) = call(
        &app,
        &mentor,
        Method::GET,
        &format!("/api/v1/learners/{alex}/portfolio"),
        None,
    )
    .await;
    assert_eq!(
        portfolio["reviews"].as_array().map(Vec::len),
        Some(1),
        "{portfolio}"
    );
    assert_eq!(portfolio["reviews"][0]["signed"], true);
    // The next review is due twelve weeks after this one was drafted: nothing on the board.
    let (_, reviews) = call(&app, &mentor, Method::GET, &list, None).await;
    assert_eq!(reviews["may_draft"], true);
    assert_eq!(reviews["overdue"], false);
    assert_eq!(
        review_alert(&call(&app, &mentor, Method::GET, &board, None).await.1),
        None
    );

    // Someone rewrites the plan in the database: every signature shows it, and so does verify.
    sqlx::query("UPDATE reviews SET plan = 'No joints needed.' WHERE id = $1")
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let (_, review) = call(&app, &mentor, Method::GET, &at(""), None).await;
    assert!(
        signatures(&review)
            .iter()
            .all(|(_, signed, holds)| *signed && !*holds),
        "{review}"
    );
    let report = verify(&app.db, None).await.expect("verify");
    assert!(!report.ok);
    assert!(
        report
            .broken
            .iter()
            .any(|b| b.kind == "review" && b.ref_id == id),
        "{report:?}"
    );
}

async fn a_review_is_only_for_the_apprentices_own_people(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex = user_id(&app, LEARNER).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let (_, review) = call(
        &app,
        &mentor,
        Method::POST,
        &format!("/api/v1/learners/{alex}/reviews"),
        None,
    )
    .await;
    let id = review["id"].as_str().expect("id").to_owned();
    create_account(
        &app,
        &admin,
        "pat@other.example.com",
        "Pat Manager",
        "employer",
    )
    .await;
    let pat = signed_in(&app, "pat@other.example.com", "a-long-password").await;
    // Another company's line manager: no such review; they cannot sign it either.
    assert_eq!(
        call(
            &app,
            &pat,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let guess = json!({"content_hash": review["content_hash"], "comment": ""});
    let (status, _) = call(
        &app,
        &pat,
        Method::POST,
        &format!("/api/v1/reviews/{id}/signature"),
        Some(guess),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An admin reads it but is none of the three: cannot sign.
    assert_eq!(
        call(
            &app,
            &admin,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(sign(&app, &admin, &id, "").await.0, StatusCode::FORBIDDEN);
    // The cohort holds reviews every 8 weeks instead; 60 is refused.
    let cohort: Value = call(&app, &admin, Method::GET, "/api/v1/mentor/cohorts", None)
        .await
        .1;
    let cohort = cohort[0]["id"].as_str().expect("cohort").to_owned();
    let path = format!("/api/v1/admin/cohorts/{cohort}");
    let (status, out) = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"review_weeks": 8})),
    )
    .await;
    assert_eq!(
        (status, out["review_weeks"].as_i64()),
        (StatusCode::OK, Some(8)),
        "{out}"
    );
    let (status, err) = error_of(
        admin
            .patch(app.url(&path))
            .json(&json!({"review_weeks": 60}))
            .send()
            .await
            .expect("patch"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("review_weeks"))
    );
    let (_, reviews) = call(
        &app,
        &mentor,
        Method::GET,
        &format!("/api/v1/learners/{alex}/reviews"),
        None,
    )
    .await;
    assert_eq!(reviews["every_weeks"], 8);
}

both_backends!(a_review_is_drafted_signed_by_three_and_verifies_unchanged);
both_backends!(a_review_is_only_for_the_apprentices_own_people);

/// Nobody signs for four days: each of the three is reminded once, however often the
/// reminders run; three days later, once more. A week before Sam's first review falls due,
/// nothing; three days before, his mentor hears of it, once.
async fn who_has_not_signed_is_reminded_and_mentors_hear_of_reviews_falling_due(backend: Backend) {
    // Today at noon: Sam's start, backdated 80 days into British Summer Time, falls on the same
    // local day whatever the hour the story runs (late at night it would be the next one).
    let noon = chrono::Utc::now()
        .date_naive()
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc()
        .timestamp_millis();
    let clock = services::state::Clock::fixed(noon);
    let Some(app) = crate::helpers::learning::app_with_lessons_at(backend, clock.clone()).await
    else {
        return;
    };
    let alex = user_id(&app, LEARNER).await;
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let (_, review) = call(
        &app,
        &mentor,
        Method::POST,
        &format!("/api/v1/learners/{alex}/reviews"),
        None,
    )
    .await;
    assert_eq!(review["number"], 1, "{review}");
    let reminders = |app: &TestApp| {
        let pool = app.db.pool.clone();
        async move {
            let mut to: Vec<String> = sqlx::query_scalar(
                "SELECT payload FROM jobs WHERE kind = 'email' AND payload LIKE '%Reminder: progress review 1%'",
            )
            .fetch_all(&pool)
            .await
            .expect("mails");
            to.sort();
            to
        }
    };
    let run = |app: &TestApp, clock: &services::state::Clock| {
        let (db, now) = (app.db.clone(), clock.now_ms());
        async move {
            services::reviews::remind(&db, "http://flowline.test", now)
                .await
                .expect("remind")
        }
    };
    assert_eq!(
        run(&app, &clock).await.signatures,
        0,
        "not before three days"
    );
    clock.advance(4 * 86_400_000);
    assert_eq!(run(&app, &clock).await.signatures, 3);
    assert_eq!(run(&app, &clock).await.signatures, 0, "once");
    let sent = reminders(&app).await;
    for who in [LEARNER, EMPLOYER, MENTOR] {
        assert!(sent.iter().any(|m| m.contains(who)), "{who}: {sent:?}");
    }
    clock.advance(3 * 86_400_000);
    assert_eq!(
        run(&app, &clock).await.signatures,
        3,
        "three days later, again"
    );

    // Sam joined a cohort with Morgan 80 days ago: his first review is due in four days.
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let sam = create_account(&app, &admin, "sam@example.com", "Sam Starter", "learner").await;
    let cohorts = call(&app, &mentor, Method::GET, "/api/v1/mentor/cohorts", None)
        .await
        .1;
    let cohort = cohorts[0]["id"].as_str().expect("cohort").to_owned();
    let added = call(
        &app,
        &admin,
        Method::POST,
        &format!("/api/v1/admin/cohorts/{cohort}/members"),
        Some(json!({"user_id": sam, "role": "learner"})),
    )
    .await;
    assert!(added.0.is_success(), "{added:?}");
    sqlx::query("UPDATE memberships SET created_at = $1 WHERE user_id = $2")
        .bind(clock.now_ms() - 80 * 86_400_000)
        .bind(&sam)
        .execute(&app.db.pool)
        .await
        .expect("backdate");
    assert_eq!(run(&app, &clock).await.due, 0, "four days out: not yet");
    clock.advance(86_400_000);
    assert_eq!(
        run(&app, &clock).await.due,
        1,
        "three days out: Morgan hears"
    );
    assert_eq!(run(&app, &clock).await.due, 0, "once");
}

both_backends!(who_has_not_signed_is_reminded_and_mentors_hear_of_reviews_falling_due);
