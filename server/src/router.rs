//! The whole HTTP surface in one router: the REST API, server fns, pages, media and static
//! files, with the headers every answer carries.

use crate::config::Settings;
use crate::routes;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use services::state::AppState;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole HTTP surface: REST API, server fns, pages and static files.
pub fn router(state: AppState, settings: &Settings) -> Router {
    let options = state.leptos_options.clone();
    let pages = page_routes();
    let compressed = Router::new()
        .merge(routes::api_router().0)
        .route("/sw.js", axum::routing::get(routes::pwa::service_worker))
        .route("/sso/start", axum::routing::get(routes::sso::start))
        .route("/sso/callback", axum::routing::get(routes::sso::callback))
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::same_origin::refuse_cross_origin,
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
