//! Stories of the lesson catalogue: lessons written as files appear for learners once their
//! video is rendered; videos stream with byte ranges; a render is never done twice; a new
//! version of the standard keeps lessons mapped to the same KSBs.

use crate::both_backends;
use crate::helpers::lessons::lesson;
use crate::helpers::lessons::sync_lessons;
use crate::helpers::lessons::with_demo_library;
use crate::helpers::{error_of, spawn_app, spawn_app_with, Backend, TestApp};
use flowline_core::domain::Role;
use reqwest::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG,
};
use reqwest::StatusCode;
use serde_json::Value;
use services::media::mp4;
use services::media::render::{parse_vtt, LocalRenderer};
use services::renders::{self, Turn};

async fn signed_in_learner(app: &TestApp) {
    app.create_user("learner@example.com", "a-long-password", Role::Learner)
        .await;
    assert_eq!(
        app.login("learner@example.com", "a-long-password")
            .await
            .status(),
        StatusCode::OK
    );
}

async fn render_all(app: &TestApp) -> usize {
    let renderer = LocalRenderer::default();
    let mut rendered = 0;
    loop {
        match renders::run_next(&app.db, &app.media, &renderer, &app.clock)
            .await
            .expect("queue")
        {
            Turn::Idle => return rendered,
            Turn::Rendered { .. } => rendered += 1,
            Turn::Failed { error, .. } => panic!("render failed: {error}"),
        }
    }
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("request")
}

async fn a_lesson_reaches_learners_once_its_video_is_rendered(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&app).await;
    signed_in_learner(&app).await;
    let docs = [
        lesson("isolation", "S3 = 1.0, K6 = 0.5", "K6"),
        lesson("earthing", "K9 = 1.0", "K9"),
    ];
    let report = sync_lessons(&app, &docs).await.expect("sync");
    assert_eq!((report.created, report.queued), (2, 2));

    // Written but not yet rendered: not offered, but counted as coming.
    let list = app.get_json("/api/v1/content?standard=ST1332").await;
    assert_eq!(list["lessons"].as_array().map(Vec::len), Some(0), "{list}");
    assert_eq!(list["rendering"], 2);

    assert_eq!(render_all(&app).await, 2);
    let list = app.get_json("/api/v1/content?standard=ST1332").await;
    assert_eq!(list["rendering"], 0);
    let lessons = list["lessons"].as_array().expect("lessons");
    assert_eq!(lessons.len(), 2, "{list}");
    let isolation = lessons
        .iter()
        .find(|l| l["title"] == "Test lesson isolation")
        .expect("listed");
    assert_eq!(isolation["ksbs"], serde_json::json!(["S3", "K6"]));
    assert_eq!(isolation["difficulty"], 2);
    assert!(
        isolation["duration_s"]
            .as_i64()
            .is_some_and(|d| (3..=20).contains(&d)),
        "{isolation}"
    );

    // The video streams in ranges, as a <video> element asks for it.
    let video = isolation["video_url"].as_str().expect("video url");
    let part = get_with(&app, video, &[("Range", "bytes=0-99")]).await;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()[CONTENT_TYPE], "video/mp4");
    assert_eq!(part.headers()[ACCEPT_RANGES], "bytes");
    assert!(part.headers()[CACHE_CONTROL]
        .to_str()
        .unwrap_or_default()
        .contains("immutable"));
    let range = part.headers()[CONTENT_RANGE]
        .to_str()
        .expect("range")
        .to_owned();
    assert!(range.starts_with("bytes 0-99/"), "{range}");
    let total: u64 = range
        .rsplit('/')
        .next()
        .and_then(|t| t.parse().ok())
        .expect("total");
    assert_eq!(part.bytes().await.expect("body").len(), 100);

    let tail = get_with(&app, video, &[("Range", "bytes=-10")]).await;
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.headers()[CONTENT_RANGE].to_str().ok(),
        Some(format!("bytes {}-{}/{total}", total - 10, total - 1).as_str())
    );
    let beyond = get_with(&app, video, &[("Range", &format!("bytes={total}-"))]).await;
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        beyond.headers()[CONTENT_RANGE].to_str().ok(),
        Some(format!("bytes */{total}").as_str())
    );

    let whole = app.get(video).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(
        whole.headers()[CONTENT_LENGTH].to_str().ok(),
        Some(total.to_string().as_str())
    );
    let etag = whole.headers()[ETAG].to_str().expect("etag").to_owned();
    let bytes = whole.bytes().await.expect("body");
    let boxes = mp4::top_level_boxes(std::io::Cursor::new(bytes.to_vec())).expect("an MP4");
    assert!(
        mp4::is_faststart_mp4(&boxes),
        "moov must come before mdat: {boxes:?}"
    );
    let again = get_with(&app, video, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // A range for a version the client does not have is answered with the whole file.
    let stale = get_with(
        &app,
        video,
        &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::OK);

    let captions = app
        .get(isolation["captions_url"].as_str().expect("captions"))
        .await;
    assert_eq!(captions.headers()[CONTENT_TYPE], "text/vtt; charset=utf-8");
    let cues = parse_vtt(&captions.text().await.expect("text")).expect("valid WebVTT");
    assert_eq!(cues.first().map(|c| c.text.as_str()), Some("Isolate it."));
    let poster = app
        .get(isolation["poster_url"].as_str().expect("poster"))
        .await;
    assert_eq!(poster.headers()[CONTENT_TYPE], "image/jpeg");
    assert_eq!(&poster.bytes().await.expect("jpeg")[..2], &[0xFF, 0xD8]);
}
both_backends!(a_lesson_reaches_learners_once_its_video_is_rendered);

