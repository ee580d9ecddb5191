//! Requests that change something must come from Flowline's own pages (or from no browser at
//! all). A browser names where a request came from: `Sec-Fetch-Site` in every current one, and
//! `Origin` on every unsafe request. A cross-site form or `fetch` (login CSRF, a planted
//! time zone, a queued export) is refused with a 403 before any handler runs; a sibling
//! origin on the same site is refused too, since `SameSite=Lax` cookies reach it. The rule is
//! the one Go's `http.CrossOriginProtection` and Rails' origin check use: trust
//! `Sec-Fetch-Site` when it is there, else compare `Origin` with the host asked for, else (no
//! browser: curl, Meta's webhook, the CLI) let it through.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flowline_core::error::{AppError, ErrorCode};
use services::state::AppState;

use super::error::ApiError;

/// Is this request one a browser sent from another site (or another origin of this site)?
pub fn is_cross_origin(method: &Method, headers: &HeaderMap, own_origin: &str) -> bool {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return false;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        return false;
    };
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let host = text(header::HOST.as_str());
    let same_host = authority.is_some() && authority == host;
    !(same_host || origin.eq_ignore_ascii_case(own_origin))
}

/// The site's own origin (`scheme://host[:port]`) from its public address.
pub fn origin_of(public_url: &str) -> &str {
    let after_scheme = public_url.find("://").map_or(0, |i| i + 3);
    match public_url[after_scheme..].find('/') {
        Some(i) => &public_url[..after_scheme + i],
        None => public_url,
    }
}

/// The middleware: refuses a cross-origin unsafe request with a 403 that says why.
pub async fn refuse_cross_origin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if is_cross_origin(req.method(), req.headers(), origin_of(&state.public_url)) {
        tracing::warn!(
            method = %req.method(),
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            "cross-origin request refused"
        );
        return ApiError(AppError::new(
            ErrorCode::Forbidden,
            "This request came from another website, so Flowline did not act on it. Open \
             Flowline itself and try again.",
        ))
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const OWN: &str = "https://learn.example.org";

    #[test]
    fn what_a_browser_says_decides_and_no_browser_is_let_through() {
        let post = Method::POST;
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[("sec-fetch-site", "same-origin")], false),
            (&[("sec-fetch-site", "none")], false),
            (&[("sec-fetch-site", "cross-site")], true),
            (&[("sec-fetch-site", "same-site")], true),
            (
                &[
                    ("origin", "https://learn.example.org"),
                    ("host", "10.0.0.5:3000"),
                ],
                false,
            ),
            (
                &[
                    ("origin", "http://127.0.0.1:3000"),
                    ("host", "127.0.0.1:3000"),
                ],
                false,
            ),
            (
                &[
                    ("origin", "https://evil.example"),
                    ("host", "learn.example.org"),
                ],
                true,
            ),
            (&[("origin", "null"), ("host", "learn.example.org")], true),
            (&[], false),
        ];
        for (pairs, refused) in cases {
            assert_eq!(
                is_cross_origin(&post, &headers(pairs), OWN),
                *refused,
                "{pairs:?}"
            );
        }
        let cross = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(
            !is_cross_origin(&Method::GET, &cross, OWN),
            "reading is safe"
        );
    }

    #[test]
    fn the_origin_of_a_public_address() {
        assert_eq!(
            origin_of("https://learn.example.org/"),
            "https://learn.example.org"
        );
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(origin_of("https://x.org/flowline"), "https://x.org");
    }
}
