//! Building the application: state, router, listener.

use crate::config::Settings;
use axum::Router;
use leptos::config::LeptosOptions;
use services::db::{self, Db, DbError};
use services::media::render::LocalRenderer;
use services::media::MediaStore;
use services::state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;

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
    let mail = settings.mailer().map_err(StartError::Settings)?;
    let sso = match settings.sso(&public_url).map_err(StartError::Settings)? {
        Some(s) => Some(Arc::new(services::sso::Sso::new(s).map_err(|e| {
            StartError::Settings(format!("single sign-on: {}", e.detail()))
        })?)),
        None => None,
    };
    let db = open_db(settings).await?;
    let push =
        services::push::ensure_key(&db, &settings.push_subject(&public_url), services::now_ms())
            .await
            .map_err(|e| StartError::Settings(format!("the Web Push key: {}", e.detail())))?;
    Ok(AppState {
        mail,
        push,
        sso,
        whatsapp,
        talentlms: settings.talentlms(),
        public_url,
        provider,
        lrs: settings.lrs(),
        db,
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
            safety_follow_up_ms: settings.safety_follow_up_minutes.max(1) * 60_000,
            questions_per_hour: settings.coach_questions_per_hour.max(1),
            questions_per_day: settings.coach_questions_per_day.max(1),
            ..Default::default()
        },
    })
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
        StartError::Demo(flowline_core::error::AppError::internal(format!(
            "{} shipped lesson(s) invalid",
            errors.len()
        )))
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

/// Chains the evidence of learners from before the trail existed (once: a learner with a
/// chain is never touched again), before the server takes requests.
pub async fn chain_earlier_evidence(db: &Db) -> Result<(), StartError> {
    services::evidence::backfill(db, services::now_ms())
        .await
        .map(|_| ())
        .map_err(StartError::Evidence)
}

/// Writes the mastery history of learners whose learning predates its table (once).
pub async fn write_earlier_history(db: &Db) -> Result<(), StartError> {
    services::learning::history::backfill(db, services::now_ms())
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
