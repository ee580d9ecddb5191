//! `GET /sw.js`: the service worker, stamped with a fingerprint of the site's files so that a
//! new build installs a new worker (and its fresh app-shell cache) on every phone, and with the
//! content-hashed names of this build's shell files.

use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::Path;

const PLACEHOLDER: &str = "__FLOWLINE_BUILD__";
const SPLIT_PLACEHOLDER: &str = "__FLOWLINE_SPLIT_FILES__";

/// A file of the split build's lazily loaded code: the wasm chunks, their JS loader and the
/// manifest (not the main bundle, not the precompressed copies).
fn is_split_file(name: &str) -> bool {
    let plain = !name.ends_with(".br") && !name.ends_with(".gz");
    let main = name.starts_with("flowline.") || name.starts_with("flowline_bg");
    plain && !main && (name.ends_with(".wasm") || name.starts_with("__wasm_split"))
}
/// The shell's files as the template names them, and their kinds.
const SHELL_NAMES: [(&str, &str); 3] = [
    ("/pkg/flowline.js", "js"),
    ("/pkg/flowline.wasm", "wasm"),
    ("/pkg/flowline.css", "css"),
];

/// The built file of a kind under pkg/ (content-hashed in a release build: flowline.<hash>.js).
fn built_name(pkg: &[String], kind: &str) -> Option<String> {
    pkg.iter()
        .find(|name| {
            name.starts_with("flowline.")
                && name.ends_with(&format!(".{kind}"))
                && !name.starts_with("flowline_bg")
        })
        .map(|name| format!("/pkg/{name}"))
}

/// The template with this build's fingerprint and file names.
fn stamp(template: &str, site_root: &Path) -> String {
    let pkg: Vec<String> = std::fs::read_dir(site_root.join("pkg"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut out = template.replace(PLACEHOLDER, &fingerprint(site_root, template));
    // The split build's chunks and their loader (`cargo leptos build --split`), by name.
    let mut split: Vec<&String> = pkg.iter().filter(|name| is_split_file(name)).collect();
    split.sort();
    let listed: String = split
        .iter()
        .map(|name| format!("'/pkg/{name}',\n  "))
        .collect();
    out = out.replace(&format!("'/pkg/{SPLIT_PLACEHOLDER}',"), listed.trim_end());
    for (name, kind) in SHELL_NAMES {
        if let Some(built) = built_name(&pkg, kind) {
            out = out.replace(&format!("'{name}'"), &format!("'{built}'"));
            out = out.replace(&format!("\"{name}\""), &format!("\"{built}\""));
        }
    }
    out
}

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
    let mut response = stamp(&template, &root).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Browsers check for a new worker on navigation; never serve them a stale copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_names_this_builds_hashed_shell_files() {
        let dir = tempfile::tempdir().expect("dir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).expect("pkg");
        for f in [
            "flowline.Ab12.js",
            "flowline.Ab12.js.br",
            "flowline.Cd34.wasm",
            "flowline.Ef56.css",
            "__wasm_split.Gh78.js",
            "__wasm_split.Gh78.js.br",
            "__wasm_split_manifest.Ij90.json",
            "split_admin_1234.wasm",
            "split_admin_1234.wasm.gz",
        ] {
            std::fs::write(pkg.join(f), "x").expect("file");
        }
        let template = "const SHELL_FILES = ['/pkg/flowline.js', '/pkg/flowline.wasm', \
                        '/pkg/flowline.css', '/pkg/__FLOWLINE_SPLIT_FILES__',]; \
                        const BUILD = '__FLOWLINE_BUILD__'; \
                        const PAGE = `<link href=\"/pkg/flowline.css\">`;";
        let out = stamp(template, dir.path());
        assert!(out.contains("'/pkg/flowline.Ab12.js'"), "{out}");
        assert!(out.contains("'/pkg/flowline.Cd34.wasm'"), "{out}");
        assert!(out.contains("'/pkg/flowline.Ef56.css'"), "{out}");
        assert!(out.contains("href=\"/pkg/flowline.Ef56.css\""), "{out}");
        assert!(!out.contains(PLACEHOLDER));
        // The split build's chunks are kept with the shell; their compressed copies are not
        // named (the server picks those by Accept-Encoding).
        assert!(out.contains("'/pkg/__wasm_split.Gh78.js'"), "{out}");
        assert!(
            out.contains("'/pkg/__wasm_split_manifest.Ij90.json'"),
            "{out}"
        );
        assert!(out.contains("'/pkg/split_admin_1234.wasm'"), "{out}");
        assert!(!out.contains(".br'") && !out.contains(".gz'"), "{out}");
        assert!(!out.contains(SPLIT_PLACEHOLDER), "{out}");
    }
}
