//! E-mail: what Flowline sends (password resets, invitations, sign-in links, alerts), queued
//! in the job queue and sent over SMTP by a worker, retried while the server is unreachable
//! or answers "try later". Without an SMTP server (a laptop, the demo) each message is
//! written as an `.eml` file into the data directory instead, and the log says where.

pub mod compose;
pub mod send;

use crate::store::jobs::{self, JobKind};
use flowline_core::error::AppError;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::path::PathBuf;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587); refuses a server without it.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or private network.
    Plain,
}

/// An SMTP server and how to sign in to it.
#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, when the server asks for them.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("credentials", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Route {
    Smtp(Smtp),
    /// No SMTP server configured: `.eml` files in this directory.
    Directory(PathBuf),
}

/// The sender: the address mail comes from and the route it takes.
#[derive(Debug, Clone)]
pub struct Mailer {
    /// `Name <address>` or an address.
    pub from: String,
    pub route: Route,
}

/// One message, as queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues `mail` for the mail worker, in the caller's transaction when it has one (a reset
/// link is mailed only if its token was stored). `key` makes queueing it twice a no-op.
pub async fn queue(
    conn: &mut AnyConnection,
    mail: &Mail,
    key: &str,
    now: i64,
) -> Result<bool, AppError> {
    let payload = serde_json::to_string(mail).map_err(AppError::internal)?;
    jobs::enqueue(conn, JobKind::Email, key, &payload, now).await
}
