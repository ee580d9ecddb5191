//! A local stand-in for Meta's Graph API `/{version}/{phone-number-id}/messages`: it records
//! every request, checks it against the Cloud API's published message format (bearer token,
//! `messaging_product`, E.164 digits in `to`, text or template bodies with their limits) and
//! answers as Meta does — a `wamid` on success, Meta's error object otherwise. A story can
//! script the next answers (a 500, a 429, a policy error) to see what Flowline does with them.
//!
//! The rules are Meta's published OpenAPI description of the Cloud API, transcribed as checks:
//! github.com/facebook/openapi, `business-messaging-api_v23.0.yaml`, schemas `Message`,
//! `BaseMessageProperties`, `TextMessage`, `TemplateMessage`, `TemplateObject`,
//! `LanguageObject` and `TemplateComponent`, plus the documented text limits.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

pub const VERSION: &str = "v21.0";
pub const PHONE_NUMBER_ID: &str = "109876543210";
pub const TOKEN: &str = "EAAG-test-token";

/// A request as the stand-in saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub body: Value,
    /// What is wrong with it by Meta's format (empty: nothing).
    pub problems: Vec<String>,
}

/// An answer a story wants instead of success: HTTP status, Meta error code, Retry-After.
#[derive(Debug, Clone, Copy)]
pub struct Scripted(pub u16, pub i64, pub Option<u64>);

#[derive(Default)]
struct Inner {
    seen: Vec<Seen>,
    script: VecDeque<Scripted>,
    next_id: u64,
}

#[derive(Clone, Default)]
pub struct GraphStandIn {
    inner: Arc<Mutex<Inner>>,
    pub base_url: String,
}

impl GraphStandIn {
    pub async fn start() -> Self {
        let mut me = Self::default();
        let addr = crate::helpers::serve_stand_in(
            Router::new()
                .route("/{version}/{phone}/messages", post(messages))
                .with_state(me.clone()),
        )
        .await;
        me.base_url = format!("http://{addr}/{VERSION}");
        me
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.lock().expect("lock").seen.clone()
    }

    /// The next request gets this answer instead of success.
    pub fn script(&self, answer: Scripted) {
        self.inner.lock().expect("lock").script.push_back(answer);
    }

    /// Asserts every request so far was in Meta's format.
    pub fn assert_well_formed(&self) {
        for s in self.seen() {
            assert!(s.problems.is_empty(), "{:?} in {}", s.problems, s.body);
        }
    }
}

fn error(status: u16, code: i64, message: &str) -> Response {
    let body = json!({"error": {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": message},
        "fbtrace_id": "AbCdEf123",
    }});
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Json(body),
    )
        .into_response()
}

/// What the Cloud API would refuse in a `/messages` body.
fn problems(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            out.push(what.to_owned());
        }
    };
    need(
        body["messaging_product"] == "whatsapp",
        "messaging_product must be \"whatsapp\"",
    );
    let to = body["to"].as_str().unwrap_or_default();
    need(
        (8..=15).contains(&to.len()) && to.chars().all(|c| c.is_ascii_digit()),
        "to: the recipient's number, digits only",
    );
    need(
        body.get("recipient_type").is_none() || body["recipient_type"] == "individual",
        "recipient_type: individual",
    );
    match body["type"].as_str() {
        Some("text") => {
            let text = body["text"]["body"].as_str().unwrap_or_default();
            need(
                !text.trim().is_empty() && text.chars().count() <= 4096,
                "text.body: 1 to 4096 characters",
            );
            need(
                body["text"]
                    .get("preview_url")
                    .is_none_or(Value::is_boolean),
                "text.preview_url: a boolean",
            );
        }
        Some("template") => {
            let t = &body["template"];
            let name = t["name"].as_str().unwrap_or_default();
            need(
                !name.is_empty()
                    && name.len() <= 512
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "template.name: lower-case letters, digits, _",
            );
            // `LanguageObject` requires both `policy` (only "deterministic") and `code`.
            let lang = t["language"]["code"].as_str().unwrap_or_default();
            need(
                (2..=6).contains(&lang.len()),
                "template.language.code: e.g. en or en_GB",
            );
            need(
                t["language"]["policy"] == "deterministic",
                "template.language.policy: \"deterministic\" (required)",
            );
            need(
                t.as_object().is_some_and(|o| {
                    o.keys()
                        .all(|k| ["name", "language", "components"].contains(&k.as_str()))
                }),
                "template: only name, language and components",
            );
            for c in t["components"].as_array().into_iter().flatten() {
                need(
                    ["header", "body", "button"].contains(&c["type"].as_str().unwrap_or_default()),
                    "components[].type: header, body or button",
                );
                for p in c["parameters"].as_array().into_iter().flatten() {
                    let text = p["text"].as_str().unwrap_or_default();
                    need(p["type"] == "text", "parameters[].type: text");
                    need(
                        !text.is_empty()
                            && !text.contains(['\n', '\t'])
                            && !text.contains("    ")
                            && text.chars().count() <= 1024,
                        "parameters[].text: one line, no tabs or 4 spaces, at most 1024",
                    );
                }
            }
        }
        _ => need(false, "type: text or template"),
    }
    out
}

async fn messages(
    State(me): State<GraphStandIn>,
    Path((version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut found = problems(&body);
    if version != VERSION || phone != PHONE_NUMBER_ID {
        found.push(format!("path: /{VERSION}/{PHONE_NUMBER_ID}/messages"));
    }
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let (scripted, id) = {
        let mut inner = me.inner.lock().expect("lock");
        inner.seen.push(Seen {
            body: body.clone(),
            problems: found.clone(),
        });
        inner.next_id += 1;
        (inner.script.pop_front(), inner.next_id)
    };
    if bearer != Some(TOKEN) {
        return error(401, 190, "Invalid OAuth access token.");
    }
    if !found.is_empty() {
        return error(400, 100, &found.join("; "));
    }
    if let Some(Scripted(status, code, retry_after)) = scripted {
        let mut res = error(status, code, "scripted by the story");
        if let Some(s) = retry_after {
            res.headers_mut()
                .insert("retry-after", s.to_string().parse().expect("header value"));
        }
        return res;
    }
    let to = body["to"].clone();
    Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": format!("wamid.HBgM{id:08}")}],
    }))
    .into_response()
}
