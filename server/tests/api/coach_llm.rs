//! Stories of the coach with a generative model configured (an OpenAI-compatible stand-in):
//! the answer is written from the passages the search found and cites the lesson, which plays
//! from the card; an answer that cites nothing, or a model that is down, leaves the retrieval
//! answer; safety questions and questions nothing answers never reach the model.

use crate::both_backends;
use crate::helpers::lessons::app_with_shipped_lessons;
use crate::helpers::people::signed_in;
use crate::helpers::{Backend, TestApp};
use crate::llm_standin::{LlmStandIn, Mode, KEY, MODEL};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::state::Clock;

async fn asked(app: &TestApp, who: &Client, text: &str) -> Value {
    let res = who
        .post(app.url("/api/v1/coach/questions"))
        .json(&json!({ "text": text }))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::CREATED, "{text}");
    res.json().await.expect("json")
}

async fn the_coach_answers_in_its_own_words_from_the_lesson_and_cites_it(backend: Backend) {
    let llm = LlmStandIn::start().await;
    let url = llm.url.clone();
    let clock = Clock::fixed(chrono::Utc::now().timestamp_millis());
    let Some(app) = app_with_shipped_lessons(backend, clock, move |s| {
        s.llm_url = Some(url);
        s.llm_model = MODEL.into();
        s.llm_api_key = Some(KEY.into());
    })
    .await
    else {
        return;
    };
    app.register("llm-apprentice@example.com", "a-long-password")
        .await;
    let me = signed_in(&app, "llm-apprentice@example.com", "a-long-password").await;

    // Grounded: the model saw the question and the lesson's passages, and its answer names
    // the lesson the card plays.
    let out = asked(&app, &me, "How do I prove a cable is dead?").await;
    let answer = &out["messages"][1];
    assert_eq!(answer["kind"], "answer", "{out}");
    assert_eq!(answer["lesson"]["title"], "Safe isolation before jointing");
    let body = answer["body"].as_str().expect("body");
    assert!(body.contains("[Safe isolation before jointing]"), "{body}");
    assert!(answer["passage"].is_string());
    let seen = llm.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["model"], MODEL);
    let prompt = seen[0]["messages"][1]["content"].as_str().expect("prompt");
    assert!(
        prompt.contains("How do I prove a cable is dead?"),
        "{prompt}"
    );
    assert!(
        prompt.contains("(Safe isolation before jointing)"),
        "{prompt}"
    );
    llm.assert_well_formed();

    // Not grounded, or down: the retrieval answer, as without a model.
    for mode in [Mode::Ungrounded, Mode::Down] {
        llm.set_mode(mode);
        let out = asked(&app, &me, "How do I prove a cable is dead?").await;
        assert_eq!(
            out["messages"][1]["body"], "This lesson answers that:",
            "{mode:?}"
        );
        assert_eq!(
            out["messages"][1]["lesson"]["title"],
            "Safe isolation before jointing"
        );
    }
    llm.set_mode(Mode::Grounded);

    // Safety, and questions nothing answers, never reach the model.
    let before = llm.seen().len();
    let injured = asked(&app, &me, "I think I'm injured").await;
    assert_eq!(injured["escalated"], true);
    let nonsense = asked(&app, &me, "purple giraffes compose symphonies").await;
    assert_eq!(nonsense["messages"][1]["kind"], "no_match");
    assert_eq!(llm.seen().len(), before);
}
both_backends!(the_coach_answers_in_its_own_words_from_the_lesson_and_cites_it);
