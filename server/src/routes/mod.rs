//! The REST API v1 and operational endpoints. Handlers are thin: parse, authorise, call a
//! service in `app::ssr::services`.

pub mod auth;
pub mod content;
pub mod error;
pub mod extract;
pub mod health;
pub mod learning;
pub mod me;
pub mod media;
pub mod mentor;
pub mod openapi;
pub mod pwa;
pub mod standards;

use app::ssr::state::AppState;
use axum::routing::{get, post};
use axum::Router;

/// `/api/v1/…`, `/healthz`.
pub fn api_router() -> Router<AppState> {
    let v1 = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(me::me))
        .route("/standards", get(standards::list))
        .route("/standards/{reference}", get(standards::detail))
        .route("/content", get(content::list))
        .route("/feed", get(learning::get_feed))
        .route(
            "/interactions",
            get(learning::list_interactions).post(learning::post_interactions),
        )
        .route("/progress", get(learning::get_progress))
        .route("/mentor/observations", post(mentor::post_observation))
        .route("/admin/standards/import", post(standards::import))
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(error::api_not_found);
    Router::new()
        .route("/healthz", get(health::healthz))
        .nest("/api/v1", v1)
}

/// `/media/{key}`: stored videos, captions and posters, with byte ranges.
pub fn media_router() -> Router<AppState> {
    Router::new().route("/media/{*key}", get(media::serve))
}
