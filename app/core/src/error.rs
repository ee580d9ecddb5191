//! The one error type that crosses every boundary: server fns, REST (`{"error":{…}}`) and the UI.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::fmt;
use std::sync::Arc;

/// A stable, machine-readable error category; REST maps each to one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request could not be read (bad JSON, wrong type, missing field).
    BadRequest,
    /// The request was read but a value is not acceptable.
    Invalid,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    TooManyRequests,
    /// A service Flowline relies on (an LMS's API) did not answer as it should.
    Upstream,
    /// The client could not reach the server (only ever produced in the browser).
    Network,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::Invalid => "invalid",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::PayloadTooLarge => "payload_too_large",
            Self::TooManyRequests => "too_many_requests",
            Self::Upstream => "upstream",
            Self::Network => "network",
            Self::Internal => "internal",
        }
    }
}

/// An error a person can read, with the offending field when there is one. REST sends it as
/// `{"error": AppError}`; server fns as the error itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ErrorDetail))]
pub struct AppError {
    pub code: ErrorCode,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Enter an e-mail address like name@example.com.")
    )]
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "email"))]
    pub field: Option<String>,
    /// What went wrong underneath (a database error, a failed write), for the log: never
    /// sent, never shown. An `internal` error carries it to the door that logs it once.
    #[serde(skip)]
    pub cause: Option<Arc<str>>,
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// For logs: the message, and the cause when there is one.
pub struct Detail<'a>(&'a AppError);

impl fmt::Display for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.cause {
            Some(cause) => write!(f, "{} ({cause})", self.0.message),
            None => f.write_str(&self.0.message),
        }
    }
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            cause: None,
        }
    }

    /// The same error, with what went wrong underneath (kept for the log only).
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.cause = Some(cause.to_string().into());
        self
    }

    /// What to log: the message and its cause.
    pub fn detail(&self) -> Detail<'_> {
        Detail(self)
    }

    /// A value the user typed is not acceptable; `field` names the input.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(ErrorCode::Invalid, message)
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "Please sign in to continue.")
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "You do not have access to this.")
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found."))
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(ErrorCode::Conflict, message)
        }
    }

    /// Something failed on our side. The person reads a generic message; `cause` says what
    /// failed, for the log (written once, where the error leaves the server).
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::new(
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        )
        .caused_by(cause)
    }
}

/// A database error reaching a caller: an opaque `internal` (no database text leaves the
/// server) that carries the real error to the log. Constraint violations that mean something
/// to a user are turned into field errors before this, with the store's `on_unique`.
#[cfg(feature = "sqlx")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(format_args!("database: {e}"))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => Self::bad_request(m),
            ServerFnErrorErr::Request(_) => Self::new(
                ErrorCode::Network,
                "Could not reach Flowline. Check your connection and try again.",
            ),
            other => Self::internal(format_args!("server fn: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log_and_never_sends_it() {
        let e = AppError::internal("database: connection refused");
        assert_eq!(e.code, ErrorCode::Internal);
        assert_eq!(
            e.detail().to_string(),
            "Something went wrong on our side. Please try again. (database: connection refused)"
        );
        let sent = serde_json::to_value(&e).expect("json");
        assert_eq!(
            sent,
            serde_json::json!({
                "code": "internal",
                "message": "Something went wrong on our side. Please try again."
            })
        );
        let back: AppError = serde_json::from_value(sent).expect("read back");
        assert_eq!(back.cause, None);
    }

    #[test]
    fn a_person_s_error_has_no_cause() {
        let e = AppError::invalid("email", "Enter an e-mail address.");
        assert_eq!(e.detail().to_string(), "Enter an e-mail address.");
    }
}
