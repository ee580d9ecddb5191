//! What every request handler and server fn can reach.

use super::db::Db;
use super::media::render::Renderer;
use super::media::MediaStore;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Authentication policy, taken from the server's settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// How long a session lasts without signing in again.
    pub session_ttl_s: i64,
    /// Set the cookie's `Secure` flag (behind https).
    pub cookie_secure: bool,
    /// Whether anyone may create a learner account.
    pub allow_registration: bool,
    /// Failed sign-ins allowed per account, and per client address, in one window.
    pub max_failures_per_account: i64,
    pub max_failures_per_ip: i64,
    pub throttle_window_s: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Demo mode: people who register join the demo cohort, so they have lessons at once.
    pub join_demo_cohort: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_ttl_s: 30 * 24 * 3600,
            cookie_secure: false,
            allow_registration: true,
            max_failures_per_account: 5,
            max_failures_per_ip: 30,
            throttle_window_s: 15 * 60,
            trust_forwarded_for: false,
            join_demo_cohort: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: AuthConfig,
    pub leptos_options: LeptosOptions,
    /// Videos, captions and posters.
    pub media: MediaStore,
    /// Turns lesson scripts into videos (espeak-ng + ffmpeg unless configured otherwise).
    pub renderer: Arc<dyn Renderer>,
    pub uploads: Uploads,
}

/// Where uploads are spooled while they are checked, and how large they may be.
#[derive(Debug, Clone)]
pub struct Uploads {
    pub spool_dir: std::path::PathBuf,
    pub max_video_bytes: u64,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
