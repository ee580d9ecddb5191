//! Building the application: state, router, listener.

use crate::config::Settings;
use crate::routes;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use services::db::{self, Db, DbError};
use services::media::render::LocalRenderer;
use services::media::MediaStore;
use services::renders::Turn;
use services::state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("demo set-up failed: {0}")]
    Demo(flowline_core::error::AppError),
    #[error("could not chain earlier evidence: {0}")]
    Evidence(flowline_core::error::AppError),
    #[error("media directory {path}: {source}")]
    Media {
        path: String,
        #[source]
        source: services::media::store::MediaError,
    },
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
    #[error("settings: {0}")]
    Settings(String),
}

/// Opens (and migrates) the database the settings point at, creating the data dir for SQLite.
pub async fn open_db(settings: &Settings) -> Result<Db, StartError> {
    if settings.uses_sqlite() {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| StartError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    Ok(db::connect(&settings.database_url(), settings.max_connections).await?)
}

pub async fn build_state(
    settings: &Settings,
    leptos_options: LeptosOptions,
) -> Result<AppState, StartError> {
    let media_dir = settings.media_dir();
    let media = MediaStore::local(&media_dir).map_err(|source| StartError::Media {
        path: media_dir.display().to_string(),
        source,
    })?;
    let public_url = settings
        .public_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map_or_else(
            || format!("http://{}", leptos_options.site_addr),
            |u| u.trim_end_matches('/').to_owned(),
        );
    let provider = settings
        .provider_name
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map_or_else(
            || {
                if settings.demo {
                    "Flowline demo training provider".to_owned()
                } else {
                    "Training provider (set FLOWLINE_PROVIDER_NAME)".to_owned()
                }
            },
            str::to_owned,
        );
    let whatsapp = settings
        .whatsapp(&public_url)
        .map_err(StartError::Settings)?
        .map(Arc::new);
    Ok(AppState {
        whatsapp,
        talentlms: settings.talentlms(),
        public_url,
        provider,
        lrs: settings.lrs(),
        db: open_db(settings).await?,
        auth: settings.auth(),
        leptos_options,
        media,
        renderer: Arc::new(LocalRenderer::default()),
        uploads: services::state::Uploads {
            spool_dir: settings.data_dir.join("spool"),
            max_video_bytes: settings.max_video_mb.saturating_mul(1024 * 1024),
            max_body_bytes: settings.max_body_bytes,
        },
        clock: services::state::Clock::System,
        calls: services::state::ServerFnCalls::default(),
        coach: services::coach::Coach {
            llm: settings.llm(),
            ..Default::default()
        },
    })
}

/// The whole HTTP surface: REST API, server fns, pages and static files.
pub fn router(state: AppState, settings: &Settings) -> Router {
    let options = state.leptos_options.clone();
    let pages = page_routes();
    let compressed = Router::new()
        .merge(routes::api_router())
        .route("/sw.js", axum::routing::get(routes::pwa::service_worker))
        .leptos_routes_with_context(&state, pages, || {}, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new());
    // Media is served byte-exact (ranges), never re-encoded on the way out; the app's own
    // files come precompressed from the build.
    routes::media_router()
        .merge(routes::credentials::public_router())
        .nest_service("/pkg", static_pkg(&state.leptos_options))
        .merge(compressed)
        .layer(DefaultBodyLimit::max(settings.max_body_bytes))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(axum::middleware::map_response(server_fn_error_status))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// `/pkg/`: the wasm, JS and CSS as built, the build's brotli or gzip copy when the browser
/// takes it (never compressed per request). Content-hashed names never change meaning, so they
/// are cached for a year; unhashed ones (a debug build) are checked every time.
fn static_pkg(
    options: &LeptosOptions,
) -> tower_http::set_header::SetResponseHeader<tower_http::services::ServeDir, HeaderValue> {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    tower_http::set_header::SetResponseHeader::overriding(
        tower_http::services::ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache),
    )
}

/// One span per request, with an id (the caller's `X-Request-Id`, or a new one): every log
/// line of the request, the services' spans included, can be followed by it.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64)
        .map_or_else(services::new_id, str::to_owned);
    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
}

