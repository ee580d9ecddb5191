//! Stories of the content studio: an admin makes a lesson — video, question, KSB mapping —
//! publishes it and learners of the standard get it; changing a lesson learners have used
//! starts a new version, and their evidence keeps pointing at the one they used.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{error_of, new_client, spawn_app_with, Backend, TestApp};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::media::mp4::{is_faststart_mp4, top_level_boxes};

/// A short H.264 MP4 as most editors write it: the index (`moov`) after the media.
pub(crate) fn slow_start_mp4(dir: &std::path::Path) -> Vec<u8> {
    let path = dir.join("upload.mp4");
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"])
        .args(["-i", "testsrc=size=320x568:rate=10", "-t", "3"])
        .args(["-c:v", "libx264", "-pix_fmt", "yuv420p"])
        .arg(&path)
        .output()
        .expect("ffmpeg (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).expect("read mp4");
    let boxes = top_level_boxes(std::io::Cursor::new(&bytes)).expect("boxes");
    assert!(!is_faststart_mp4(&boxes), "the fixture starts slowly");
    bytes
}

async fn call(
    app: &TestApp,
    who: &Client,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let req = who.request(method, app.url(path));
    let req = match body {
        Some(b) => req.json(b),
        None => req,
    };
    req.send().await.expect("request")
}

async fn put_bytes(
    app: &TestApp,
    who: &Client,
    path: &str,
    ct: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    who.put(app.url(path))
        .header("content-type", ct)
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

fn lesson_save(question_ksb: &str, prompt: &str) -> Value {
    json!({
        "title": "Proving dead before you touch",
        "difficulty": 1,
        "transcript": "Prove your tester on a known source. Test the cable. Prove the tester again.",
        "ksbs": [{"code": "k1", "weight": 1.0}, {"code": "K2", "weight": 1.0}, {"code": "K4", "weight": 1.0}],
        "questions": [{"ksb": question_ksb, "prompt": prompt,
            "options": ["Once, after the test", "Before and after the test", "Never"],
            "correct": 1, "explanation": "Prove, test, prove."}],
    })
}

async fn an_admin_publishes_a_lesson_and_learners_of_the_standard_get_it(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let res = call(
        &app,
        &admin,
        Method::POST,
        "/api/v1/admin/lessons",
        Some(&json!({"standard": "ST1332", "title": "Proving dead", "difficulty": 1})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.expect("json");
    let id = draft["id"].as_str().expect("id").to_owned();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["slug"], "proving-dead");
    assert_eq!(
        draft["missing"],
        json!(["a video", "at least one KSB", "at least one question"])
    );
    assert_eq!(draft["ksb_choices"].as_array().map(Vec::len), Some(30));
    let base = format!("/api/v1/admin/lessons/{id}");

    // Not publishable yet, and it says why.
    let (status, err) =
        error_of(call(&app, &admin, Method::POST, &format!("{base}/publish"), None).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("a video")),
        "{err}"
    );

    // Uploads are checked by content, not by name.
    let (status, err) = error_of(
        put_bytes(
            &app,
            &admin,
            &format!("{base}/video"),
            "video/mp4",
            b"<html>not a video</html>".to_vec(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("video")),
        "{err}"
    );
    let dir = tempfile::tempdir().expect("dir");
    let mp4 = slow_start_mp4(dir.path());
    let res = put_bytes(&app, &admin, &format!("{base}/video"), "video/mp4", mp4).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let with_video: Value = admin
        .get(app.url(&base))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(with_video["duration_s"], 3);
    assert!(with_video["poster_url"].is_string(), "{with_video}");
    let video = admin
        .get(app.url(with_video["video_url"].as_str().expect("url")))
        .send()
        .await
        .expect("video");
    assert_eq!(video.status(), StatusCode::OK);
    let stored = video.bytes().await.expect("bytes");
    let boxes = top_level_boxes(std::io::Cursor::new(stored.to_vec())).expect("boxes");
    assert!(is_faststart_mp4(&boxes), "stored faststart: {boxes:?}");

    // The mapping and questions are checked field by field.
    for (body, field) in [
        (
            lesson_save("S1", "When do you prove the tester?"),
            "questions[0].ksb",
        ),
        (lesson_save("K1", "  "), "questions[0].prompt"),
        (
            json!({"title": "Proving dead", "difficulty": 1, "ksbs": [{"code": "K99", "weight": 1.0}], "questions": []}),
            "ksbs[0].code",
        ),
        (
            json!({"title": "Proving dead", "difficulty": 1, "ksbs": [{"code": "K1", "weight": 1.5}], "questions": []}),
            "ksbs[0].weight",
        ),
        (
            json!({"title": "Proving dead", "difficulty": 9, "ksbs": [], "questions": []}),
            "difficulty",
        ),
    ] {
        let (status, err) =
            error_of(call(&app, &admin, Method::PUT, &base, Some(&body)).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["field"], field, "{err}");
    }
    let res = call(
        &app,
        &admin,
        Method::PUT,
        &base,
        Some(&lesson_save("K1", "When do you prove the tester?")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(
        saved["version"], 1,
        "a draft nobody has seen is edited in place"
    );
    assert_eq!(saved["ksbs"][0], json!({"code": "K1", "weight": 1.0}));
    assert_eq!(saved["missing"], json!([]));

    // Published: a learner of ST1332 gets it, first, with its question.
    let res = call(&app, &admin, Method::POST, &format!("{base}/publish"), None).await;
    assert_eq!(
        res.json::<Value>().await.expect("json")["status"],
        "published"
    );
    crate::helpers::learning::sign_up(&app, "new.learner@example.com").await;
    let feed: Value = app.get_json("/api/v1/feed").await;
    let item = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["content_id"] == id.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("the new lesson is in the feed: {feed}"));
    assert_eq!(item["title"], "Proving dead before you touch");
    let question = item["questions"][0].clone();
    assert_eq!(question["prompt"], "When do you prove the tester?");

    // The learner answers it (version 1); the admin then changes the question.
    let answered = json!({"interactions": [{"id": uuid::Uuid::now_v7().to_string(), "content_id": id,
        "kind": "answered", "occurred_at": chrono::Utc::now().to_rfc3339(), "time_spent_s": 30.0,
        "answers": [{"question_id": question["id"], "response": 1}]}]});
    let reply: Value = app
        .post_json("/api/v1/interactions", &answered)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(reply["results"][0]["status"], "accepted", "{reply}");
    let res = call(
        &app,
        &admin,
        Method::PUT,
        &base,
        Some(&lesson_save("K2", "What does the tester prove?")),
    )
    .await;
    let v2: Value = res.json().await.expect("json");
    assert_eq!(
        v2["version"], 2,
        "a lesson learners have used moves to a new version"
    );
    let versions: Vec<(i64, bool, i64)> = v2["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap_or(0),
                v["current"].as_bool().unwrap_or(false),
                v["interactions"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(versions, [(2, true, 0), (1, false, 1)]);
    // The learner's evidence still points at version 1; an answer to the old question that
    // was waiting on a phone is still graded against version 1.
    let log: Value = app.get_json("/api/v1/interactions").await;
    assert_eq!(log[0]["content_version"], 1);
    let late = json!({"interactions": [{"id": uuid::Uuid::now_v7().to_string(), "content_id": id,
        "kind": "answered", "occurred_at": chrono::Utc::now().to_rfc3339(), "time_spent_s": 30.0,
        "answers": [{"question_id": question["id"], "response": 0}]}]});
    let reply: Value = app
        .post_json("/api/v1/interactions", &late)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(reply["results"][0]["status"], "accepted", "{reply}");
    let log: Value = app.get_json("/api/v1/interactions").await;
    assert_eq!(log[1]["content_version"], 1);
    let feed: Value = app.get_json("/api/v1/feed").await;
    if let Some(item) = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["content_id"] == id.as_str())
    {
        assert_eq!(
            item["questions"][0]["prompt"],
            "What does the tester prove?"
        );
    }

    // Captions: bad files are refused; generated ones follow the transcript.
    let (status, err) = error_of(
        put_bytes(
            &app,
            &admin,
            &format!("{base}/captions"),
            "text/vtt",
            b"1\n00:00.000 --> 00:01.000\nhi\n".to_vec(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("captions"))
    );
    let res = call(
        &app,
        &admin,
        Method::POST,
        &format!("{base}/captions/generate"),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let with_captions: Value = res.json().await.expect("json");
    let vtt = admin
        .get(app.url(with_captions["captions_url"].as_str().expect("captions")))
        .send()
        .await
        .expect("vtt")
        .text()
        .await
        .expect("text");
    assert!(
        vtt.starts_with("WEBVTT") && vtt.contains("Prove your tester on a known source."),
        "{vtt}"
    );

    // The list filters by status and words; learners, mentors and visitors are refused.
    let drafts: Value = admin
        .get(app.url("/api/v1/admin/lessons?status=draft"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert!(drafts
        .as_array()
        .expect("rows")
        .iter()
        .all(|r| r["status"] == "draft"));
    let found: Value = admin
        .get(app.url("/api/v1/admin/lessons?q=proving"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["from_file"], false);
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    for who in [&app.client, &mentor] {
        let (status, _) = error_of(who.get(app.url(&base)).send().await.expect("get")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = error_of(new_client().get(app.url(&base)).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
both_backends!(an_admin_publishes_a_lesson_and_learners_of_the_standard_get_it);

async fn an_upload_over_the_limit_is_refused_and_nothing_changes(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| {
        s.demo = true;
        s.max_video_mb = 1;
    })
    .await
    else {
        return;
    };
    crate::helpers::lessons::with_demo_library(&app).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let res = call(
        &app,
        &admin,
        Method::POST,
        "/api/v1/admin/lessons",
        Some(&json!({"standard": "ST1332", "title": "Big file", "difficulty": 2})),
    )
    .await;
    let id = res.json::<Value>().await.expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = put_bytes(
        &app,
        &admin,
        &format!("/api/v1/admin/lessons/{id}/video"),
        "video/mp4",
        vec![0u8; 2 * 1024 * 1024],
    )
    .await;
    assert_eq!(
        res.headers()
            .get("connection")
            .and_then(|v| v.to_str().ok()),
        Some("close"),
        "the unread body makes the connection unusable: the client is told"
    );
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("1 MB")),
        "{err}"
    );
    let lesson: Value = admin
        .get(app.url(&format!("/api/v1/admin/lessons/{id}")))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(lesson["video_url"].is_null());
    let spool = app.media_dir.parent().expect("data dir").join("spool");
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "nothing is left in the spool");
}
both_backends!(an_upload_over_the_limit_is_refused_and_nothing_changes);
