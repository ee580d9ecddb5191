//! `GET /sw.js`: the service worker, stamped with a fingerprint of the site's files so that a
//! new build installs a new worker (and its fresh app-shell cache) on every phone.

use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::Path;

const PLACEHOLDER: &str = "__FLOWLINE_BUILD__";

/// Names, sizes and modification times of the files the worker caches as the app shell.
fn fingerprint(site_root: &Path, template: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(template.as_bytes());
    let mut files: Vec<_> = ["pkg", "icons"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(site_root.join(dir)).ok())
        .flatten()
        .filter_map(Result::ok)
        .collect();
    files.sort_by_key(|e| e.path());
    for entry in files {
        let Ok(meta) = entry.metadata() else { continue };
        hash.update(entry.path().to_string_lossy().as_bytes());
        hash.update(meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified() {
            hash.update(format!("{modified:?}").as_bytes());
        }
    }
    hex::encode(&hash.finalize()[..8])
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    let root = Path::new(state.leptos_options.site_root.as_ref()).to_path_buf();
    let Ok(template) = tokio::fs::read_to_string(root.join("sw.js")).await else {
        return (StatusCode::NOT_FOUND, "no service worker in this build").into_response();
    };
    let build = fingerprint(&root, &template);
    let mut response = template.replace(PLACEHOLDER, &build).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Browsers check for a new worker on navigation; never serve them a stale copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
