//! What a stand-in server (the SMTP sink, the push service) wrote: one JSON file per thing it
//! received, numbered in order of arrival.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every record in `dir`, in order.
pub fn read(dir: &Path) -> Vec<Value> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("records dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).expect("read")).expect("json"))
        .collect()
}

/// Waits (up to ten seconds) until `n` records are in `dir`, and returns them.
pub async fn wait_for(dir: &Path, n: usize) -> Vec<Value> {
    let started = Instant::now();
    loop {
        let got = read(dir);
        if got.len() >= n || started.elapsed() > Duration::from_secs(10) {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
