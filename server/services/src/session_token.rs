//! Session tokens: 256 random bits handed to the browser; only their SHA-256 is stored.

use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "flowline_session";

/// A fresh random token (hex) for the cookie.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps: a stolen database dump does not yield usable sessions.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The value of the cookie called `name` in a request's `Cookie` headers.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| cookie::Cookie::parse(pair.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Reads our session token from a `Cookie` header.
pub fn from_cookie_header(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, COOKIE_NAME)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value that installs (or, with `max_age_s = 0`, removes) the session.
pub fn set_cookie_value(token: &str, max_age_s: i64, secure: bool) -> String {
    let mut c = cookie::Cookie::build((COOKIE_NAME, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_s))
        .secure(secure)
        .build();
    if max_age_s == 0 {
        c.set_value("");
    }
    c.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_only_their_hash_is_kept() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_lax() {
        let v = set_cookie_value("abc", 60, false);
        assert!(v.contains("HttpOnly"), "{v}");
        assert!(v.contains("SameSite=Lax"), "{v}");
        assert!(!v.contains("Secure"), "{v}");
        assert!(set_cookie_value("abc", 60, true).contains("Secure"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let t = generate();
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            format!("theme=dark; {COOKIE_NAME}={t}; x=1")
                .parse()
                .expect("header"),
        );
        assert_eq!(from_cookie_header(&h), Some(t));
        h.insert(
            http::header::COOKIE,
            format!("{COOKIE_NAME}=not-a-token")
                .parse()
                .expect("header"),
        );
        assert_eq!(from_cookie_header(&h), None);
    }
}
