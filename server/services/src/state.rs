//! What every request handler and server fn can reach.

use super::db::Db;
use super::media::render::Renderer;
use super::media::MediaStore;
use leptos_config::LeptosOptions;
use std::sync::Arc;

/// Authentication policy, taken from the server's settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// How long a session lasts unused (it renews while used).
    pub session_ttl_s: i64,
    /// The longest a session lasts, used or not, before signing in again.
    pub session_max_s: i64,
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
    /// The identity provider's name on "Sign in with …", when single sign-on is set up.
    pub sso_name: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_ttl_s: 30 * 24 * 3600,
            session_max_s: 180 * 24 * 3600,
            cookie_secure: false,
            allow_registration: true,
            max_failures_per_account: 5,
            max_failures_per_ip: 30,
            throttle_window_s: 15 * 60,
            trust_forwarded_for: false,
            join_demo_cohort: false,
            sso_name: None,
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
    /// What time it is: the system clock, or a fixed one in tests.
    pub clock: Clock,
    /// How often each server fn ran (see [`ServerFnCalls`]).
    pub calls: ServerFnCalls,
    /// Where people reach this site (no trailing slash): xAPI ids and verify links start here.
    pub public_url: String,
    /// The training provider's name (on portfolios and verify pages).
    pub provider: String,
    /// The external LRS evidence is forwarded to, if one is configured.
    pub lrs: Option<crate::evidence::lrs::LrsTarget>,
    /// The coach's search index of lessons and mentors' answers (rebuilt when they change).
    pub coach: crate::coach::Coach,
    /// The coach's WhatsApp channel, when the provider switched it on.
    pub whatsapp: Option<Arc<crate::coach::whatsapp::WhatsApp>>,
    /// The provider's TalentLMS, when connected (people are imported from it).
    pub talentlms: Option<crate::people::talentlms::api::TalentLms>,
    /// Where e-mail goes (an SMTP server, or `.eml` files).
    pub mail: crate::mail::Mailer,
    /// The server's Web Push identity (its VAPID key).
    pub push: crate::push::Vapid,
    /// Single sign-on with the provider's identity provider, when configured.
    pub sso: Option<Arc<crate::sso::Sso>>,
}

impl AppState {
    /// Who signs portfolios and credentials, and where their links point.
    pub fn issuer(&self) -> crate::evidence::portfolio::Issuer<'_> {
        crate::evidence::portfolio::Issuer {
            site: &self.public_url,
            provider: &self.provider,
        }
    }

    /// Now, in milliseconds since the Unix epoch, by this state's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// Where request handlers read the time. Stories run against a fixed clock, so what they
/// see does not depend on the date and hour they run.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// A settable time (ms since the epoch), shared by every clone.
    Fixed(Arc<std::sync::atomic::AtomicI64>),
}

impl Clock {
    pub fn fixed(now_ms: i64) -> Self {
        Self::Fixed(Arc::new(std::sync::atomic::AtomicI64::new(now_ms)))
    }

    pub fn now_ms(&self) -> i64 {
        match self {
            Self::System => super::now_ms(),
            Self::Fixed(t) => t.load(std::sync::atomic::Ordering::SeqCst),
        }
    }

    /// Moves a fixed clock on (a system clock moves by itself).
    pub fn advance(&self, ms: i64) {
        if let Self::Fixed(t) = self {
            t.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Counts server fn runs by name: one page GET should run each of its server fns once, and
/// the count shows it (a page built twice would run them twice).
#[derive(Debug, Clone, Default)]
pub struct ServerFnCalls(Arc<std::sync::Mutex<std::collections::BTreeMap<String, u64>>>);

impl ServerFnCalls {
    pub fn record(&self, name: &str) {
        if let Ok(mut m) = self.0.lock() {
            *m.entry(name.to_owned()).or_default() += 1;
        }
    }

    /// Every count so far, by server fn.
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, u64> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }

    pub fn reset(&self) {
        if let Ok(mut m) = self.0.lock() {
            m.clear();
        }
    }
}

/// Where uploads are spooled while they are checked, and how large they may be.
#[derive(Debug, Clone)]
pub struct Uploads {
    pub spool_dir: std::path::PathBuf,
    pub max_video_bytes: u64,
    /// The largest JSON body a request may carry.
    pub max_body_bytes: usize,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
