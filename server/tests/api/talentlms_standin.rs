//! A local stand-in for TalentLMS's REST API (v1): `GET /api/v1/users`, `GET /api/v1/groups`
//! and `GET /api/v1/groups/id:{id}`. It checks each request has the published shape (HTTP
//! Basic with the API key as user name and an empty password, a GET, JSON accepted) and
//! answers in TalentLMS's format: ids as strings, users with `login`, `first_name`,
//! `last_name`, `email`, `user_type` and `status`; a group's detail lists its `users` as
//! `{id, name}`. A wrong key gets TalentLMS's 401 error body.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

pub const API_KEY: &str = "TlmsTestKey0123456789abcdef";

#[derive(Default)]
struct Inner {
    users: Vec<Value>,
    groups: Vec<(String, String, Vec<String>)>,
    seen: Vec<String>,
    problems: Vec<String>,
}

#[derive(Clone, Default)]
pub struct TalentLmsStandIn {
    inner: Arc<Mutex<Inner>>,
    /// What `FLOWLINE_TALENTLMS_URL` is set to.
    pub url: String,
}

impl TalentLmsStandIn {
    pub async fn start() -> Self {
        let mut me = Self::default();
        let addr = crate::helpers::serve_stand_in(
            Router::new()
                .route("/api/v1/users", get(users))
                .route("/api/v1/groups", get(groups))
                .route("/api/v1/groups/{which}", get(group))
                .with_state(me.clone()),
        )
        .await;
        me.url = format!("http://{addr}");
        me
    }

    /// Adds a user as TalentLMS lists them.
    pub fn user(
        &self,
        id: u32,
        first: &str,
        last: &str,
        email: &str,
        user_type: &str,
        active: bool,
    ) {
        self.inner.lock().expect("lock").users.push(json!({
            "id": id.to_string(),
            "login": format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
            "first_name": first,
            "last_name": last,
            "email": email,
            "restrict_email": "0",
            "user_type": user_type,
            "timezone": "(GMT +00:00) London",
            "language": "en",
            "status": if active { "active" } else { "inactive" },
            "deactivation_date": "",
            "level": "1",
            "points": "0",
            "created_on": "01/09/2026, 09:00:00",
            "last_updated": "01/09/2026, 09:00:00",
            "last_updated_timestamp": "1788253200",
            "avatar": "https://example.talentlms.com/pages/images/default_user.svg",
            "bio": "",
            "login_key": format!("/index/autologin/key:{id}"),
        }));
    }

    /// Adds a group with its members' ids.
    pub fn group(&self, id: u32, name: &str, members: &[u32]) {
        self.inner.lock().expect("lock").groups.push((
            id.to_string(),
            name.to_owned(),
            members.iter().map(u32::to_string).collect(),
        ));
    }

    /// The paths requested, in order.
    pub fn seen(&self) -> Vec<String> {
        self.inner.lock().expect("lock").seen.clone()
    }

    /// Requests that did not have the published shape.
    pub fn problems(&self) -> Vec<String> {
        self.inner.lock().expect("lock").problems.clone()
    }

    /// Records the request and checks its shape; false when the key is wrong.
    fn check(&self, path: &str, headers: &HeaderMap) -> bool {
        let mut inner = self.inner.lock().expect("lock");
        inner.seen.push(path.to_owned());
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let expected = format!("Basic {}", base64(&format!("{API_KEY}:")));
        if !auth.starts_with("Basic ") {
            inner
                .problems
                .push(format!("{path}: no HTTP Basic authorization"));
        }
        let accepts_json = headers
            .get("accept")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") || a.contains("*/*"));
        if !accepts_json {
            inner.problems.push(format!("{path}: does not accept JSON"));
        }
        auth == expected
    }
}

/// TalentLMS's answer to a wrong API key.
fn refused() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": {"type": "invalid_request_error", "message": "Invalid API key provided"}})),
    )
        .into_response()
}

/// RFC 4648 base64 (what HTTP Basic uses), written out so the check does not trust the
/// client library's own encoder.
fn base64(s: &str) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = s.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

async fn users(State(s): State<TalentLmsStandIn>, headers: HeaderMap) -> Response {
    if !s.check("/api/v1/users", &headers) {
        return refused();
    }
    Json(Value::Array(s.inner.lock().expect("lock").users.clone())).into_response()
}

async fn groups(State(s): State<TalentLmsStandIn>, headers: HeaderMap) -> Response {
    if !s.check("/api/v1/groups", &headers) {
        return refused();
    }
    let inner = s.inner.lock().expect("lock");
    let list: Vec<Value> = inner
        .groups
        .iter()
        .map(|(id, name, _)| {
            json!({"id": id, "name": name, "description": "", "key": format!("g{id}"),
                   "price": "&#36;0.00", "owner_id": "1", "belongs_to_branch": null,
                   "max_redemptions": null, "redemptions_sofar": null})
        })
        .collect();
    Json(Value::Array(list)).into_response()
}

async fn group(
    State(s): State<TalentLmsStandIn>,
    Path(which): Path<String>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/api/v1/groups/{which}");
    if !s.check(&path, &headers) {
        return refused();
    }
    let inner = s.inner.lock().expect("lock");
    let Some(id) = which.strip_prefix("id:") else {
        drop(inner);
        s.inner
            .lock()
            .expect("lock")
            .problems
            .push(format!("{path}: a group is asked for as id:{{id}}"));
        return StatusCode::BAD_REQUEST.into_response();
    };
    let Some((id, name, members)) = inner.groups.iter().find(|g| g.0 == id) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": {"type": "invalid_request_error", "message": "The requested group does not exist"}})),
        )
            .into_response();
    };
    let users: Vec<Value> = members
        .iter()
        .map(|m| {
            let name = inner
                .users
                .iter()
                .find(|u| u["id"] == m.as_str())
                .map(|u| {
                    format!(
                        "{} {}",
                        u["first_name"].as_str().unwrap_or(""),
                        u["last_name"].as_str().unwrap_or("")
                    )
                })
                .unwrap_or_default();
            json!({"id": m, "name": name})
        })
        .collect();
    Json(
        json!({"id": id, "name": name, "description": "", "key": format!("g{id}"),
                "price": "&#36;0.00", "owner_id": "1", "belongs_to_branch": null,
                "max_redemptions": null, "redemptions_sofar": null,
                "users": users, "courses": []}),
    )
    .into_response()
}
