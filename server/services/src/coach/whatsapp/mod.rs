//! The coach on WhatsApp (Meta's Cloud API): learners opt in with their number and explicit
//! consent, and out by replying STOP; what they write goes to the same coach as the app; nudges
//! and mentors' answers go out as free-form text inside the 24-hour window the learner's last
//! message opened, else as the approved template named for their kind.
//!
//! Nothing is sent to anyone who has not opted in: every outbound message is checked against
//! the learner's choice when it is queued and again when it is sent.

pub mod send;
pub mod webhook;

use crate::db::Db;
use crate::learning;
use crate::store::jobs::{self, JobKind};
use crate::store::users::User;
use crate::store::whatsapp as wa_store;
use flowline_core::error::AppError;
use flowline_core::model::{WhatsAppIn, WhatsAppStatus};
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::fmt;

/// The customer-service window a learner's message opens, in which free-form text may go.
pub const WINDOW_MS: i64 = 24 * 3_600_000;

/// The Cloud API account Flowline sends from, and the secrets its webhook is checked with.
#[derive(Clone)]
pub struct WhatsApp {
    /// The Graph API's versioned root, e.g. `https://graph.facebook.com/v21.0`.
    pub base_url: String,
    pub phone_number_id: String,
    pub access_token: String,
    /// Meta signs every webhook body with it (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// What Meta echoes when the webhook is registered (`hub.verify_token`).
    pub verify_token: String,
    /// The approved template for each nudge kind (and `answer`, a mentor's reply).
    pub templates: BTreeMap<String, String>,
    /// The templates' language code, e.g. `en_GB`.
    pub language: String,
    /// Where learners open Flowline (links in replies).
    pub public_url: String,
}

impl fmt::Debug for WhatsApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WhatsApp")
            .field("base_url", &self.base_url)
            .field("phone_number_id", &self.phone_number_id)
            .field("access_token", &"[redacted]")
            .field("app_secret", &"[redacted]")
            .field("verify_token", &"[redacted]")
            .field("templates", &self.templates)
            .field("language", &self.language)
            .finish()
    }
}

/// The template names used unless configured otherwise: `flowline_<kind>`.
pub fn default_templates() -> BTreeMap<String, String> {
    super::kinds::NudgeKind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(["answer"])
        .map(|k| (k.to_owned(), format!("flowline_{k}")))
        .collect()
}

/// Reads `kind=name,kind=name` (over the defaults). A kind that is not a nudge kind or
/// `answer`, or a name Meta would refuse, is an error naming it.
pub fn templates_from(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = default_templates();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, name) = pair
            .split_once('=')
            .ok_or_else(|| format!("expected kind=template_name, got {pair:?}"))?;
        let (kind, name) = (kind.trim(), name.trim());
        if !out.contains_key(kind) {
            return Err(format!(
                "{kind:?} is not a nudge kind or \"answer\" (one of {})",
                out.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        let valid = !name.is_empty()
            && name.len() <= 512
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(format!(
                "template name {name:?}: lower-case letters, digits and _ only"
            ));
        }
        out.insert(kind.to_owned(), name.to_owned());
    }
    Ok(out)
}

/// A phone number in E.164 (`+447700900123`), from what a person types (spaces, dashes and
/// brackets allowed).
pub fn e164(text: &str) -> Result<String, AppError> {
    let bad = || {
        AppError::invalid(
            "phone",
            "Give your mobile number with + and the country code, e.g. +44 7700 900123.",
        )
    };
    let t = text.trim();
    let rest = t.strip_prefix('+').ok_or_else(bad)?;
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let ok = digits.chars().all(|c| c.is_ascii_digit())
        && (8..=15).contains(&digits.len())
        && !digits.starts_with('0');
    if ok {
        Ok(format!("+{digits}"))
    } else {
        Err(bad())
    }
}

/// A number shown back to its owner without giving it all away: `+44 ••• ••• 123`.
fn masked(phone: &str) -> String {
    let tail: String = phone
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let head: String = phone.chars().take(3).collect();
    format!("{head} ••• ••• {tail}")
}

pub use crate::store::whatsapp::Choice;

impl Choice {
    pub fn opted_in(&self) -> bool {
        self.whatsapp.is_set() && self.consent_at.is_some() && self.phone.is_some()
    }
}

pub async fn choice(conn: &mut AnyConnection, user_id: &str) -> Result<Choice, AppError> {
    Ok(wa_store::choice(conn, user_id).await?.unwrap_or_default())
}

/// The signed-in learner's WhatsApp status.
pub async fn status(
    db: &Db,
    wa: Option<&WhatsApp>,
    user: &User,
) -> Result<WhatsAppStatus, AppError> {
    learning::require_learner(user)?;
    let mut conn = db.pool.acquire().await?;
    let c = choice(&mut conn, &user.id).await?;
    Ok(WhatsAppStatus {
        available: wa.is_some(),
        on: c.opted_in(),
        phone: c.phone.as_deref().filter(|_| c.opted_in()).map(masked),
    })
}

