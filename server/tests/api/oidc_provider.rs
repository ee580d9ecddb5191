//! The provider's identity provider for the single sign-on stories:
//! `end2end/standins/oidc_provider.mjs`, node-oidc-provider (OpenID Certified) with its
//! development sign-in pages, from the npm packages the test command installs. A story signs
//! in there the way a person would: the sign-in form, then the consent form.

use reqwest::{Client, StatusCode};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

pub struct OidcProvider {
    /// Where it is reached (`http://127.0.0.1:<port>`).
    pub base: String,
    child: Option<(Child, ChildStdin)>,
    /// What it said on stderr: shown when a story fails.
    log: tempfile::NamedTempFile,
}

/// The client Flowline is registered as.
pub const CLIENT_ID: &str = "flowline";
pub const CLIENT_SECRET: &str = "flowline-sso-test-secret";

impl OidcProvider {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// `args` as the script takes them, e.g. `["--issuer-host", "localhost"]`.
    pub fn start_with(args: &[&str]) -> Self {
        let end2end = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        let log = tempfile::NamedTempFile::new().expect("log");
        let mut child = Command::new("node")
            .arg(end2end.join("standins/oidc_provider.mjs"))
            .args(args)
            .current_dir(&end2end)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("log"))
            .spawn()
            .unwrap_or_else(|e| panic!("the OpenID provider (node) did not start: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the OpenID provider says its port");
        let port: u16 = line.trim().parse().unwrap_or_else(|_| {
            panic!(
                "no port from the OpenID provider: {}",
                std::fs::read_to_string(log.path()).unwrap_or_default()
            )
        });
        let stdin = child.stdin.take().expect("stdin");
        OidcProvider {
            base: format!("http://127.0.0.1:{port}"),
            child: Some((child, stdin)),
            log,
        }
    }

    /// Flowline's settings for this provider.
    pub fn settings(&self, s: &mut server::config::Settings) {
        s.oidc_issuer = Some(self.base.clone());
        s.oidc_client_id = Some(CLIENT_ID.to_owned());
        s.oidc_client_secret = Some(CLIENT_SECRET.to_owned());
        s.oidc_name = "North Power".to_owned();
    }

    /// Signs in at the provider as `login` from `browser` (whose first stop was `authorize`,
    /// where Flowline sent it), consents, and returns where the provider sends the browser
    /// back (Flowline's callback, with its query).
    pub async fn sign_in(&self, browser: &Client, authorize: &str, login: &str) -> String {
        let mut url = authorize.to_owned();
        for _ in 0..12 {
            if !url.starts_with(&self.base) {
                return url;
            }
            let res = browser.get(&url).send().await.expect("provider page");
            if res.status().is_redirection() {
                url = self.absolute(location(&res));
                continue;
            }
            assert_eq!(res.status(), StatusCode::OK, "{url}");
            let page = res.text().await.expect("page");
            let action = self.absolute(form_action(&page));
            let form: Vec<(&str, &str)> = if page.contains("name=\"login\"") {
                vec![
                    ("prompt", "login"),
                    ("login", login),
                    ("password", "anything"),
                ]
            } else {
                vec![("prompt", "consent")]
            };
            let res = browser
                .post(&action)
                .form(&form)
                .send()
                .await
                .expect("submit");
            assert!(
                res.status().is_redirection(),
                "{}: {}",
                res.status(),
                action
            );
            url = self.absolute(location(&res));
        }
        panic!("the provider never sent the browser back (last: {url})");
    }

    /// Where "cancel" at the provider's sign-in page leads (Flowline's callback with an error).
    pub async fn cancel(&self, browser: &Client, authorize: &str) -> String {
        let res = browser.get(authorize).send().await.expect("authorize");
        let page_url = self.absolute(location(&res));
        let page = browser
            .get(&page_url)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("text");
        let abort = page
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .find(|h| h.contains("/abort"))
            .expect("a cancel link");
        let mut url = self.absolute(abort);
        while url.starts_with(&self.base) {
            let res = browser.get(&url).send().await.expect("abort");
            url = self.absolute(location(&res));
        }
        url
    }

    fn absolute(&self, href: &str) -> String {
        let href = href.replace("&amp;", "&");
        if href.starts_with('/') {
            format!("{}{href}", self.base)
        } else {
            href
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.child.take() {
            drop(stdin);
            let _ = child.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "The OpenID provider said:\n{}",
                std::fs::read_to_string(self.log.path()).unwrap_or_default()
            );
        }
    }
}

pub fn location(res: &reqwest::Response) -> &str {
    res.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no Location from {} ({})", res.url(), res.status()))
}

fn form_action(page: &str) -> &str {
    page.split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no form on {page}"))
}
