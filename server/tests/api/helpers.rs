//! `spawn_app`: the real router on a random port with a fresh database.

pub mod job_evidence;
pub mod learning;
pub mod lessons;
pub mod mentor;
pub mod people;
pub mod records;

use leptos::config::LeptosOptions;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::config::Settings;
use server::startup;
use services::db::Db;
use services::state::{Clock, ServerFnCalls};
use std::net::SocketAddr;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a story once per backend: `both_backends!(story_fn);`
#[macro_export]
macro_rules! both_backends {
    ($story:ident) => {
        mod $story {
            // Multi-threaded, as in production: the server under test and the story's client
            // must not share (and starve) one thread.
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                super::$story($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                super::$story($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

/// A fresh, empty database of the given kind; `None` only outside CI when no PostgreSQL
/// was given (CI must run both).
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(services::db::sqlite_url(dir)),
        Backend::Postgres => {
            let Ok(admin_url) = std::env::var("FLOWLINE_TEST_POSTGRES_URL") else {
                assert!(
                    std::env::var("CI").is_err(),
                    "CI must run the PostgreSQL suite: set FLOWLINE_TEST_POSTGRES_URL (scripts/test.sh does)"
                );
                eprintln!("SKIPPED on PostgreSQL: FLOWLINE_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)");
                return None;
            };
            use sqlx::Connection;
            let name = format!("flowline_test_{}", uuid::Uuid::now_v7().simple());
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to the test PostgreSQL server");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create a test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .expect("URL has a database part");
            Some(format!("{base}/{name}"))
        }
    }
}

/// Drops a test database made by [`fresh_database`] (PostgreSQL; a SQLite file goes with
/// its temp dir). Connections still open to it are ended.
pub async fn drop_database(url: &str) {
    let (Ok(admin_url), Some((_, name))) = (
        std::env::var("FLOWLINE_TEST_POSTGRES_URL"),
        url.rsplit_once('/'),
    ) else {
        return;
    };
    if !name.starts_with("flowline_test_") {
        return;
    }
    use sqlx::Connection;
    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        if let Err(e) = sqlx::Executor::execute(&mut conn, sql.as_str()).await {
            eprintln!("could not drop the test database {name}: {e}");
        }
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub media: services::media::MediaStore,
    pub media_dir: std::path::PathBuf,
    pub client: reqwest::Client,
    /// The server's clock (the system's unless the story fixed it).
    pub clock: Clock,
    /// How often each server fn ran.
    pub calls: ServerFnCalls,
    /// The server's state, to build more routers from it.
    pub state: services::state::AppState,
    _database: DatabaseGuard,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Settings for the command line on this server's database (and data dir).
    pub fn cli_settings(&self) -> Settings {
        Settings {
            data_dir: self._dir.path().to_path_buf(),
            database_url: Some(self._database.0.clone()),
            ..Settings::default()
        }
    }
}

/// Starts the real server (REST, server fns, pages) on 127.0.0.1:0.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(
    backend: Backend,
    tweak: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    spawn_app_clocked(backend, tweak, Clock::System).await
}

/// The server with its own clock: a story that depends on what day it is runs at a
/// fixed "now" (or several) instead of whenever CI happens to run it.
pub async fn spawn_app_clocked(
    backend: Backend,
    tweak: impl FnOnce(&mut Settings),
    clock: Clock,
) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, dir.path()).await?;
    let database_url = url.clone();
    let mut settings = Settings {
        data_dir: dir.path().to_path_buf(),
        database_url: Some(url),
        max_connections: 5,
        ..Settings::default()
    };
    tweak(&mut settings);
    let options = LeptosOptions::builder()
        .output_name("flowline")
        .site_root("target/site")
        .build();
    let mut state = startup::build_state(&settings, options)
        .await
        .expect("start the app");
    state.clock = clock.clone();
    let calls = state.calls.clone();
    let kept = state.clone();
    let db = state.db.clone();
    let media = state.media.clone();
    let media_dir = settings.media_dir();
    let router = server::router::router(state, &settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(startup::serve(listener, router));
    Some(TestApp {
        addr,
        db,
        media,
        media_dir,
        client: new_client(),
        clock,
        calls,
        state: kept,
        _database: DatabaseGuard(database_url),
        _dir: dir,
    })
}

/// A browser-like client: keeps cookies, does not follow redirects (so tests can see them).
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        // A request that hangs fails its story instead of stalling the whole run.
        .timeout(std::time::Duration::from_secs(120))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Drops the story's PostgreSQL database when the story ends, however it ends (the story's
/// server may still be running on its runtime, so the drop happens on a thread of its own).
pub struct DatabaseGuard(pub String);

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        if !self.0.starts_with("postgres") {
            return;
        }
        let url = std::mem::take(&mut self.0);
        let dropped = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_database(&url));
            }
        });
        let _ = dropped.join();
    }
}

impl TestApp {
    /// Now, by the server's clock.
    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// GETs a JSON body (any status).
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).await.json().await.expect("a JSON body")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// Registers a learner and returns the request body used.
    /// An apprentice with an account, as if they registered and followed the e-mailed link
    /// (in demo mode, as registering does at once). The registration stories in `accounts`
    /// go through the doors themselves.
    pub async fn register(&self, email: &str, password: &str) -> Value {
        let body = json!({"email": email, "password": password, "display_name": "Sam Jointer", "timezone": "Europe/London"});
        let req: flowline_core::model::RegisterRequest =
            serde_json::from_value(body.clone()).expect("request");
        services::registration::create_now(&self.db, &self.state.auth, &req, self.now())
            .await
            .expect("register");
        body
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Creates an account with any role directly through the service layer.
    pub async fn create_user(
        &self,
        email: &str,
        password: &str,
        role: flowline_core::domain::Role,
    ) {
        use flowline_core::domain::{DisplayName, Email, Password, Timezone};
        let input = services::accounts::AccountInput {
            email: Email::parse(email).expect("email"),
            display_name: DisplayName::parse("Test Person").expect("name"),
            password: Password::parse(password).expect("password"),
            timezone: Timezone::default(),
        };
        services::accounts::create_account(&self.db, input, role, self.now())
            .await
            .expect("create user");
    }
}

/// Reads an error body and checks its shape: `{"error":{"code","message","field"?}}`.
pub async fn error_of(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    let body: Value = res.json().await.expect("JSON error body");
    let err = body
        .get("error")
        .cloned()
        .unwrap_or_else(|| panic!("no error object in {body}"));
    assert!(err["code"].is_string(), "{body}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    (status, err)
}

/// Serves a stand-in of an outside service on 127.0.0.1:0; its address.
pub async fn serve_stand_in(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// The coach's WhatsApp channel switched on, pointing nowhere: its routes answer as in
/// production, and nothing is sent (no sender runs in the stories).
pub fn whatsapp_on(s: &mut Settings) {
    s.whatsapp_phone_number_id = Some("1".into());
    s.whatsapp_access_token = Some("t".into());
    s.whatsapp_app_secret = Some("s".into());
    s.whatsapp_verify_token = Some("v".into());
    s.whatsapp_base_url = "http://127.0.0.1:9/v21.0".into();
}

/// GETs `path` as `who` (a browser of its own) and reads the JSON answer.
pub async fn get_as(app: &TestApp, who: &reqwest::Client, path: &str) -> Value {
    who.get(app.url(path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: not JSON: {e}"))
}