/// A server fn that failed before its body ran (its arguments did not decode) answers 500
/// from Leptos whatever the error; give it the status of the `AppError` it carries (400 for
/// a malformed body). Errors from inside a server fn already set their status.
async fn server_fn_error_status(res: axum::response::Response) -> axum::response::Response {
    if res.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(e) = serde_json::from_slice::<flowline_core::error::AppError>(&bytes) {
        parts.status = services::status_of(e.code);
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The app's page routes, found once per process. Finding them renders the app with
/// resource loading suppressed process-wide (leptos-rs/leptos#4773): a page rendered for a
/// request meanwhile would wait forever, so a second router must not look again.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Serves until Ctrl-C / SIGTERM, with client addresses available for throttling.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> Result<(), StartError> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartError::Serve)
}

/// Demo mode: the shipped lessons into the database; their videos are attached from the
/// media store or queued for the render workers (the server is usable meanwhile).
pub async fn load_demo_lessons(state: &AppState) -> Result<(), StartError> {
    let docs = services::lessons::shipped().map_err(|errors| {
        for e in &errors {
            tracing::error!(%e, "shipped lesson is invalid");
        }
        StartError::Demo(flowline_core::error::AppError::internal())
    })?;
    let report = services::lessons::sync::sync(
        &state.db,
        &state.media,
        state.renderer.id(),
        &docs,
        services::now_ms(),
    )
    .await
    .map_err(StartError::Demo)?;
    println!(
        "Demo lessons: {} ({} new, {} updated); {} video(s) ready, {} to render in the background",
        docs.len(),
        report.created,
        report.updated,
        docs.len() - report.queued,
        report.queued
    );
    if report.queued > 0 {
        if let Err(e) = state.renderer.check().await {
            println!("  Videos cannot be rendered on this machine: {e}");
        }
    }
    Ok(())
}

/// Lesson render workers: each takes render jobs from the database queue until the process
/// ends. Any number of instances may run them; a job is claimed by one at a time.
pub fn spawn_render_workers(state: &AppState, workers: usize) {
    for n in 0..workers {
        let (db, media, renderer) = (
            state.db.clone(),
            state.media.clone(),
            state.renderer.clone(),
        );
        tokio::spawn(async move {
            let mut warned = false;
            loop {
                match services::renders::run_next(&db, &media, renderer.as_ref()).await {
                    Ok(Turn::Rendered { content_id }) => {
                        tracing::info!(worker = n, %content_id, "lesson video rendered");
                    }
                    Ok(Turn::Failed { error, .. }) if !warned => {
                        warned = true;
                        tracing::error!(worker = n, %error, "a lesson video could not be rendered");
                    }
                    Ok(Turn::Failed { .. }) => {}
                    Ok(Turn::Idle) => tokio::time::sleep(std::time::Duration::from_secs(2)).await,
                    Err(e) => {
                        tracing::warn!(worker = n, error = %e, "render queue unavailable");
                        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
                    }
                }
            }
        });
    }
}

/// Chains the evidence of learners from before the trail existed (once: a learner with a
/// chain is never touched again), before the server takes requests.
pub async fn chain_earlier_evidence(db: &Db) -> Result<(), StartError> {
    services::evidence::backfill(db, services::now_ms())
        .await
        .map(|_| ())
        .map_err(StartError::Evidence)
}

/// The Open Badges issuer key: made on the first start, kept in the database after that.
pub async fn ensure_issuer_key(db: &Db) -> Result<(), StartError> {
    services::credentials::ensure_key(db, services::now_ms())
        .await
        .map(|_| ())
        .map_err(StartError::Evidence)
}

/// Queues the xAPI statements of evidence chained before statements were queued (once).
pub async fn queue_earlier_statements(db: &Db) -> Result<(), StartError> {
    let queued = services::evidence::lrs::backfill(db, services::now_ms())
        .await
        .map_err(StartError::Evidence)?;
    if queued > 0 {
        tracing::info!(queued, "xAPI statements queued for earlier evidence");
    }
    Ok(())
}

/// Forwards queued xAPI statements to the configured LRS until the process ends. Any number
/// of instances may run it: each statement is held by one forwarder at a time.
pub fn spawn_lrs_forwarder(state: &AppState) {
    use services::evidence::lrs;
    let Some(target) = state.lrs.clone() else {
        return;
    };
    let (db, site) = (state.db.clone(), state.public_url.clone());
    let client = reqwest::Client::new();
    tracing::info!(endpoint = %target.endpoint, "forwarding evidence to an LRS");
    tokio::spawn(async move {
        loop {
            let wait =
                match lrs::forward_once(&db, &client, &target, &site, services::now_ms()).await {
                    Ok(r) if r.is_idle() => 1,
                    Ok(r) => {
                        tracing::info!(
                            sent = r.sent,
                            refused = r.refused,
                            later = r.later,
                            "statements forwarded"
                        );
                        0
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "statement outbox unavailable");
                        10
                    }
                };
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
    });
}

/// Anchors every evidence chain's head once an hour (when any moved).
pub fn spawn_evidence_anchorer(db: Db) {
    use services::evidence::anchor;
    tokio::spawn(async move {
        let every = std::time::Duration::from_millis(anchor::EVERY_MS.unsigned_abs());
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match anchor::anchor(&db, services::now_ms()).await {
                Ok(Some(a)) => tracing::info!(anchor = a.seq, hash = %a.hash, "evidence anchored"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "evidence anchor failed"),
            }
        }
    });
}

