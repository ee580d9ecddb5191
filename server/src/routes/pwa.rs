//! `GET /sw.js`: the service worker, stamped with a fingerprint of the site's files so that a
//! new build installs a new worker (and its fresh app-shell cache) on every phone, and with the
//! content-hashed names of this build's shell files.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use services::state::AppState;
use sha2::{Digest, Sha256};
use std::path::Path;

const PLACEHOLDER: &str = "__FLOWLINE_BUILD__";
const SPLIT_PLACEHOLDER: &str = "__FLOWLINE_SPLIT_FILES__";

/// The lazily loaded pages a learner may open with no signal (`pages/lazy.rs`): their code is
/// kept with the shell. Other roles' pages are kept when first visited.
const OFFLINE_PAGES: [&str; 6] = ["progress", "evidence", "coach", "me", "login", "register"];

/// The split build's files to keep with the shell (`cargo leptos build --split`): its loader,
/// its manifest and the wasm chunks of [`OFFLINE_PAGES`], read from the manifest.
fn split_files(site_root: &Path, pkg: &[String]) -> Vec<String> {
    let loader = pkg
        .iter()
        .filter(|n| n.starts_with("__wasm_split") && (n.ends_with(".js") || n.ends_with(".json")));
    let mut files: Vec<String> = loader.map(|n| format!("/pkg/{n}")).collect();
    let manifest = pkg
        .iter()
        .find(|n| n.starts_with("__wasm_split_manifest") && n.ends_with(".json"))
        .and_then(|n| std::fs::read_to_string(site_root.join("pkg").join(n)).ok())
        .and_then(|text| {
            serde_json::from_str::<std::collections::BTreeMap<String, Vec<String>>>(&text).ok()
        })
        .unwrap_or_default();
    for (view, chunks) in manifest {
        if OFFLINE_PAGES
            .iter()
            .any(|page| view.starts_with(&format!("__{page}_view_")))
        {
            files.extend(chunks.iter().map(|c| format!("/pkg/{c}.wasm")));
        }
    }
    files.sort();
    files.dedup();
    files
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
    let listed: String = split_files(site_root, &pkg)
        .iter()
        .map(|name| format!("'{name}',\n  "))
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
            "chunk_1.Aa.wasm",
            "chunk_2.Bb.wasm",
            "split___progress_view_9.Cc.wasm",
            "split___admin_view_9.Dd.wasm",
            "split___admin_view_9.Dd.wasm.gz",
        ] {
            std::fs::write(pkg.join(f), "x").expect("file");
        }
        std::fs::write(
            pkg.join("__wasm_split_manifest.Ij90.json"),
            r#"{"__progress_view_9": ["chunk_1.Aa", "split___progress_view_9.Cc"],
                "__admin_view_9": ["chunk_1.Aa", "chunk_2.Bb", "split___admin_view_9.Dd"]}"#,
        )
        .expect("manifest");
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
        // The split loader and the chunks of a learner's pages are kept with the shell (once
        // each); another role's page code is not, and compressed copies are never named (the
        // server picks those by Accept-Encoding).
        assert!(out.contains("'/pkg/__wasm_split.Gh78.js'"), "{out}");
        assert!(
            out.contains("'/pkg/__wasm_split_manifest.Ij90.json'"),
            "{out}"
        );
        assert_eq!(out.matches("'/pkg/chunk_1.Aa.wasm'").count(), 1, "{out}");
        assert!(
            out.contains("'/pkg/split___progress_view_9.Cc.wasm'"),
            "{out}"
        );
        assert!(
            !out.contains("admin_view") && !out.contains("chunk_2"),
            "{out}"
        );
        assert!(!out.contains(".br'") && !out.contains(".gz'"), "{out}");
        assert!(!out.contains(SPLIT_PLACEHOLDER), "{out}");
    }
}
