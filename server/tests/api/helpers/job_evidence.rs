//! Evidence from the job as a phone sends it: each file declared, then sent in chunks from
//! where the upload stands; then the evidence naming them.

use crate::helpers::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A photo of a finished joint (a real JPEG).
pub const JOINT_JPEG: &[u8] = include_bytes!("../fixtures/joint.jpg");

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Declares `bytes` as `content_type`: (status, state).
pub async fn declare(
    app: &TestApp,
    who: &Client,
    content_type: &str,
    bytes: &[u8],
) -> (StatusCode, Value) {
    let res = who
        .post(app.url("/api/v1/uploads"))
        .json(&json!({"content_type": content_type, "size": bytes.len(), "sha256": sha256(bytes)}))
        .send()
        .await
        .expect("declare");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Sends `chunk` as the bytes from `offset` on.
pub async fn send_chunk(
    app: &TestApp,
    who: &Client,
    id: &str,
    offset: usize,
    chunk: &[u8],
) -> reqwest::Response {
    who.patch(app.url(&format!("/api/v1/uploads/{id}")))
        .header("upload-offset", offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .body(chunk.to_vec())
        .send()
        .await
        .expect("chunk")
}

/// Uploads `bytes` whole, from wherever the upload stands; its id.
pub async fn upload(app: &TestApp, who: &Client, content_type: &str, bytes: &[u8]) -> String {
    let (status, state) = declare(app, who, content_type, bytes).await;
    assert_eq!(status, StatusCode::CREATED, "{state}");
    let id = state["id"].as_str().expect("id").to_owned();
    let chunk = state["chunk_bytes"].as_u64().expect("chunk") as usize;
    let mut at = state["received"].as_u64().expect("received") as usize;
    let mut complete = state["complete"] == true;
    while !complete {
        let end = (at + chunk).min(bytes.len());
        let res = send_chunk(app, who, &id, at, &bytes[at..end]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let state: Value = res.json().await.expect("state");
        at = state["received"].as_u64().expect("received") as usize;
        complete = state["complete"] == true;
    }
    id
}

/// Sends evidence from the job.
pub async fn submit(
    app: &TestApp,
    who: &Client,
    client_id: &str,
    caption: &str,
    codes: &[&str],
    uploads: &[&str],
) -> reqwest::Response {
    who.post(app.url("/api/v1/me/job-evidence"))
        .json(&json!({
            "client_id": client_id,
            "caption": caption,
            "ksb_codes": codes,
            "captured_at": chrono::Utc::now().to_rfc3339(),
            "uploads": uploads,
        }))
        .send()
        .await
        .expect("submit")
}
