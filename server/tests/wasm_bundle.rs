//! The browser bundle must never contain server-only crates (database drivers, password
//! hashing, the async runtime, the HTTP server, the IANA time-zone table): they would bloat it
//! and leak server code.

use std::process::Command;

/// `cargo tree` of the browser bundle, one crate (or feature) per line.
fn browser_tree(edges: &str) -> String {
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            edges,
            "--prefix",
            "none",
        ])
        .current_dir(workspace)
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_browser_bundle_has_no_server_only_crates() {
    let tree = browser_tree("normal");
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(crates.contains(&"leptos"), "the tree was read: {tree}");
    for forbidden in [
        "sqlx",
        "sqlx-core",
        "argon2",
        "axum",
        "hyper",
        "leptos_axum",
        // The browser has its own time-zone table (`Intl`): see `domain/zone.rs`.
        "chrono-tz",
    ] {
        assert!(
            !crates.contains(&forbidden),
            "{forbidden} is in the wasm bundle"
        );
    }
}

/// IndexedDB futures (idb, under rexie) use tokio's channels only; its runtime, sockets, files
/// and timers must stay out of the browser.
#[test]
fn the_browser_bundle_has_tokio_channels_but_no_runtime() {
    let tree = browser_tree("normal,features");
    let features: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|l| l.strip_prefix("tokio feature \""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert!(
        features.contains("sync"),
        "tokio's features were read: {features:?}"
    );
    for feature in &features {
        assert!(
            ["default", "sync"].contains(feature),
            "tokio feature {feature} is in the wasm bundle (only channels may be)"
        );
    }
}
