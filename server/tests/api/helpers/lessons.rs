//! Fixtures of lessons: the demo library, lesson documents, and media rendered once per run.

use super::learning::demo_app;
use crate::helpers::{Backend, TestApp};
use services::lessons::{sync, LessonDoc};
use services::media::render::{LocalRenderer, Renderer};
use services::media::MediaStore;
use services::state::Clock;
use std::path::{Path, PathBuf};
use tokio::sync::OnceCell;

/// The demo cohort with the shipped ST1332 lessons (their videos not rendered here: the coach
/// answers from what the lessons say), on a server at `clock` with more settings.
pub async fn app_with_shipped_lessons(
    backend: Backend,
    clock: Clock,
    tweak: impl FnOnce(&mut server::config::Settings),
) -> Option<TestApp> {
    let app = demo_app(backend, clock, tweak).await?;
    let shipped = services::lessons::shipped().expect("shipped lessons");
    sync_lessons(&app, &shipped).await.expect("sync");
    Some(app)
}

/// A very short lesson (a few seconds of video) in the real file format.
pub fn lesson(slug: &str, ksbs: &str, question_ksb: &str) -> LessonDoc {
    let text = format!(
        r#"+++
title = "Test lesson {slug}"
standard = "ST1332"
difficulty = 2
ksbs = {{ {ksbs} }}

[[questions]]
ksb = "{question_ksb}"
prompt = "Prove the tester when?"
options = ["Before", "Before and after"]
correct = 2
explanation = "Both."

[[questions]]
ksb = "{question_ksb}"
prompt = "Isolate first?"
options = ["Yes", "No"]
correct = 1
explanation = "Always."
+++

## Isolate
Isolate it.

## Lock off
- Safety lock
Lock it.

## Prove dead
Prove it.

## Earth
Earth it.
"#
    );
    LessonDoc::parse(&format!("{slug}.md"), &text).expect("test lesson parses")
}

/// Brings lesson documents into the database the way the server does.
pub async fn sync_lessons(
    app: &TestApp,
    docs: &[LessonDoc],
) -> Result<sync::SyncReport, flowline_core::error::AppError> {
    let renderer = LocalRenderer::default();
    sync::sync(&app.db, &app.media, renderer.id(), docs, app.now()).await
}

/// The demo ST1332 library, as a demo server loads it.
pub async fn with_demo_library(app: &TestApp) {
    services::demo::ensure_demo(&app.db, app.now())
        .await
        .expect("demo library");
}

/// Six short lessons on the demo ST1332 KSBs (K3 and K6 are S3's prerequisites).
pub fn library() -> Vec<LessonDoc> {
    vec![
        lesson("hazards", "K3 = 1.0", "K3"),
        lesson("isolation", "K6 = 1.0", "K6"),
        lesson("earthing", "K9 = 1.0", "K9"),
        lesson("joints", "S3 = 1.0, K6 = 0.5", "S3"),
        lesson("teamwork", "B1 = 1.0", "B1"),
        lesson("cables", "K7 = 1.0", "K7"),
    ]
}

/// The library's videos, rendered for real (once; kept under target/) and copied into each app's
/// media store, so lesson sync finds them ready (as a server with a warm media dir does).
pub async fn rendered_media() -> &'static Path {
    static DIR: OnceCell<PathBuf> = OnceCell::const_new();
    DIR.get_or_init(|| async {
        let dir =
            std::env::temp_dir().join(format!("flowline-test-renders-{}", std::process::id()));
        let store = MediaStore::local(&dir).expect("media dir");
        let renderer = LocalRenderer::default();
        for doc in library() {
            store
                .ensure_render(&renderer, &doc.render_script(), &|_| {})
                .await
                .expect("render a test lesson");
        }
        dir
    })
    .await
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
