//! Stories of the learner loop: a learner opens the feed, watches, answers the quick checks,
//! and sees mastery, reviews and streak move; re-sending changes nothing; bad items are
//! refused one by one; derived state always equals a replay of the log.

use crate::both_backends;
use crate::helpers::learning::answered;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::learning::post;
use crate::helpers::learning::sign_up;
use crate::helpers::learning::statuses;
use crate::helpers::learning::{new_id, now_rfc3339};
use crate::helpers::lessons::with_demo_library;
use crate::helpers::{error_of, spawn_app, Backend};
use flowline_core::domain::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::learning::recompute::recompute;

fn ksb<'a>(progress: &'a Value, code: &str) -> &'a Value {
    progress["ksbs"]
        .as_array()
        .expect("ksbs")
        .iter()
        .find(|k| k["code"] == code)
        .unwrap_or_else(|| panic!("{code} in progress"))
}

async fn a_new_learner_learns_from_the_feed_and_their_mastery_streak_and_reviews_move(
    backend: Backend,
) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;

    let feed = app.get_json("/api/v1/feed").await;
    let items = feed["items"].as_array().expect("items");
    assert!((3..=8).contains(&items.len()), "{feed}");
    for item in items {
        assert!(
            item["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{item}"
        );
        assert!(item["video_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("/media/renders/")));
        assert_eq!(
            item["questions"].as_array().map(Vec::len),
            Some(2),
            "{item}"
        );
    }
    assert_eq!(feed["streak"]["current"], 0);
    assert_eq!(feed["streak"]["today_done"], false);
    assert!(feed["focus"]["code"].is_string(), "{feed}");
    assert!(feed["nudge"]
        .as_str()
        .is_some_and(|n| n.starts_with("Welcome")));

    // Nothing known yet: every KSB at 0.
    let before = app.get_json("/api/v1/progress").await;
    assert_eq!(before["overall"], 0.0);

    let item = &items[0];
    let code = item["questions"][0]["ksb"]
        .as_str()
        .expect("ksb")
        .to_owned();
    let batch = [
        json!({"id": new_id(), "content_id": item["content_id"], "kind": "watched",
               "occurred_at": now_rfc3339(), "time_spent_s": 61.5}),
        answered(item, true),
    ];
    let reply = post(&app, &batch).await;
    assert_eq!(statuses(&reply), ["accepted", "accepted"], "{reply}");
    assert_eq!(reply["streak"]["current"], 1);
    assert_eq!(reply["streak"]["today_done"], true);
    let moved = reply["ksbs"].as_array().expect("ksbs");
    assert!(
        moved
            .iter()
            .any(|k| k["code"] == code && k["mastery"].as_f64() > Some(0.0)),
        "{reply}"
    );

    let after = app.get_json("/api/v1/progress").await;
    let k = ksb(&after, &code);
    assert!(k["mastery"].as_f64() > Some(30.0), "two right answers: {k}");
    assert_eq!(k["answers"], 2);
    let next_review =
        chrono::DateTime::parse_from_rfc3339(k["next_review"].as_str().expect("scheduled"))
            .expect("RFC 3339");
    assert!(
        next_review > chrono::Utc::now() + chrono::Duration::hours(12),
        "{k}"
    );
    assert_eq!(k["due"], false);
    assert!(after["overall"].as_f64() > Some(0.0));
    assert_eq!(after["streak"]["current"], 1);
    assert_eq!(after["history"].as_array().map(Vec::len), Some(35));
    assert_eq!(after["history"][34]["active"], true);
    assert_eq!(after["illustrative"], true);

    // The phone did not hear back and sends the same batch again: nothing changes.
    let again = post(&app, &batch).await;
    assert_eq!(statuses(&again), ["duplicate", "duplicate"], "{again}");
    let unchanged = app.get_json("/api/v1/progress").await;
    assert_eq!(unchanged["ksbs"], after["ksbs"]);
    assert_eq!(unchanged["streak"], after["streak"]);

    // The feed has moved on: the lesson just done is not first again.
    let next = app.get_json("/api/v1/feed").await;
    assert_ne!(next["items"][0]["content_id"], item["content_id"], "{next}");
    assert_eq!(next["streak"]["today_done"], true);

    // Derived state is what a replay of the log says.
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert_eq!(
        (report.learners, report.differences.len()),
        (1, 0),
        "{report:?}"
    );
}
both_backends!(a_new_learner_learns_from_the_feed_and_their_mastery_streak_and_reviews_move);

async fn a_wrong_answer_never_raises_its_ksb_and_the_miss_comes_back(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let (wrong_item, right_item) = (&feed["items"][0], &feed["items"][1]);
    let wrong_code = wrong_item["questions"][0]["ksb"]
        .as_str()
        .expect("ksb")
        .to_owned();
    let right_code = right_item["questions"][0]["ksb"]
        .as_str()
        .expect("ksb")
        .to_owned();
    assert_ne!(wrong_code, right_code);

    let reply = post(
        &app,
        &[answered(wrong_item, false), answered(right_item, true)],
    )
    .await;
    assert_eq!(statuses(&reply), ["accepted", "accepted"]);
    let progress = app.get_json("/api/v1/progress").await;
    let missed = ksb(&progress, &wrong_code);
    let learned = ksb(&progress, &right_code);
    assert_eq!(missed["mastery"], 0.0, "{missed}");
    assert_eq!(missed["band"], "weak");
    assert_eq!(missed["right"], 0);
    let soon = |k: &Value| {
        chrono::DateTime::parse_from_rfc3339(k["next_review"].as_str().expect("scheduled"))
            .expect("time")
    };
    // At a new cohort's 95 % retention both first reviews fall due after FSRS's shortest
    // interval, a day; the miss is never later, and the feed brings it back (below).
    assert!(
        soon(missed) <= soon(learned),
        "a miss is reviewed no later: {missed} {learned}"
    );

    // The missed KSB comes back in the feed with that reason.
    let feed = app.get_json("/api/v1/feed").await;
    let reasons: Vec<&str> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["reason"].as_str())
        .collect();
    assert!(
        // The code comes with its short title, so the learner knows what it is.
        reasons.iter().any(
            |r| r.starts_with(&format!("Another go: you missed a {wrong_code} ("))
                && r.ends_with(") check")
        ),
        "{reasons:?}"
    );
}
both_backends!(a_wrong_answer_never_raises_its_ksb_and_the_miss_comes_back);

async fn each_bad_item_is_rejected_with_its_reason_while_the_rest_count(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let item = &feed["items"][0];
    let content = item["content_id"].clone();
    let question = item["questions"][0]["id"].clone();
    let future = (chrono::Utc::now() + chrono::Duration::hours(3)).to_rfc3339();
    let before_account = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    let watched = |id: String, content: &Value, at: &str| json!({"id": id, "content_id": content, "kind": "watched", "occurred_at": at});
    let good = new_id();
    let batch = [
        watched(new_id(), &json!("no-such-lesson"), &now_rfc3339()),
        watched(good.clone(), &content, &now_rfc3339()),
        watched(new_id(), &content, &future),
        watched(new_id(), &content, &before_account),
        watched("not-a-uuid".into(), &content, &now_rfc3339()),
        json!({"id": new_id(), "content_id": content, "kind": "answered", "occurred_at": now_rfc3339(),
               "answers": [{"question_id": question, "response": 7}]}),
        json!({"id": new_id(), "content_id": content, "kind": "danced", "occurred_at": now_rfc3339()}),
        watched(new_id(), &content, "yesterday teatime"),
    ];
    let reply = post(&app, &batch).await;
    assert_eq!(
        statuses(&reply),
        [
            "rejected", "accepted", "rejected", "rejected", "rejected", "rejected", "rejected",
            "rejected"
        ],
        "{reply}"
    );
    let reasons: Vec<&str> = reply["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["reason"].as_str().unwrap_or(""))
        .collect();
    assert!(reasons[0].contains("unknown content_id"), "{}", reasons[0]);
    assert!(reasons[1].is_empty());
    assert!(reasons[2].contains("future"), "{}", reasons[2]);
    assert!(
        reasons[3].contains("before this account existed"),
        "{}",
        reasons[3]
    );
    assert!(reasons[4].contains("UUID"), "{}", reasons[4]);
    assert!(reasons[5].contains("must be 0 to 1"), "{}", reasons[5]);
    assert!(reasons[6].contains("unknown variant"), "{}", reasons[6]);
    assert!(reasons[7].contains("RFC 3339"), "{}", reasons[7]);
    assert_eq!(reply["results"][1]["id"], good);
    // The good one counted.
    assert_eq!(reply["streak"]["current"], 1);

    // A batch that is not a batch is refused whole, naming the field.
    let res = app
        .post_json(
            "/api/v1/interactions",
            &json!({"interactions": "all of them"}),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "interactions", "{body}");
}
both_backends!(each_bad_item_is_rejected_with_its_reason_while_the_rest_count);

async fn the_same_batch_sent_twice_at_once_is_recorded_once(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let batch: Vec<Value> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .take(3)
        .map(|i| answered(i, true))
        .collect();
    let (a, b) = tokio::join!(post(&app, &batch), post(&app, &batch));
    let mut all: Vec<String> = statuses(&a).into_iter().chain(statuses(&b)).collect();
    all.sort();
    assert_eq!(
        all,
        [
            "accepted",
            "accepted",
            "accepted",
            "duplicate",
            "duplicate",
            "duplicate"
        ]
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interactions")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(rows, 3);
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert!(report.differences.is_empty(), "{report:?}");
}
both_backends!(the_same_batch_sent_twice_at_once_is_recorded_once);

async fn recompute_repairs_derived_state_that_drifted_from_the_log(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    post(&app, &[answered(&feed["items"][0], true)]).await;
    let before = app.get_json("/api/v1/progress").await;

    sqlx::query("UPDATE competency SET knowledge = 0.99, answers = 40")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let report = recompute(&app.db, true, services::now_ms())
        .await
        .expect("recompute");
    assert!(!report.differences.is_empty());
    assert!(
        report.differences[0].contains("sam@example.com"),
        "{report:?}"
    );
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert!(report.differences.is_empty(), "{report:?}");
    let after = app.get_json("/api/v1/progress").await;
    assert_eq!(after["ksbs"], before["ksbs"]);
}
both_backends!(recompute_repairs_derived_state_that_drifted_from_the_log);

async fn a_phone_that_syncs_an_earlier_answer_late_gets_what_a_replay_says(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "sam@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    // The van's phone answered a minute ago, offline; the tablet's answer just now went first.
    post(&app, &[answered(&feed["items"][0], true)]).await;
    let mut late = answered(&feed["items"][1], false);
    let late_at = chrono::Utc::now() - chrono::Duration::seconds(60);
    late["occurred_at"] = json!(late_at.to_rfc3339());
    assert_eq!(statuses(&post(&app, &[late]).await), ["accepted"]);
    // Then more, in order: folded into the kept state.
    post(&app, &[answered(&feed["items"][2], true)]).await;
    let progress = app.get_json("/api/v1/progress").await;
    // One day of learning, or two when the story runs in the first minute after midnight
    // (the van's answer was yesterday).
    let london = flowline_core::domain::Zone::default();
    let days = |at: chrono::DateTime<chrono::Utc>| {
        flowline_core::domain::streak::local_day(at.timestamp_millis(), london)
    };
    let expected = if days(late_at) == days(chrono::Utc::now()) {
        1
    } else {
        2
    };
    assert_eq!(progress["streak"]["current"], expected);

    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert!(report.differences.is_empty(), "{report:?}");

    // A hand edit of the kept state is found, and a recompute puts the replay back.
    sqlx::query("UPDATE engine_states SET state = REPLACE(state, '\"interactions\":3', '\"interactions\":9')")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert_eq!(report.differences.len(), 1, "{report:?}");
    assert!(
        report.differences[0].contains("kept engine state differs in the number of interactions"),
        "{report:?}"
    );
    recompute(&app.db, true, services::now_ms())
        .await
        .expect("repair");
    let report = recompute(&app.db, false, services::now_ms())
        .await
        .expect("recompute");
    assert!(report.differences.is_empty(), "{report:?}");
    let after = app.get_json("/api/v1/progress").await;
    assert_eq!(after["ksbs"], progress["ksbs"]);
}
both_backends!(a_phone_that_syncs_an_earlier_answer_late_gets_what_a_replay_says);

async fn the_feed_is_for_learners_in_a_cohort(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&app).await;
    let (status, _) = error_of(app.get("/api/v1/feed").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    app.create_user("mentor@example.com", "a-long-password", Role::Mentor)
        .await;
    app.login("mentor@example.com", "a-long-password").await;
    for path in ["/api/v1/feed", "/api/v1/progress"] {
        let (status, _) = error_of(app.get(path).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let res = app
        .post_json("/api/v1/interactions", &json!({"interactions": []}))
        .await;
    assert_eq!(error_of(res).await.0, StatusCode::FORBIDDEN);

    // Registered outside demo mode: in no cohort yet.
    sign_up(&app, "new@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    assert_eq!(feed["items"], json!([]));
    assert!(feed["nudge"]
        .as_str()
        .is_some_and(|n| n.contains("not in a cohort")));
    let (status, body) = error_of(app.get("/api/v1/progress").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let res = app
        .post_json("/api/v1/interactions", &json!({"interactions": []}))
        .await;
    assert_eq!(error_of(res).await.0, StatusCode::CONFLICT);
}
both_backends!(the_feed_is_for_learners_in_a_cohort);