async fn a_fresh_database_on_the_same_media_renders_nothing_again(backend: Backend) {
    let Some(first) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&first).await;
    let docs = [lesson("isolation", "S3 = 1.0", "S3")];
    sync_lessons(&first, &docs).await.expect("sync");
    assert_eq!(render_all(&first).await, 1);

    let media_dir = first.media_dir.clone();
    let Some(second) = spawn_app_with(backend, |s| s.media_dir = Some(media_dir)).await else {
        return;
    };
    with_demo_library(&second).await;
    let report = sync_lessons(&second, &docs).await.expect("sync");
    assert_eq!((report.created, report.attached, report.queued), (1, 1, 0));
    assert_eq!(render_all(&second).await, 0);
    signed_in_learner(&second).await;
    let list = second.get_json("/api/v1/content?standard=ST1332").await;
    assert_eq!(list["lessons"].as_array().map(Vec::len), Some(1), "{list}");
}
both_backends!(a_fresh_database_on_the_same_media_renders_nothing_again);

async fn an_edited_lesson_becomes_a_new_version_and_keeps_its_old_questions(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&app).await;
    let v1 = lesson("isolation", "S3 = 1.0", "S3");
    sync_lessons(&app, std::slice::from_ref(&v1))
        .await
        .expect("sync");
    let same = sync_lessons(&app, std::slice::from_ref(&v1))
        .await
        .expect("sync");
    assert_eq!((same.unchanged, same.created, same.updated), (1, 0, 0));

    let mut v2 = v1.clone();
    v2.questions[0].prompt = "When do you prove the tester?".into();
    let report = sync_lessons(&app, &[v2]).await.expect("sync");
    assert_eq!(report.updated, 1);
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT q.content_version, COUNT(*) FROM questions q GROUP BY q.content_version ORDER BY q.content_version",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("query");
    assert_eq!(
        rows,
        vec![(1, 2), (2, 2)],
        "old questions stay for the interactions that used them"
    );
    let version: i64 = sqlx::query_scalar("SELECT version FROM content")
        .fetch_one(&app.db.pool)
        .await
        .expect("version");
    assert_eq!(version, 2);
}
both_backends!(an_edited_lesson_becomes_a_new_version_and_keeps_its_old_questions);

