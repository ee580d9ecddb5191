//! A real SMTP server for the e-mail stories: aiosmtpd, started through
//! `scripts/smtp_sink.py` from the venv the test command makes (`scripts/standins-venv.sh`). Every
//! message it accepts is kept as JSON with its decoded parts and what is wrong with it by RFC
//! 5322 and MIME; a story reads what arrived and follows its links.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<(Child, ChildStdin)>,
}

pub fn python() -> String {
    std::env::var("FLOWLINE_STANDINS_PYTHON").unwrap_or_else(|_| {
        format!(
            "{}/../target/py-standins/bin/python",
            env!("CARGO_MANIFEST_DIR")
        )
    })
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp_sink.py")
}

impl SmtpSink {
    /// Starts the server on a free port.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("mail dir");
        let mut sink = SmtpSink {
            port: 0,
            dir,
            child: None,
        };
        sink.run(0);
        sink
    }

    fn run(&mut self, port: u16) {
        let python = python();
        let mut child = Command::new(&python)
            .arg(script())
            .arg(self.dir.path())
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "the SMTP server ({python}) did not start: {e}. Run `source \
                     scripts/standins-venv.sh` (scripts/test.sh does)"
                )
            });
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the SMTP server says its port");
        self.port = line.trim().parse().expect("a port");
        let stdin = child.stdin.take().expect("stdin");
        self.child = Some((child, stdin));
    }

    /// Stops the server (an outage); `restart` brings it back on the same port.
    pub fn stop(&mut self) {
        if let Some((mut child, stdin)) = self.child.take() {
            drop(stdin);
            let _ = child.wait();
        }
    }

    pub fn restart(&mut self) {
        let port = self.port;
        self.run(port);
    }

    /// Everything received so far, in order.
    pub fn received(&self) -> Vec<Value> {
        crate::helpers::records::read(self.dir.path())
    }

    /// Waits (up to ten seconds) until `n` have arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        crate::helpers::records::wait_for(self.dir.path(), n).await
    }

    /// Settings that send through this server.
    pub fn settings(&self, s: &mut server::config::Settings) {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = Some(self.port);
        s.smtp_security = services::mail::Security::Plain;
        s.mail_from = Some("North Training <flowline@north-training.example>".into());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The link in a message's text that starts with `prefix` (e.g. the site's `/reset/`).
pub fn link(mail: &Value, prefix: &str) -> String {
    let text = mail["text"].as_str().expect("text");
    text.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link {prefix}… in {text}"))
        .to_owned()
}
