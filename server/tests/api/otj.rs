//! Stories of off-the-job hours: a new apprentice's hours build themselves from the lessons
//! they watch and the checks they answer (never more than the video lasts), from practice their
//! mentor watched, and from classroom training they log once the mentor approves it. The
//! provider exports them as CSV; the assessor reads them in the readiness summary; the admin
//! sets the standard's minimum, and a re-import keeps it.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons_at;
use crate::helpers::mentor::{sign_off, user_id};
use crate::helpers::people::signed_in;
use crate::helpers::{error_of, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

const APPRENTICE: &str = "otj-apprentice@example.com";
const PASSWORD: &str = "a-long-password";
const MENTOR: &str = "mentor@demo.flowline.test";
const ADMIN: &str = "admin@demo.flowline.test";

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(app: &TestApp, who: &Client, path: &str, body: Value) -> reqwest::Response {
    who.post(app.url(path))
        .json(&body)
        .send()
        .await
        .expect("post")
}

async fn set_minimum(app: &TestApp, who: &Client, hours: Value) -> reqwest::Response {
    who.patch(app.url("/api/v1/admin/standards/ST1332"))
        .json(&json!({ "otj_min_hours": hours }))
        .send()
        .await
        .expect("patch")
}

fn hours(seconds: f64) -> f64 {
    (seconds / 360.0).round() / 10.0
}

async fn an_apprentices_hours_build_from_learning_and_approved_training(backend: Backend) {
    // Yesterday at 09:00 UTC: the day's learning and logging stay on one local day whenever
    // the story runs (run near midnight, minutes later would be tomorrow).
    let clock = Clock::fixed(
        (chrono::Utc::now() - chrono::Duration::days(1))
            .date_naive()
            .and_hms_opt(9, 0, 0)
            .expect("09:00")
            .and_utc()
            .timestamp_millis(),
    );
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    // The demo standard comes with a minimum; the admin sets the provider's own.
    let (_, standard) = get(&app, &admin, "/api/v1/standards/ST1332").await;
    assert_eq!(standard["otj_min_hours"], 696);
    let (status, err) = error_of(set_minimum(&app, &admin, json!(0)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "otj_min_hours");
    let res = set_minimum(&app, &admin, json!(400)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["otj_min_hours"],
        400
    );

    // A new apprentice in the demo cohort: nothing counted yet.
    app.register(APPRENTICE, PASSWORD).await;
    let me = signed_in(&app, APPRENTICE, PASSWORD).await;
    let id = user_id(&app, APPRENTICE).await;
    let hours_url = format!("/api/v1/learners/{id}/otj");
    let (status, start) = get(&app, &me, &hours_url).await;
    assert_eq!(status, StatusCode::OK, "{start}");
    assert_eq!(start["hours"], 0.0);
    assert_eq!(start["summary"], "0.0 of 400 h (0 %)");
    assert_eq!(start["met"], false);
    // Only the admin sets the minimum.
    assert_eq!(
        set_minimum(&app, &me, json!(10)).await.status(),
        StatusCode::FORBIDDEN
    );

    // They watch a lesson with the phone left on for 10 minutes (it counts for the video's
    // length), and leave a check open for two hours (it counts ten minutes).
    let (_, list) = get(&app, &me, "/api/v1/content?standard=ST1332").await;
    let lesson = &list["lessons"][0];
    let video_s = lesson["duration_s"].as_f64().expect("duration");
    let (_, feed) = get(&app, &me, "/api/v1/feed").await;
    let item = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["content_id"] == lesson["id"])
        .expect("the lesson is in the feed")
        .clone();
    // (The check ends twelve minutes after the watch: one thing at a time.)
    let joined = clock.now_ms();
    let at = |minutes: i64| {
        chrono::DateTime::from_timestamp_millis(joined + minutes * 60_000)
            .expect("time")
            .to_rfc3339()
    };
    clock.advance(20 * 60_000);
    let watched = json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": lesson["id"],
        "kind": "watched", "occurred_at": at(6), "time_spent_s": 600.0});
    let answered = json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": lesson["id"],
        "kind": "answered", "occurred_at": at(18), "time_spent_s": 7200.0,
        "answers": item["questions"].as_array().expect("questions").iter()
            .map(|q| json!({"question_id": q["id"], "response": q["answer"]})).collect::<Vec<_>>()});
    let res = post(
        &app,
        &me,
        "/api/v1/interactions",
        json!({"interactions": [watched, answered]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Their mentor watched 90 minutes of cable preparation; a duration of 0 is refused.
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let observed = |minutes: Value| {
        json!({"learner_id": id, "ksb_codes": ["S3"], "note": "", "duration_minutes": minutes,
            "occurred_at": at(25)})
    };
    let (status, err) = error_of(sign_off(&app, &mentor, &observed(json!(0))).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "duration_minutes");
    assert_eq!(
        sign_off(&app, &mentor, &observed(json!(90))).await.status(),
        StatusCode::CREATED
    );

    // They log a classroom morning; a progress review, a future day and a stranger KSB are
    // refused, each naming its field.
    // Today as the server sees it for the apprentice (its clock, their zone): run just before
    // midnight, the 20 minutes above have already made it tomorrow.
    let today = flowline_core::domain::streak::local_day(
        clock.now_ms(),
        flowline_core::domain::Zone::default(),
    );
    let logs = format!("/api/v1/learners/{id}/otj/logs");
    let morning = |activity: &str, day: chrono::NaiveDate, ksb: &str| {
        json!({"activity": activity, "occurred_on": day.to_string(), "minutes": 180,
            "description": "LV jointing theory, training centre", "ksb_codes": [ksb]})
    };
    for (body, field, says) in [
        (
            morning("progress review", today, "K1"),
            "activity",
            "do not count",
        ),
        (
            morning("classroom", today + chrono::Duration::days(1), "K1"),
            "occurred_on",
            "future",
        ),
        (
            morning("classroom", today, "K99"),
            "ksb_codes",
            "K99 is not a KSB",
        ),
    ] {
        let (status, err) = error_of(post(&app, &me, &logs, body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["field"], field);
        assert!(
            err["message"].as_str().expect("msg").contains(says),
            "{err}"
        );
    }
    let res = post(&app, &me, &logs, morning("classroom", today, "k1")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let log: Value = res.json().await.expect("log");
    assert_eq!(log["status"], "pending");
    assert_eq!(log["ksb_codes"], json!(["K1"]));
    // A mentor cannot log for them.
    assert_eq!(
        post(&app, &mentor, &logs, morning("classroom", today, "K1"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let counted = video_s + 600.0 + 90.0 * 60.0;
    let (_, pending) = get(&app, &me, &hours_url).await;
    assert_eq!(pending["hours"], hours(counted), "{pending}");
    assert_eq!(pending["pending_hours"], 3.0);
    assert_eq!(pending["sources"]["observed"], 1.5);

    // They cannot approve their own; another learner cannot even see it; the mentor approves
    // it once.
    let decision = format!(
        "/api/v1/otj/logs/{}/decision",
        log["id"].as_str().expect("id")
    );
    assert_eq!(
        post(&app, &me, &decision, json!({"approve": true}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let other = signed_in(&app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    assert_eq!(get(&app, &other, &hours_url).await.0, StatusCode::NOT_FOUND);
    // The mentor does not hunt for it: the board says it is waiting.
    let (_, cohorts) = get(&app, &mentor, "/api/v1/mentor/cohorts").await;
    let cohort = cohorts[0]["id"].as_str().expect("cohort").to_owned();
    let (_, board) = get(
        &app,
        &mentor,
        &format!("/api/v1/mentor/cohorts/{cohort}/learners"),
    )
    .await;
    let waiting: Vec<&Value> = board["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .filter(|a| a["kind"] == "training_to_approve")
        .collect();
    assert_eq!(waiting.len(), 1, "{board}");
    assert_eq!(waiting[0]["learner_id"], id.as_str());
    assert_eq!(waiting[0]["message"], "3 h of logged training to approve");
    let res = post(&app, &mentor, &decision, json!({"approve": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.expect("json")["status"],
        "approved"
    );
    let (status, err) =
        error_of(post(&app, &mentor, &decision, json!({"approve": false})).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["message"]
        .as_str()
        .expect("msg")
        .contains("already approved"));

    // Approved training is evidence: on the learner's chain, and an xAPI statement with the
    // approving mentor as instructor.
    let report = services::evidence::trail::verify(&app.db, Some(&id))
        .await
        .expect("verify");
    assert!(report.ok, "{report:?}");
    let (_, page) = get(&app, &mentor, &format!("/api/v1/learners/{id}/statements")).await;
    let statement = page["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .find(|s| {
            s["object"]["definition"]["name"]["en-GB"]
                == "Off-the-job training: Classroom or workshop"
        })
        .unwrap_or_else(|| panic!("a statement for the training: {page}"))
        .clone();
    assert_eq!(statement["result"]["duration"], "PT180M");
    assert_eq!(
        statement["result"]["response"],
        "LV jointing theory, training centre"
    );
    assert_eq!(
        statement["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/completed"
    );
    assert!(statement["context"]["instructor"]["account"]["name"].is_string());

    // A decline says why, and the apprentice reads it.
    let res = post(&app, &me, &logs, morning("shadowing", today, "K1")).await;
    let second: Value = res.json().await.expect("log");
    let decline = format!(
        "/api/v1/otj/logs/{}/decision",
        second["id"].as_str().expect("id")
    );
    let (status, err) = error_of(
        post(
            &app,
            &mentor,
            &decline,
            json!({"approve": false, "reason": "  "}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let why = "Shadowing is logged by the day: split it into the two days, please.";
    let res = post(
        &app,
        &mentor,
        &decline,
        json!({"approve": false, "reason": why}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, mine) = get(&app, &me, &hours_url).await;
    let declined = mine["logs"]
        .as_array()
        .expect("logs")
        .iter()
        .find(|l| l["id"] == second["id"])
        .expect("the declined log");
    assert_eq!(
        (
            declined["status"].as_str(),
            declined["decline_reason"].as_str()
        ),
        (Some("declined"), Some(why))
    );

    let total = hours(counted + 180.0 * 60.0);
    let (_, now) = get(&app, &mentor, &hours_url).await;
    assert_eq!(now["hours"], total, "{now}");
    assert_eq!(now["pending_hours"], 0.0);
    assert_eq!(now["logs"][0]["decided_by"], "Morgan Mentor");

    // The export: a line per source, with dates, hours, KSBs and the evidence behind each.
    let res = mentor
        .get(app.url(&format!("/api/v1/learners/{id}/otj/hours.csv")))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .contains("otj-hours-ST1332-"));
    let csv = res.text().await.expect("text");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,activity,hours,ksbs,source,evidence")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 4, "{csv}");
    let day = today.to_string();
    let has = |what: &str, hours: String, source: &str| {
        rows.iter().any(|r| {
            r.starts_with(&day) && r.contains(what) && r.contains(&hours) && r.contains(source)
        })
    };
    assert!(
        has(
            "micro-lessons watched",
            format!("{:.2}", video_s / 3600.0),
            "flowline lessons"
        ),
        "{csv}"
    );
    assert!(
        has("quick checks answered", "0.17".into(), "flowline checks"),
        "{csv}"
    );
    assert!(
        has(
            "signed off by Morgan Mentor",
            "1.50".into(),
            "mentor observation"
        ),
        "{csv}"
    );
    assert!(
        has(
            "\"Classroom or workshop: LV jointing theory, training centre\"",
            "3.00".into(),
            "logged, mentor approved"
        ) || has(
            "Classroom or workshop: LV jointing theory, training centre",
            "3.00".into(),
            "logged, mentor approved"
        ),
        "{csv}"
    );

    // The assessor reads them in the readiness summary once shared, and not before.
    let assessor = signed_in(&app, "assessor@demo.flowline.test", DEMO_PASSWORD).await;
    assert_eq!(
        get(&app, &assessor, &hours_url).await.0,
        StatusCode::NOT_FOUND
    );
    let shares = format!("/api/v1/learners/{id}/shares");
    let res = post(
        &app,
        &me,
        &shares,
        json!({"assessor_email": "assessor@demo.flowline.test", "days": 7}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, readiness) =
        get(&app, &assessor, &format!("/api/v1/learners/{id}/readiness")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(readiness["otj"]["hours"], total);
    assert_eq!(readiness["ready"], false);
    let gap = format!(
        "Off-the-job hours: {}",
        readiness["otj"]["summary"].as_str().expect("s")
    );
    assert!(
        readiness["gaps"]
            .as_array()
            .expect("gaps")
            .contains(&json!(gap)),
        "{readiness}"
    );

    // Re-importing the standard from a document without a minimum keeps the admin's.
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/standards/ST1332.demo.json"
        ))
        .expect("demo standard"),
    )
    .expect("json");
    doc.as_object_mut().expect("object").remove("otjHours");
    let res = post(&app, &admin, "/api/v1/admin/standards/import", doc).await;
    assert!(
        res.status().is_success(),
        "{}",
        res.text().await.unwrap_or_default()
    );
    let (_, standard) = get(&app, &admin, "/api/v1/standards/ST1332").await;
    assert_eq!(standard["otj_min_hours"], 400);
}
both_backends!(an_apprentices_hours_build_from_learning_and_approved_training);

/// Watches of one lesson, each claiming `spent` seconds, ending at `times`.
fn watches(lesson: &Value, times: &[chrono::DateTime<chrono::Utc>], spent: f64) -> Value {
    let items: Vec<Value> = times
        .iter()
        .map(|t| {
            json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": lesson["id"],
                "kind": "watched", "occurred_at": t.to_rfc3339(), "time_spent_s": spent})
        })
        .collect();
    json!({ "interactions": items })
}

async fn hours_nobody_can_invent(backend: Backend) {
    let start = chrono::Utc::now() - chrono::Duration::days(40);
    let clock = Clock::fixed(start.timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    app.register(APPRENTICE, PASSWORD).await;
    let me = signed_in(&app, APPRENTICE, PASSWORD).await;
    let id = user_id(&app, APPRENTICE).await;
    let hours_url = format!("/api/v1/learners/{id}/otj");
    let (_, list) = get(&app, &me, "/api/v1/content?standard=ST1332").await;
    let (first, second) = (&list["lessons"][0], &list["lessons"][1]);
    let video_s = first["duration_s"].as_f64().expect("duration");

    // Three days later the phone sends 200 backdated watches of one lesson, a minute apart
    // over two days, each claiming five minutes: the server accepts them all as learning...
    clock.advance(3 * 86_400_000);
    let day = |d: i64| {
        (start.date_naive() + chrono::Duration::days(d))
            .and_hms_opt(9, 0, 0)
            .expect("9 o'clock")
            .and_utc()
    };
    let times: Vec<_> = (0..200)
        .map(|i| day(1 + i % 2) + chrono::Duration::minutes(i))
        .collect();
    let res = post(
        &app,
        &me,
        "/api/v1/interactions",
        watches(first, &times, 300.0),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let reply: Value = res.json().await.expect("json");
    let accepted = reply["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["status"] == "accepted")
        .count();
    assert_eq!(accepted, 200, "{reply}");

    // ...but the lesson counts once a day, for its length: two watches' worth.
    let (_, counted) = get(&app, &me, &hours_url).await;
    assert_eq!(
        counted["sources"]["lessons"],
        hours(2.0 * video_s),
        "{counted}"
    );
    let csv = me
        .get(app.url(&format!("/api/v1/learners/{id}/otj/hours.csv")))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert_eq!(
        csv.lines()
            .filter(|l| l.contains("micro-lessons watched"))
            .count(),
        2,
        "one line a day: {csv}"
    );
    let not_counted = counted["not_counted"].as_array().expect("not counted");
    let repeat = not_counted
        .iter()
        .find(|n| n["reason"].as_str().is_some_and(|r| r.contains("same day")))
        .unwrap_or_else(|| panic!("the repeats are explained: {counted}"));
    assert_eq!(repeat["items"], 198, "{counted}");
    assert_eq!(repeat["hours"], hours(198.0 * video_s));

    // Fifty lessons stamped with the same minute are one minute's worth, not fifty.
    let lessons: Vec<Value> = list["lessons"].as_array().expect("lessons").clone();
    let moment = day(2) + chrono::Duration::hours(5);
    let same: Vec<Value> = lessons
        .iter()
        .map(|l| {
            json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": l["id"],
                "kind": "watched", "occurred_at": moment.to_rfc3339(), "time_spent_s": 75.0})
        })
        .collect();
    let n = same.len();
    assert!(n >= 2, "the demo library has lessons");
    post(
        &app,
        &me,
        "/api/v1/interactions",
        json!({ "interactions": same }),
    )
    .await;
    let (_, after) = get(&app, &me, &hours_url).await;
    let lessons_h = after["sources"]["lessons"].as_f64().expect("lessons");
    assert!(
        lessons_h <= hours(2.0 * video_s + 75.0) + 0.05,
        "{n} lessons at one moment count one moment: {after}"
    );
    assert!(after["not_counted"]
        .as_array()
        .expect("not counted")
        .iter()
        .any(|n| n["reason"].as_str().is_some_and(|r| r.contains("overlaps"))));

    // A watch that waited on the phone for three weeks is kept as learning but not counted:
    // the mentor can log that training instead.
    clock.advance(21 * 86_400_000);
    post(
        &app,
        &me,
        "/api/v1/interactions",
        watches(second, &[day(4)], 60.0),
    )
    .await;
    let (_, late) = get(&app, &me, &hours_url).await;
    assert_eq!(late["sources"]["lessons"], after["sources"]["lessons"]);
    assert!(late["not_counted"]
        .as_array()
        .expect("not counted")
        .iter()
        .any(|n| n["reason"]
            .as_str()
            .is_some_and(|r| r.contains("more than 14 days"))
            && n["items"] == 1));

    // Progress says it in words.
    let page = me
        .get(app.url("/progress"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Not counted:"),
        "Progress explains what did not count"
    );
}
both_backends!(hours_nobody_can_invent);

/// The training provider sets how much lesson and check time one day may count for their
/// standard: half an hour here. A day of eager learning counts that much, and Progress says
/// why the rest did not.
async fn the_daily_ceiling_is_the_standards_setting(backend: Backend) {
    // Yesterday at 09:00 (London is on UTC in winter, an hour ahead in summer): the day's
    // learning ends well before midnight whenever the story runs.
    let start = (chrono::Utc::now() - chrono::Duration::days(1))
        .date_naive()
        .and_hms_opt(9, 0, 0)
        .expect("09:00")
        .and_utc();
    let clock = Clock::fixed(start.timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let patch = |body: Value| {
        let admin = admin.clone();
        let url = app.url("/api/v1/admin/standards/ST1332");
        async move { admin.patch(url).json(&body).send().await.expect("patch") }
    };
    let (status, err) =
        error_of(patch(json!({"otj_min_hours": 696, "otj_daily_hours": 13})).await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("otj_daily_hours"))
    );
    assert!(patch(json!({"otj_min_hours": 696, "otj_daily_hours": 0.5}))
        .await
        .status()
        .is_success());
    let (_, standard) = get(&app, &admin, "/api/v1/standards/ST1332").await;
    assert_eq!(standard["otj_daily_hours"], 0.5, "{standard}");

    app.register(APPRENTICE, PASSWORD).await;
    let me = signed_in(&app, APPRENTICE, PASSWORD).await;
    let id = user_id(&app, APPRENTICE).await;
    let (_, feed) = get(&app, &me, "/api/v1/feed").await;
    let items = feed["items"].as_array().expect("items");
    assert!(items.len() >= 3, "{feed}");
    // Each lesson watched, then its check taken for ten minutes, one after another.
    let mut at = start + chrono::Duration::minutes(30);
    let mut batch = Vec::new();
    for item in items {
        at += chrono::Duration::seconds(75);
        batch.push(
            json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": item["content_id"],
            "kind": "watched", "occurred_at": at.to_rfc3339(), "time_spent_s": 75.0}),
        );
        at += chrono::Duration::minutes(10);
        let answers: Vec<Value> = item["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| json!({"question_id": q["id"], "response": q["answer"]}))
            .collect();
        batch.push(
            json!({"id": uuid::Uuid::now_v7().to_string(), "content_id": item["content_id"],
            "kind": "answered", "occurred_at": at.to_rfc3339(), "time_spent_s": 600.0,
            "answers": answers}),
        );
    }
    clock.advance(6 * 3_600_000);
    let res = post(
        &app,
        &me,
        "/api/v1/interactions",
        json!({ "interactions": batch }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, hours) = get(&app, &me, &format!("/api/v1/learners/{id}/otj")).await;
    let counted = hours["sources"]["lessons"].as_f64().unwrap_or(0.0)
        + hours["sources"]["checks"].as_f64().unwrap_or(0.0);
    assert!(
        (counted - 0.5).abs() < 0.051,
        "half an hour counted: {hours}"
    );
    assert!(
        hours["not_counted"]
            .as_array()
            .expect("not counted")
            .iter()
            .any(|n| n["reason"] == "lessons and checks past 0.5 hours in one day"),
        "{hours}"
    );
}
both_backends!(the_daily_ceiling_is_the_standards_setting);

/// Sam goes on parental leave for ten days: Morgan, his mentor, records the break and the
/// return. What Sam's phone recorded while away counts for nothing (Progress says why), and the
/// ILR file has two learning deliveries: the first ended by the break (`CompStatus` 6), the
/// second a restart planned for the hours still to do, ending ten days later.
async fn a_break_in_learning_counts_no_hours_and_restarts_the_ilr_delivery(backend: Backend) {
    let start = chrono::Utc::now() - chrono::Duration::days(40);
    let clock = Clock::fixed(start.timestamp_millis());
    let Some(app) = app_with_lessons_at(backend, clock.clone()).await else {
        return;
    };
    app.register(APPRENTICE, PASSWORD).await;
    let sam = signed_in(&app, APPRENTICE, PASSWORD).await;
    let morgan = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let id = user_id(&app, APPRENTICE).await;
    let (_, list) = get(&app, &sam, "/api/v1/content?standard=ST1332").await;
    let lesson = &list["lessons"][0];
    let video_s = lesson["duration_s"].as_f64().expect("duration");
    let day = |d: i64| start.date_naive() + chrono::Duration::days(d);
    let at_nine = |d: i64| day(d).and_hms_opt(9, 0, 0).expect("9 o'clock").and_utc();
    let watch = |d: i64| watches(lesson, &[at_nine(d)], video_s);
    let breaks = format!("/api/v1/learners/{id}/breaks");

    // Day 3: a lesson watched on day 1 counts.
    clock.advance(3 * 86_400_000);
    assert_eq!(
        post(&app, &sam, "/api/v1/interactions", watch(1))
            .await
            .status(),
        StatusCode::OK
    );

    // Day 10: Morgan records the break from day 5; nobody else can, and not twice.
    clock.advance(7 * 86_400_000);
    let away = json!({"starts_on": day(5).to_string(), "reason": "Parental leave"});
    let (status, err) = error_of(post(&app, &sam, &breaks, away.clone()).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    let (status, err) = error_of(
        post(
            &app,
            &morgan,
            &breaks,
            json!({"starts_on": day(12).to_string(), "reason": "Leave"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not in the future: {err}"
    );
    let res = post(&app, &morgan, &breaks, away.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, _) = error_of(post(&app, &morgan, &breaks, away).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "one open break at a time");
    // The phone sends a watch from day 6, while away.
    assert_eq!(
        post(&app, &sam, "/api/v1/interactions", watch(6))
            .await
            .status(),
        StatusCode::OK
    );

    // Day 20: back on day 15 (not on or before the break's start); a watch on day 16 counts.
    clock.advance(10 * 86_400_000);
    let back = format!("{breaks}/return");
    let (status, _) = error_of(
        post(
            &app,
            &morgan,
            &back,
            json!({"returned_on": day(5).to_string()}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(
        &app,
        &morgan,
        &back,
        json!({"returned_on": day(15).to_string()}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended: Value = res.json().await.expect("break");
    assert_eq!(ended["ends_on"], day(15).to_string());
    assert_eq!(
        post(&app, &sam, "/api/v1/interactions", watch(16))
            .await
            .status(),
        StatusCode::OK
    );
    // A new break starts after the return day, never on it (nor on the day they joined).
    for d in [15, 0] {
        let again = json!({"starts_on": day(d).to_string(), "reason": "Leave"});
        let (status, err) = error_of(post(&app, &morgan, &breaks, again).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "day {d}: {err}");
    }

    // Progress: two watches count, the one while away does not, and says why.
    let (_, hours) = get(&app, &sam, &format!("/api/v1/learners/{id}/otj")).await;
    let one = (video_s / 3600.0 * 10.0).round() / 10.0;
    assert_eq!(
        hours["sources"]["lessons"].as_f64(),
        Some((2.0 * video_s / 3600.0 * 10.0).round() / 10.0),
        "{hours}"
    );
    let not_counted = hours["not_counted"].as_array().expect("not counted");
    assert!(
        not_counted.iter().any(|n| n["reason"]
            .as_str()
            .is_some_and(|r| r.contains("break in learning"))
            && n["hours"].as_f64() == Some(one)),
        "{hours}"
    );
    assert_eq!(hours["breaks"][0]["reason"], "Parental leave");

    // The ILR file: the delivery the break ended, and the restart.
    let res = morgan
        .get(app.url(&format!("/api/v1/learners/{id}/otj/ilr.csv")))
        .send()
        .await
        .expect("ilr");
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("csv");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "LearnRefNumber",
            "Standard",
            "AimSeqNumber",
            "LearnStartDate",
            "LearnPlanEndDate",
            "LearnActEndDate",
            "CompStatus",
            "RestartInd",
            "PHours",
            "OTJActHours"
        ]
    );
    assert_eq!(rows.len(), 3, "{csv}");
    let ddmmyyyy = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    assert_eq!(rows[1][0].len(), 12, "the ILR's learner reference");
    assert_eq!(rows[1][0], rows[2][0]);
    assert_eq!(rows[1][2], "1");
    assert_eq!(
        rows[1][5],
        ddmmyyyy(day(4)),
        "ended the day before the break"
    );
    assert_eq!(rows[1][6], "6");
    assert_eq!(rows[1][8], "696");
    assert_eq!(rows[2][2], "2");
    assert_eq!(rows[2][3], ddmmyyyy(day(15)));
    assert_eq!(rows[2][5], "");
    assert_eq!(rows[2][6], "1");
    assert_eq!(rows[2][7], "1", "a restart");
    assert_eq!(rows[2][8], "696", "what is still to do, in whole hours");
    let planned =
        |r: &Vec<&str>| chrono::NaiveDate::parse_from_str(r[4], "%d/%m/%Y").expect("planned end");
    assert_eq!(
        planned(&rows[2]) - planned(&rows[1]),
        chrono::Duration::days(10),
        "later by the break"
    );
}

both_backends!(a_break_in_learning_counts_no_hours_and_restarts_the_ilr_delivery);