async fn a_lesson_naming_a_ksb_the_standard_lacks_is_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&app).await;
    let bad = lesson("nonsense", "K99 = 1.0", "K99");
    let err = sync_lessons(&app, &[bad]).await.expect_err("refused");
    assert!(err.message.contains("ST1332 has no KSB K99"), "{err:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM content")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing half-written");
}
both_backends!(a_lesson_naming_a_ksb_the_standard_lacks_is_refused);

async fn the_catalogue_is_for_signed_in_people_and_explains_bad_requests(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    with_demo_library(&app).await;
    let (status, _) = error_of(app.get("/api/v1/content?standard=ST1332").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    signed_in_learner(&app).await;
    let (status, err) = error_of(app.get("/api/v1/content").await).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("standard"))
    );
    let (status, _) = error_of(app.get("/api/v1/content?standard=ST0000").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for path in [
        "/media/renders/nothing/video.mp4",
        "/media/renders/%2e%2e/flowline.db",
        "/media/..%2Fflowline.db",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let list: Value = app.get_json("/api/v1/content?standard=ST1332").await;
    assert_eq!(list["standard"], "ST1332");
}
both_backends!(the_catalogue_is_for_signed_in_people_and_explains_bad_requests);

async fn a_new_version_of_the_standard_keeps_lessons_on_the_same_ksbs(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_user("admin@example.com", "a-long-password", Role::Admin)
        .await;
    assert_eq!(
        app.login("admin@example.com", "a-long-password")
            .await
            .status(),
        StatusCode::OK
    );
    let doc = |version: &str, knowledges: Value| {
        serde_json::json!({
            "referenceNumber": "ST1332", "title": "Power industry distribution cable jointer",
            "version": version, "level": 3, "typicalDuration": 36,
            "knowledges": knowledges,
            "skills": [{"skillId": "guid-s1", "detail": "Isolate and prove dead"}],
            "behaviours": [{"behaviourId": "guid-b1", "detail": "Safety first"}],
        })
    };
    let v1 = doc(
        "1.0",
        serde_json::json!([
            {"knowledgeId": "guid-k1", "detail": "Safety rules"},
            {"knowledgeId": "guid-k2", "detail": "Cable types"},
        ]),
    );
    assert_eq!(
        app.post_json("/api/v1/admin/standards/import", &v1)
            .await
            .status(),
        StatusCode::CREATED
    );
    sync_lessons(&app, &[lesson("rules", "K1 = 1.0", "K1")])
        .await
        .expect("sync");

    // Version 1.1 puts a new knowledge first: "Safety rules" is now K2 by array order.
    let v2 = doc(
        "1.1",
        serde_json::json!([
            {"knowledgeId": "guid-k0", "detail": "Network layout"},
            {"knowledgeId": "guid-k1", "detail": "Safety rules and safety documents"},
            {"knowledgeId": "guid-k2", "detail": "Cable types"},
        ]),
    );
    assert_eq!(
        app.post_json("/api/v1/admin/standards/import", &v2)
            .await
            .status(),
        StatusCode::CREATED
    );
    let mapped: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT k.code, k.official_guid, k.text FROM content_ksbs ck JOIN ksbs k ON k.id = ck.ksb_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("query");
    assert_eq!(
        mapped,
        vec![(
            "K2".into(),
            "guid-k1".into(),
            "Safety rules and safety documents".into()
        )],
        "the lesson follows its KSB by official id, whatever its new code"
    );
    let questions: Vec<String> =
        sqlx::query_scalar("SELECT k.code FROM questions q JOIN ksbs k ON k.id = q.ksb_id")
            .fetch_all(&app.db.pool)
            .await
            .expect("query");
    assert_eq!(questions, vec!["K2", "K2"]);
}
both_backends!(a_new_version_of_the_standard_keeps_lessons_on_the_same_ksbs);
