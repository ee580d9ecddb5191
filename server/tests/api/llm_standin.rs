//! A local stand-in for an OpenAI-compatible `POST /v1/chat/completions`: it records each
//! request, checks it has the published shape (bearer key, `model`, `messages` of `role` and
//! string `content`, system first), and answers as such a server does (`choices[0].message`).
//! By default it answers from the first passage it was given, citing that lesson's title;
//! a story can make it answer without citing, or fail.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

pub const KEY: &str = "sk-test-key";
pub const MODEL: &str = "coach-small";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Answers from the first passage and cites its lesson.
    #[default]
    Grounded,
    /// Answers without citing any lesson.
    Ungrounded,
    /// Fails with a 500.
    Down,
}

#[derive(Default)]
struct Inner {
    seen: Vec<Value>,
    problems: Vec<String>,
    mode: Mode,
}

#[derive(Clone, Default)]
pub struct LlmStandIn {
    inner: Arc<Mutex<Inner>>,
    /// What `FLOWLINE_LLM_URL` is set to.
    pub url: String,
}

impl LlmStandIn {
    pub async fn start() -> Self {
        let mut me = Self::default();
        let addr = crate::helpers::serve_stand_in(
            Router::new()
                .route("/v1/chat/completions", post(complete))
                .with_state(me.clone()),
        )
        .await;
        me.url = format!("http://{addr}/v1");
        me
    }

    pub fn set_mode(&self, mode: Mode) {
        self.inner.lock().expect("lock").mode = mode;
    }

    pub fn seen(&self) -> Vec<Value> {
        self.inner.lock().expect("lock").seen.clone()
    }

    pub fn assert_well_formed(&self) {
        let problems = self.inner.lock().expect("lock").problems.clone();
        assert!(problems.is_empty(), "{problems:?}");
    }
}

fn problems(headers: &HeaderMap, body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if bearer != Some(KEY) {
        out.push("Authorization: Bearer <key>".to_owned());
    }
    if body["model"].as_str().is_none_or(str::is_empty) {
        out.push("model: a string".to_owned());
    }
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    if messages.is_empty() {
        out.push("messages: a non-empty array".to_owned());
    }
    for m in &messages {
        let role_ok =
            ["system", "user", "assistant"].contains(&m["role"].as_str().unwrap_or_default());
        if !role_ok || !m["content"].is_string() {
            out.push(format!(
                "message {m}: role system|user|assistant, content a string"
            ));
        }
    }
    if messages.first().is_some_and(|m| m["role"] != "system") {
        out.push("the system message first".to_owned());
    }
    if let Some(t) = body.get("temperature") {
        if !t.as_f64().is_some_and(|t| (0.0..=2.0).contains(&t)) {
            out.push("temperature: 0 to 2".to_owned());
        }
    }
    out
}

async fn complete(
    State(me): State<LlmStandIn>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let found = problems(&headers, &body);
    let mode = {
        let mut inner = me.inner.lock().expect("lock");
        inner.seen.push(body.clone());
        inner.problems.extend(found.clone());
        inner.mode
    };
    if !found.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": {"message": found.join("; "), "type": "invalid_request_error"}})),
        )
            .into_response();
    }
    if mode == Mode::Down {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": {"message": "overloaded", "type": "server_error"}})),
        )
            .into_response();
    }
    // The first passage's lesson: "[1] (Title) passage".
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    let title = user
        .split_once("[1] (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(t, _)| t.to_owned())
        .unwrap_or_default();
    let content = match mode {
        Mode::Grounded => format!(
            "Prove it dead at the point of work with an approved voltage indicator, proved on a known live source before and after. [{title}]"
        ),
        _ => "Just be careful and check it twice.".to_owned(),
    };
    Json(json!({
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": 1_767_000_000,
        "model": body["model"],
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
            "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 30, "total_tokens": 130},
    }))
    .into_response()
}
