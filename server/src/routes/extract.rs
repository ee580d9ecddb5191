//! Extractors that turn bad requests into clear `ApiError`s instead of plain-text rejections.

use super::error::ApiError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use bytes::Bytes;
use flowline_core::error::{AppError, ErrorCode};
use serde::de::DeserializeOwned;
use services::accounts::User;
use services::state::AppState;
use services::{accounts, session_token};
use std::net::IpAddr;

/// A JSON body whose errors name the field at fault: 400 for unreadable JSON, 422 for a
/// missing field or a wrong type, 413 for a body over the limit, 415 for non-JSON.
pub struct ApiJson<T>(pub T);

/// How much of a body over the limit is still read (and dropped) before the refusal: a
/// client that is still sending would otherwise see its connection cut off mid-write
/// instead of the 413 (HTTP/1.1 clients rarely read an answer before they finish sending).
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let mime = ct
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if is_json == Some(false) {
            return Err(ApiError(AppError::bad_request(
                "Send the body as JSON with Content-Type: application/json.",
            )));
        }
        let bytes = read_limited(req.into_body(), state.uploads.max_body_bytes).await?;
        parse_json(&bytes).map(ApiJson).map_err(ApiError)
    }
}

/// The body, up to `limit` bytes; past it, the rest is read and dropped (up to
/// [`DRAIN_LIMIT`]) and the answer is 413.
pub async fn read_limited(body: axum::body::Body, limit: usize) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = bytes::BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|_| ApiError(AppError::bad_request("The request body could not be read.")))?;
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            buf.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > limit {
        return Err(ApiError(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "The request body is too large (at most {} KB).",
                limit / 1024
            ),
        )));
    }
    Ok(buf.freeze())
}

/// Deserialises `bytes`, naming the offending field in the error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_request(
            "The request body is empty; send a JSON object.",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::bad_request(format!("The request body is not valid JSON: {inner}."));
        }
        let text = inner.to_string();
        // "missing field `email` at line 1 column 20" → the field is inside the backticks.
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned());
        let field = match (missing, path.as_str()) {
            (Some(name), "." | "") => Some(name),
            (Some(name), parent) => Some(format!("{parent}.{name}")),
            (None, "." | "") => None,
            (None, p) => Some(p.to_owned()),
        };
        let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
        match field {
            Some(f) => AppError::invalid(&f, format!("{f}: {message}")),
            None => AppError::new(ErrorCode::Invalid, message),
        }
    })
}

/// Query parameters whose errors are the usual JSON error (400 naming the parameter), not
/// axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|err| {
                let field = err.path().to_string();
                let message = err.into_inner().to_string();
                let mut e = AppError::bad_request(format!(
                    "The query parameters are not acceptable: {message}."
                ));
                if !field.is_empty() && field != "." {
                    e.field = Some(field);
                }
                ApiError(e)
            })
    }
}

/// The caller's address, for throttling.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(services::client_ip(
            parts,
            state.auth.trust_forwarded_for,
        )))
    }
}

/// The session token sent with the request, if any.
pub struct SessionToken(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for SessionToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(SessionToken(session_token::from_cookie_header(
            &parts.headers,
        )))
    }
}

/// The signed-in caller; 401 otherwise.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token::from_cookie_header(&parts.headers)
            .ok_or_else(|| ApiError(AppError::unauthenticated()))?;
        let device = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        accounts::authenticate(&state.db, &state.auth, &token, device, state.now_ms())
            .await?
            .map(CurrentUser)
            .ok_or_else(|| ApiError(AppError::unauthenticated()))
    }
}

/// A signed-in caller in one of the roles an endpoint is for: checked from the headers,
/// before the body is read, so a caller without access hears 401/403 and never a field error
/// about a body they had no business sending. The services check the role again.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $($role:ident),+) => {
        $(#[$doc])*
        pub struct $name(pub User);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, ApiError> {
                let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
                accounts::require_role(&user, &[$(flowline_core::domain::Role::$role),+])?;
                Ok(Self(user))
            }
        }
    };
}

role_extractor!(
    /// An admin.
    AdminUser, Admin
);
role_extractor!(
    /// A mentor (signing off observed work is a mentor's act).
    MentorUser, Mentor
);
role_extractor!(
    /// An apprentice.
    LearnerUser, Learner
);
role_extractor!(
    /// A mentor or an admin (answering a learner's question).
    MentorOrAdmin, Mentor, Admin
);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "the fields exist to be deserialised")]
    struct Form {
        email: String,
        age: u32,
    }

    #[test]
    fn a_missing_field_is_named() {
        let e = parse_json::<Form>(br#"{"age": 3}"#).expect_err("missing");
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.field.as_deref(), Some("email"));
    }

    #[test]
    fn a_wrong_type_is_named() {
        let e = parse_json::<Form>(br#"{"email": "a@b.c", "age": "three"}"#).expect_err("type");
        assert_eq!(e.field.as_deref(), Some("age"));
        assert!(e.message.starts_with("age: invalid type"), "{}", e.message);
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        let e = parse_json::<Form>(br#"{"email": "#).expect_err("syntax");
        assert_eq!(e.code, ErrorCode::BadRequest);
        let e = parse_json::<Form>(b"  ").expect_err("empty");
        assert_eq!(e.code, ErrorCode::BadRequest);
    }
}
role_extractor!(
    /// A line manager (confirming an apprentice's Behaviours and Gateway readiness).
    EmployerUser, Employer
);
