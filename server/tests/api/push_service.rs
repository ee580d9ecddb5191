//! A browser's push service for the Web Push stories: `scripts/push_service.py` (from the venv
//! the test command makes). It subscribes like a browser (its own P-256 keys and auth secret),
//! checks each push's VAPID token and headers, decrypts the body with http_ece (an independent
//! implementation of RFC 8291) and keeps what arrived; a story can script its next answer.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

pub struct PushService {
    pub base: String,
    dir: tempfile::TempDir,
    child: Option<(Child, ChildStdin)>,
}

impl PushService {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("push dir");
        let python = crate::smtp_sink::python();
        let mut child = Command::new(&python)
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/push_service.py"))
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("the push service ({python}) did not start: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the push service says its port");
        let port: u16 = line.trim().parse().expect("a port");
        let stdin = child.stdin.take().expect("stdin");
        PushService {
            base: format!("http://127.0.0.1:{port}"),
            dir,
            child: Some((child, stdin)),
        }
    }

    /// A new browser subscription (as `PushSubscription.toJSON()`), keys kept by the service.
    pub async fn subscribe(&self) -> Value {
        reqwest::Client::new()
            .post(format!("{}/subscribe", self.base))
            .send()
            .await
            .expect("subscribe")
            .json()
            .await
            .expect("json")
    }

    /// The next push to `subscription` gets `status` (e.g. 410: the browser unsubscribed).
    pub async fn script(&self, subscription: &Value, status: u16) {
        let id = subscription["endpoint"]
            .as_str()
            .and_then(|e| e.rsplit('/').next())
            .expect("id");
        reqwest::Client::new()
            .post(format!("{}/script/{id}", self.base))
            .json(&json!({ "status": status }))
            .send()
            .await
            .expect("script");
    }

    /// Waits (up to ten seconds) until `n` have arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        crate::helpers::records::wait_for(self.dir.path(), n).await
    }
}

impl Drop for PushService {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.child.take() {
            drop(stdin);
            let _ = child.wait();
        }
    }
}