/// The learner opts in: their number, and their explicit consent to the text they were shown.
pub async fn opt_in(
    db: &Db,
    wa: Option<&WhatsApp>,
    user: &User,
    input: WhatsAppIn,
    now: i64,
) -> Result<WhatsAppStatus, AppError> {
    learning::require_learner(user)?;
    if wa.is_none() {
        return Err(AppError::conflict(
            "whatsapp",
            "WhatsApp is not switched on by your training provider.",
        ));
    }
    let phone = e164(&input.phone)?;
    if !input.consent {
        return Err(AppError::invalid(
            "consent",
            "Tick the box to agree to coaching messages on WhatsApp first.",
        ));
    }
    let mut conn = db.pool.acquire().await?;
    if wa_store::phone_taken(&mut conn, &phone, &user.id).await? {
        return Err(AppError::conflict(
            "phone",
            "That number is already used by another Flowline account.",
        ));
    }
    wa_store::opt_in(
        &mut conn,
        &user.id,
        &super::kinds::NudgeKinds::all().list(),
        &phone,
        now,
    )
    .await?;
    tracing::info!(user = %user.id, "WhatsApp opted in");
    drop(conn);
    status(db, wa, user).await
}

/// Stops WhatsApp for a learner (from the Me page, or by replying STOP): the number is
/// forgotten, and messages still queued for them are not sent.
pub async fn opt_out(conn: &mut AnyConnection, user_id: &str, now: i64) -> Result<(), AppError> {
    wa_store::opt_out(conn, user_id, now).await?;
    tracing::info!(user = %user_id, "WhatsApp opted out");
    Ok(())
}

/// The signed-in learner turns WhatsApp off.
pub async fn turn_off(
    db: &Db,
    wa: Option<&WhatsApp>,
    user: &User,
    now: i64,
) -> Result<WhatsAppStatus, AppError> {
    learning::require_learner(user)?;
    let mut conn = db.pool.acquire().await?;
    opt_out(&mut conn, &user.id, now).await?;
    drop(conn);
    status(db, wa, user).await
}

/// What to send: free-form text, and the template (nudge kind and body parameters) that
/// stands in for it outside the 24-hour window (none: text only, skipped outside it).
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub text: String,
    pub template: Option<(&'a str, Vec<String>)>,
}

/// Template parameters may not hold new lines, tabs or runs of spaces, and are kept short.
pub fn param(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 900 {
        let cut: String = flat.chars().take(899).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Queues a message to a learner who opted in (in the caller's transaction, so it goes
/// exactly when what it tells of is stored); nothing for anyone else. Returns its id.
pub async fn queue(
    conn: &mut AnyConnection,
    user_id: &str,
    out: Outgoing<'_>,
    now: i64,
) -> Result<Option<String>, AppError> {
    if !choice(&mut *conn, user_id).await?.opted_in() {
        return Ok(None);
    }
    let id = crate::new_id();
    let (template, params) = match out.template {
        Some((kind, params)) => (
            Some(kind.to_owned()),
            Some(serde_json::to_string(&params).map_err(AppError::internal)?),
        ),
        None => (None, None),
    };
    let message = wa_store::Outbound {
        id: &id,
        user_id,
        body: &out.text,
        template: template.as_deref(),
        params: params.as_deref(),
        now,
    };
    wa_store::queue(&mut *conn, &message).await?;
    jobs::enqueue(conn, JobKind::WhatsApp, &format!("wa:{id}"), &id, now).await?;
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_taken_as_people_type_it_and_kept_in_e164() {
        assert_eq!(
            e164("+44 7700 900123").ok().as_deref(),
            Some("+447700900123")
        );
        assert_eq!(
            e164(" +1 (415) 555-0100 ").ok().as_deref(),
            Some("+14155550100")
        );
        for bad in [
            "07700 900123",
            "+44",
            "+0 7700 900123",
            "+44 7700 9001x3",
            "+1234567890123456",
        ] {
            assert!(e164(bad).is_err(), "{bad}");
        }
        assert_eq!(masked("+447700900123"), "+44 ••• ••• 123");
    }

    #[test]
    fn template_names_are_configured_per_kind_over_the_defaults() {
        let t = templates_from("lapse=come_back_v2, answer = mentor_reply").expect("ok");
        assert_eq!(t["lapse"], "come_back_v2");
        assert_eq!(t["answer"], "mentor_reply");
        assert_eq!(t["review"], "flowline_review");
        assert!(templates_from("holiday=x").is_err());
        assert!(templates_from("lapse=Come Back").is_err());
        assert_eq!(param("a\n\tb    c"), "a b c");
    }
}