/// Fits every standard's memory model to its own reviews once a day (the first an hour after
/// start, so a restart loop never refits).
pub fn spawn_memory_fitter(db: Db) {
    use services::learning::memory_fit;
    tokio::spawn(async move {
        let every = std::time::Duration::from_millis(memory_fit::EVERY_MS.unsigned_abs());
        let mut tick = tokio::time::interval_at(
            tokio::time::Instant::now() + std::time::Duration::from_secs(3600),
            every,
        );
        loop {
            tick.tick().await;
            match memory_fit::fit_all(&db, services::now_ms()).await {
                Ok(outcomes) => {
                    for o in outcomes {
                        tracing::info!(standard = %o.standard, reviews = o.reviews, skipped = ?o.skipped, adopted = o.adopted, "memory fit");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "memory fit failed"),
            }
        }
    });
}

/// Nudges: every minute, queue today's for learners now in their morning or evening, then send
/// what is queued. Every instance may run this; the database keeps each nudge to once.
pub fn spawn_nudger(state: &AppState) {
    use services::coach::nudges::{self, Turn};
    let (db, clock) = (state.db.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = nudges::schedule(&db, clock.now_ms()).await {
                tracing::warn!(error = %e, "nudge schedule failed");
                continue;
            }
            loop {
                match nudges::run_next(&db, clock.now_ms()).await {
                    Ok(Turn::Idle) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
    });
}

/// Sends queued WhatsApp messages (when the channel is on) until the process ends. Any number
/// of instances may run it: each message is held by one sender at a time.
pub fn spawn_whatsapp_sender(state: &AppState) {
    use services::coach::whatsapp::send::{send_next, Sent};
    let Some(wa) = state.whatsapp.clone() else {
        return;
    };
    let (db, clock) = (state.db.clone(), state.clock.clone());
    let client = reqwest::Client::new();
    tracing::info!(base = %wa.base_url, "the coach is on WhatsApp");
    tokio::spawn(async move {
        loop {
            let wait = match send_next(&db, &wa, &client, clock.now_ms()).await {
                Ok(Sent::Idle) => 2,
                Ok(_) => 0,
                Err(e) => {
                    tracing::warn!(error = %e, "WhatsApp queue unavailable");
                    10
                }
            };
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
    });
}

/// Makes people's data exports (and drops expired ones) until the process ends. Any number of
/// instances may run it: each export is held by one worker at a time.
pub fn spawn_export_worker(state: &AppState) {
    use services::privacy::{self, Turn};
    let (db, clock) = (state.db.clone(), state.clock.clone());
    tokio::spawn(async move {
        loop {
            let wait = match privacy::run_next(&db, clock.now_ms()).await {
                Ok(Turn::Idle) => 2,
                Ok(_) => 0,
                Err(e) => {
                    tracing::warn!(error = %e, "data export queue unavailable");
                    10
                }
            };
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
    });
}

/// Removes expired sessions once an hour. Idempotent, so several instances may all run it.
pub fn spawn_session_sweeper(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let swept = async {
                let mut conn = db.pool.acquire().await?;
                services::store::sessions::delete_expired(&mut conn, services::now_ms()).await
            };
            match swept.await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session sweep failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
