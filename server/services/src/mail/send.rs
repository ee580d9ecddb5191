//! The mail worker's half: takes the next queued message and hands it to the SMTP server (or
//! writes it to the mail directory). A server that cannot be reached, or answers 4xx, gets
//! the message again later, waiting longer each time; a 5xx answer (no such mailbox, refused)
//! fails the message for good with the server's words, for admins to see.

use super::{Mail, Mailer, Route, Security};
use crate::db::Db;
use crate::store::jobs::{self, Job, JobKind};
use flowline_core::error::AppError;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// A mailer with its connection (pool) made once.
pub struct Sender {
    from: String,
    transport: Transport,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Directory(AsyncFileTransport<Tokio1Executor>),
}

/// What one turn did.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    Idle,
    /// Handed over (the job id).
    Sent(String),
    /// Kept for another try later, with the reason.
    Later(String),
    /// Failed for good, with the reason.
    Failed(String),
}

/// How long before the `attempt`-th retry: a minute, doubling, at most two hours (ten tries
/// span about six hours).
fn backoff_ms(attempt: i64) -> i64 {
    let doublings = u32::try_from((attempt - 1).clamp(0, 7)).unwrap_or(7);
    (60_000_i64 << doublings).min(2 * 3_600_000)
}

impl Sender {
    pub fn new(mailer: &Mailer) -> Result<Self, AppError> {
        let transport = match &mailer.route {
            Route::Directory(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    AppError::internal(format!("mail directory {}: {e}", dir.display()))
                })?;
                Transport::Directory(AsyncFileTransport::new(dir))
            }
            Route::Smtp(smtp) => {
                let builder = match smtp.security {
                    Security::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                    }
                    Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
                    Security::Plain => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                        &smtp.host,
                    )),
                }
                .map_err(|e| AppError::internal(format!("SMTP server {}: {e}", smtp.host)))?;
                let mut builder = builder
                    .port(smtp.port)
                    .timeout(Some(Duration::from_secs(30)));
                if let Some((user, password)) = &smtp.credentials {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Sender {
            from: mailer.from.clone(),
            transport,
        })
    }

    /// Sends one queued message, if there is one.
    pub async fn send_next(&self, db: &Db, now: i64) -> Result<Sent, AppError> {
        let mut conn = db.pool.acquire().await?;
        let Some(job) = jobs::claim(&mut conn, JobKind::Email, now).await? else {
            return Ok(Sent::Idle);
        };
        drop(conn);
        let outcome = match serde_json::from_str::<Mail>(&job.payload) {
            Ok(mail) => self.hand_over(&mail).await,
            Err(e) => Err((false, format!("the queued message does not read: {e}"))),
        };
        finish(db, &job, outcome, now).await
    }

    /// Gives the message to the server: `Err((retry, why))` when it was not taken.
    async fn hand_over(&self, mail: &Mail) -> Result<(), (bool, String)> {
        let message = build(&self.from, mail).map_err(|e| (false, e))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| {
                // 5xx: the server will never take it; 4xx, a timeout or no connection: later.
                (!e.is_permanent(), format!("SMTP: {e}"))
            }),
            Transport::Directory(dir) => match dir.send(message).await {
                Ok(id) => {
                    tracing::info!(file = %format!("{id}.eml"), to = %mail.to, subject = %mail.subject, "no SMTP server is configured: the message was written to the mail directory");
                    Ok(())
                }
                Err(e) => Err((true, format!("mail directory: {e}"))),
            },
        }
    }
}

/// The message in MIME: plain text and HTML alternatives.
fn build(from: &str, mail: &Mail) -> Result<Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| format!("the sender address {from:?}: {e}"))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| format!("the address {:?}: {e}", mail.to))?;
    Message::builder()
        .message_id(None)
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| format!("the message does not build: {e}"))
}

async fn finish(
    db: &Db,
    job: &Job,
    outcome: Result<(), (bool, String)>,
    now: i64,
) -> Result<Sent, AppError> {
    let mut conn = db.pool.acquire().await?;
    match outcome {
        Ok(()) => {
            // Its links (a reset, an invitation) are secrets: not kept once sent.
            jobs::complete_forgetting(&mut conn, job, now).await?;
            tracing::info!(job = %job.id, "e-mail sent");
            Ok(Sent::Sent(job.id.clone()))
        }
        Err((retry, why)) => {
            let retry_in = retry.then(|| backoff_ms(job.attempts));
            jobs::fail(&mut conn, job, &why, retry_in, now).await?;
            let gave_up = retry_in.is_none() || job.attempts >= JobKind::Email.max_attempts();
            if gave_up {
                tracing::error!(job = %job.id, error = %why, "e-mail failed for good");
                Ok(Sent::Failed(why))
            } else {
                tracing::warn!(job = %job.id, error = %why, attempt = job.attempts, "e-mail not sent yet; trying again later");
                Ok(Sent::Later(why))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_waits_longer_each_time_up_to_two_hours() {
        assert_eq!(backoff_ms(1), 60_000);
        assert_eq!(backoff_ms(2), 120_000);
        assert_eq!(backoff_ms(5), 960_000);
        assert_eq!(backoff_ms(8), 2 * 3_600_000);
        assert_eq!(backoff_ms(50), 2 * 3_600_000);
    }

    #[test]
    fn a_message_has_both_parts_and_refuses_a_bad_address() {
        let mail = Mail {
            to: "sam@example.com".into(),
            subject: "Reset your Flowline password".into(),
            text: "Hello".into(),
            html: "<p>Hello</p>".into(),
        };
        let m = build("Flowline <no-reply@example.org>", &mail).expect("builds");
        let raw = String::from_utf8(m.formatted()).expect("utf8");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/html"), "{raw}");
        let bad = Mail {
            to: "not an address".into(),
            ..mail
        };
        assert!(build("no-reply@example.org", &bad).is_err());
    }
}
