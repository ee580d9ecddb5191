//! An admin writes a lesson as a script in the studio: previews the narration, brings it in
//! as a draft whose video the render workers make (with progress), sees why a render failed
//! and runs it again, publishes it, and a learner of the standard gets it.

use crate::both_backends;
use crate::helpers::learning::{demo_app, sign_up};
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{error_of, Backend};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::media::render::local::LocalRenderer;
use services::renders::{run_next, Turn};
use services::state::Clock;

/// A shipped lesson under a new title: a script an admin might paste.
fn script() -> String {
    include_str!("../../../content/lessons/ST1332/01-electricity-at-work-duties.md").replace(
        "title = \"Your duties under the Electricity at Work Regulations\"",
        "title = \"Duties on site: a refresher\"",
    )
}

async fn an_admin_renders_a_lesson_from_a_script_and_a_learner_gets_it(backend: Backend) {
    let Some(app) = demo_app(backend, Clock::System, |_| {}).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let post = |path: &str, body: Value| admin.post(app.url(path)).json(&body).send();

    // The preview: scenes and narration as the video will say them; nothing is written.
    let res = post(
        "/api/v1/admin/lessons/from-script/preview",
        json!({"script": script()}),
    )
    .await
    .expect("preview");
    assert_eq!(res.status(), StatusCode::OK);
    let preview: Value = res.json().await.expect("json");
    assert_eq!(preview["title"], "Duties on site: a refresher");
    assert_eq!(
        preview["scenes"][0]["headline"],
        "Two laws behind every job"
    );
    let words = preview["words"].as_i64().expect("words");
    assert!((150..=215).contains(&words), "{words}");
    let seconds = preview["estimated_seconds"].as_i64().expect("seconds");
    assert!((60..=95).contains(&seconds), "{seconds} s");
    assert_eq!(preview["advice"], Value::Null);
    let lessons: Value = admin
        .get(app.url("/api/v1/admin/lessons"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(lessons, json!([]), "a preview writes nothing");

    // A broken script is named with its line, and nothing is written.
    let broken = script().replacen("difficulty = 1", "difficulty = \"easy\"", 1);
    let (status, err) = error_of(
        post(
            "/api/v1/admin/lessons/from-script",
            json!({"script": broken}),
        )
        .await
        .expect("bad"),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("script"))
    );
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .starts_with("Line "),
        "{err}"
    );

    // Brought in as a draft with its render queued.
    let res = post(
        "/api/v1/admin/lessons/from-script",
        json!({"script": script()}),
    )
    .await
    .expect("create");
    assert_eq!(res.status(), StatusCode::CREATED);
    let lesson: Value = res.json().await.expect("json");
    let id = lesson["id"].as_str().expect("id").to_owned();
    assert_eq!(
        (lesson["status"].as_str(), lesson["slug"].as_str()),
        (Some("draft"), Some("duties-on-site-a-refresher"))
    );
    assert_eq!(lesson["render"]["status"], "queued");
    assert_eq!(lesson["script"].as_str(), Some(script().as_str()));
    assert_eq!(lesson["from_file"], false);

    // A render that fails says why (here an MBROLA voice this machine does not have);
    // "render again" queues it anew.
    let broken_voice = LocalRenderer {
        voice: "mb-en1".into(),
        speed: 145,
    };
    let turn = run_next(&app.db, &app.media, &broken_voice, &app.clock)
        .await
        .expect("worker");
    assert!(matches!(turn, Turn::Failed { .. }), "{turn:?}");
    let get = || async {
        admin
            .get(app.url(&format!("/api/v1/admin/lessons/{id}")))
            .send()
            .await
            .expect("get")
            .json::<Value>()
            .await
            .expect("json")
    };
    // A tool failing may pass (a full disk, a busy machine): it is tried again later, and
    // the lesson says why meanwhile.
    let failed = get().await;
    assert_eq!(failed["render"]["status"], "queued");
    assert!(
        failed["render"]["error"]
            .as_str()
            .expect("why")
            .contains("espeak-ng"),
        "{}",
        failed["render"]
    );
    assert_eq!(
        run_next(&app.db, &app.media, &LocalRenderer::default(), &app.clock)
            .await
            .expect("worker"),
        Turn::Idle,
        "not before its retry is due"
    );
    let res = post(&format!("/api/v1/admin/lessons/{id}/render"), json!({}))
        .await
        .expect("again");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(get().await["render"]["status"], "queued");

    // The real renderer makes the video; the lesson can be published and a learner gets it.
    let turn = run_next(&app.db, &app.media, &LocalRenderer::default(), &app.clock)
        .await
        .expect("worker");
    assert_eq!(
        turn,
        Turn::Rendered {
            content_id: id.clone().into()
        }
    );
    let done = get().await;
    assert_eq!(done["render"]["status"], "done");
    assert!(
        done["video_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(".mp4")),
        "{done}"
    );
    assert!(done["duration_s"].as_i64().expect("duration") >= 55);
    assert_eq!(done["missing"], json!([]));
    let res = post(&format!("/api/v1/admin/lessons/{id}/publish"), json!({}))
        .await
        .expect("publish");
    assert_eq!(res.status(), StatusCode::OK);
    sign_up(&app, "new.jointer@example.com").await;
    let feed = app.get_json("/api/v1/feed").await;
    let items = feed["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|i| i["content_id"] == id.as_str() && i["title"] == "Duties on site: a refresher"),
        "{feed}"
    );

    // A script for another lesson's id must stay on its standard; an unknown id is not found.
    let (status, _) = error_of(
        post(
            "/api/v1/admin/lessons/from-script",
            json!({"script": script(), "lesson_id": "nope"}),
        )
        .await
        .expect("unknown"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(an_admin_renders_a_lesson_from_a_script_and_a_learner_gets_it);
