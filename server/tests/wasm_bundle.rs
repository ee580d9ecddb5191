//! The browser bundle must never contain server-only crates (database drivers, password
//! hashing, the async runtime or the HTTP server): they would bloat it and leak server code.

use std::process::Command;

#[test]
fn the_browser_bundle_has_no_server_only_crates() {
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
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
    let tree = String::from_utf8_lossy(&out.stdout);
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(crates.contains(&"leptos"), "the tree was read: {tree}");
    for forbidden in [
        "sqlx",
        "sqlx-core",
        "argon2",
        "tokio",
        "axum",
        "hyper",
        "leptos_axum",
    ] {
        assert!(
            !crates.contains(&forbidden),
            "{forbidden} is in the wasm bundle"
        );
    }
}
