//! Flowline's services: the business operations behind both doors (server fns and REST
//! handlers call these: one implementation, two doors), with storage, authentication, lessons
//! and media. Native only: the browser bundle cannot depend on this crate.

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod background;
pub mod catalogue;
pub mod coach;
pub mod credentials;
pub mod db;
pub mod demo;
pub mod demo_cohort;
pub mod employer;
pub mod evidence;
pub mod job_evidence;
pub mod learning;
pub mod lessons;
pub mod library;
pub mod mail;
pub mod media;
pub mod mentor;
pub mod otj;
pub mod password;
pub mod people;
pub mod privacy;
pub mod programme;
pub mod push;
pub mod recovery;
pub mod registration;
pub mod renders;
pub mod reviews;
pub mod session_token;
pub mod sso;
pub mod standards;
pub mod state;
/// All SQL. Private: other crates reach storage only through the operations above. The
/// storage stories (server/tests) reach it with the `test-support` feature, which only the
/// server's dev-dependencies switch on.
#[cfg(feature = "test-support")]
pub mod store;
#[cfg(not(feature = "test-support"))]
mod store;
pub mod studio;
pub mod throttle;
pub mod uploads;

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A new time-ordered id (UUIDv7), as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Logs an `internal` error once, with its cause, where it leaves the server (a REST answer,
/// a server fn's answer): inside the request's span, so the line carries the request id.
pub fn log_internal(e: &flowline_core::error::AppError) {
    if e.code == flowline_core::error::ErrorCode::Internal {
        tracing::error!(
            cause = e.cause.as_deref().unwrap_or("(none given)"),
            "internal error"
        );
    }
}

/// The HTTP status that fits an error category (REST and server fns alike).
pub fn status_of(code: flowline_core::error::ErrorCode) -> http::StatusCode {
    use flowline_core::error::ErrorCode;
    use http::StatusCode;
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Upstream => StatusCode::BAD_GATEWAY,
        ErrorCode::Network | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The caller's address: the connection's peer, or with `trust_forwarded_for` (behind a
/// load balancer that appends to it) the right-most `X-Forwarded-For` entry.
pub fn client_ip(
    parts: &http::request::Parts,
    trust_forwarded_for: bool,
) -> Option<std::net::IpAddr> {
    if trust_forwarded_for {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|ip| ip.trim().parse().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}
