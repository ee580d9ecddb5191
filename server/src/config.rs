//! Settings: defaults → optional TOML file → `FLOWLINE_*` environment (and `DATABASE_URL`).
//! Leptos' own `LEPTOS_*` settings (site address, site root) stay Leptos'.

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::{Deserialize, Deserializer};
use services::state::AuthConfig;
use std::fmt;
use std::path::PathBuf;

#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Where the embedded database and media live.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; unset means the embedded SQLite file.
    pub database_url: Option<String>,
    /// Create the demo cohort and accounts on start.
    #[serde(deserialize_with = "flag")]
    pub demo: bool,
    pub max_connections: u32,
    /// A session ends this long after it was last used…
    pub session_ttl_days: i64,
    /// …and this long after sign-in, used or not.
    pub session_max_days: i64,
    /// Mark the session cookie `Secure` (serve over https).
    #[serde(deserialize_with = "flag")]
    pub cookie_secure: bool,
    #[serde(deserialize_with = "flag")]
    pub allow_registration: bool,
    /// Behind a load balancer: take the client address from `X-Forwarded-For`.
    #[serde(deserialize_with = "flag")]
    pub trust_forwarded_for: bool,
    /// Largest request body the API accepts, in bytes.
    pub max_body_bytes: usize,
    /// Largest lesson video an admin may upload, in megabytes.
    pub max_video_mb: u64,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// Where videos, captions and posters are stored; default `<data dir>/media`.
    pub media_dir: Option<PathBuf>,
    /// Background workers rendering lesson videos (0 turns rendering off on this instance).
    pub render_workers: usize,
    /// The address people reach Flowline at, e.g. `https://learn.provider.org`: the home of
    /// xAPI ids and verify links. Default `http://<LEPTOS_SITE_ADDR>`.
    pub public_url: Option<String>,
    /// An external LRS's xAPI endpoint (e.g. `https://lrs.example.org/xAPI`): every piece of
    /// learner evidence is forwarded there as an xAPI statement. Unset: statements are kept
    /// (and served by the API) but not forwarded.
    pub lrs_url: Option<String>,
    /// The LRS's basic-auth credentials.
    pub lrs_username: String,
    pub lrs_password: String,
    /// The training provider's name, on portfolios and their verify pages.
    pub provider_name: Option<String>,
    /// The coach on WhatsApp (Meta's Cloud API): on when the phone number id, access token,
    /// app secret and verify token are all set.
    /// Meta's ids are digits, which the environment would otherwise read as a number.
    #[serde(deserialize_with = "text")]
    pub whatsapp_phone_number_id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub whatsapp_access_token: Option<String>,
    #[serde(deserialize_with = "text")]
    pub whatsapp_app_secret: Option<String>,
    #[serde(deserialize_with = "text")]
    pub whatsapp_verify_token: Option<String>,
    /// The Graph API's versioned root.
    pub whatsapp_base_url: String,
    /// Approved template per nudge kind (and `answer`): `lapse=name,review=name`; unnamed
    /// kinds use `flowline_<kind>`.
    pub whatsapp_templates: String,
    /// The templates' language code.
    pub whatsapp_language: String,
    /// An OpenAI-compatible endpoint's root (`https://api.openai.com/v1`): the coach writes
    /// its answer from the passages it found, citing the lesson. Unset: the passage answers.
    pub llm_url: Option<String>,
    pub llm_model: String,
    pub llm_api_key: Option<String>,
    /// The provider's TalentLMS (`https://acme.talentlms.com`) and its API key: admins can
    /// import people from it. Unset: CSV exports only.
    pub talentlms_url: Option<String>,
    pub talentlms_api_key: Option<String>,
    /// The SMTP server e-mail goes through (password resets, invitations, alerts). Unset:
    /// every message is written as an `.eml` file into `<data dir>/mail` instead.
    pub smtp_host: Option<String>,
    /// Default: 587 for `starttls`, 465 for `tls`, 25 for `plain`.
    pub smtp_port: Option<u16>,
    /// `starttls` (default), `tls`, or `plain` (only for a relay on a private network).
    pub smtp_security: services::mail::Security,
    #[serde(deserialize_with = "text")]
    pub smtp_username: Option<String>,
    #[serde(deserialize_with = "text")]
    pub smtp_password: Option<String>,
    /// The sender, e.g. `North Training <flowline@north-training.org>`; required with SMTP.
    pub mail_from: Option<String>,
    /// A safety question no mentor has acknowledged after this many minutes goes to the admins.
    pub safety_follow_up_minutes: i64,
    /// The contact push services see on every push (`mailto:…` or `https://…`). Default: the
    /// mail sender's address, else the public URL.
    pub push_subject: Option<String>,
    /// Questions a learner may ask the coach in an hour, and in a day.
    pub coach_questions_per_hour: i64,
    pub coach_questions_per_day: i64,
    /// Single sign-on: the OpenID Connect issuer URL of the provider's identity provider
    /// (Microsoft Entra ID: `https://login.microsoftonline.com/<tenant>/v2.0`). Unset: no SSO.
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    /// Unset for a public client (PKCE alone).
    #[serde(deserialize_with = "text")]
    pub oidc_client_secret: Option<String>,
    /// On the button: "Sign in with <name>".
    pub oidc_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            database_url: None,
            demo: false,
            max_connections: 10,
            session_ttl_days: 30,
            session_max_days: 180,
            cookie_secure: false,
            allow_registration: true,
            trust_forwarded_for: false,
            max_body_bytes: 1024 * 1024,
            max_video_mb: 200,
            log_format: LogFormat::Pretty,
            media_dir: None,
            render_workers: 1,
            public_url: None,
            lrs_url: None,
            lrs_username: String::new(),
            lrs_password: String::new(),
            provider_name: None,
            whatsapp_phone_number_id: None,
            whatsapp_access_token: None,
            whatsapp_app_secret: None,
            whatsapp_verify_token: None,
            whatsapp_base_url: "https://graph.facebook.com/v21.0".to_owned(),
            whatsapp_templates: String::new(),
            whatsapp_language: "en_GB".to_owned(),
            llm_url: None,
            llm_model: "gpt-4o-mini".to_owned(),
            llm_api_key: None,
            talentlms_url: None,
            talentlms_api_key: None,
            smtp_host: None,
            smtp_port: None,
            smtp_security: services::mail::Security::Starttls,
            smtp_username: None,
            smtp_password: None,
            mail_from: None,
            safety_follow_up_minutes: 15,
            push_subject: None,
            coach_questions_per_hour: 20,
            coach_questions_per_day: 60,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: "your organisation".to_owned(),
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_ref().map(|_| "[redacted]"),
            )
            .field("demo", &self.demo)
            .field("max_connections", &self.max_connections)
            .field("session_ttl_days", &self.session_ttl_days)
            .field("session_max_days", &self.session_max_days)
            .field("cookie_secure", &self.cookie_secure)
            .field("allow_registration", &self.allow_registration)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_video_mb", &self.max_video_mb)
            .field("log_format", &self.log_format)
            .field("media_dir", &self.media_dir())
            .field("render_workers", &self.render_workers)
            .field("public_url", &self.public_url)
            .field("lrs", &self.lrs())
            .field("provider_name", &self.provider_name)
            .field("whatsapp", &self.whatsapp(""))
            .field("llm", &self.llm())
            .field("talentlms", &self.talentlms())
            .field("mail", &self.mailer())
            .field("safety_follow_up_minutes", &self.safety_follow_up_minutes)
            .field("push_subject", &self.push_subject)
            .field("coach_questions_per_hour", &self.coach_questions_per_hour)
            .field("coach_questions_per_day", &self.coach_questions_per_day)
            .field(
                "sso",
                &self.sso("").map(|s| s.map(|s| (s.issuer, s.client_id))),
            )
            .finish()
    }
}

/// Accepts `true/false`, `1/0`, `yes/no`, `on/off` for switches set from the environment.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bool(bool),
        Int(i64),
        Str(String),
    }
    match Raw::deserialize(d)? {
        Raw::Bool(b) => Ok(b),
        Raw::Int(i) => Ok(i != 0),
        Raw::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!(
                "expected a switch (1/0, true/false), got {other:?}"
            ))),
        },
    }
}

/// Takes a value as text even when it looks like a number (`109876543210`).
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Str(String),
        Int(u64),
        Signed(i64),
        Float(f64),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|r| match r {
        Raw::Str(s) => s,
        Raw::Int(i) => i.to_string(),
        Raw::Signed(i) => i.to_string(),
        Raw::Float(f) => f.to_string(),
    }))
}

impl Settings {
    /// Loads settings from `FLOWLINE_CONFIG` (or `./flowline.toml` when present) and the environment.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var("FLOWLINE_CONFIG").unwrap_or_else(|_| "flowline.toml".into());
        Self::from_figment(Figment::new().merge(Toml::file(file)))
    }

    fn from_figment(base: Figment) -> Result<Self, Box<figment::Error>> {
        base.merge(Env::prefixed("FLOWLINE_").ignore(&["config"]))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()
            .map_err(Box::new)
    }

    /// The database to use: `database_url`, else the SQLite file in the data dir.
    pub fn database_url(&self) -> String {
        match self.database_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => services::db::sqlite_url(&self.data_dir),
        }
    }

    /// The media directory: `media_dir`, else `media` inside the data dir.
    pub fn media_dir(&self) -> PathBuf {
        self.media_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("media"))
    }

    /// Where evidence is forwarded, when an LRS is configured.
    pub fn lrs(&self) -> Option<services::evidence::lrs::LrsTarget> {
        let url = self
            .lrs_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())?;
        Some(services::evidence::lrs::LrsTarget {
            endpoint: url.trim_end_matches('/').to_owned(),
            username: self.lrs_username.clone(),
            password: self.lrs_password.clone(),
        })
    }

    /// The WhatsApp channel: `Ok(None)` when none of it is set, an error naming what is
    /// missing when only part of it is.
    pub fn whatsapp(
        &self,
        public_url: &str,
    ) -> Result<Option<services::coach::whatsapp::WhatsApp>, String> {
        use services::coach::whatsapp::{templates_from, WhatsApp};
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let parts = [
            (
                "FLOWLINE_WHATSAPP_PHONE_NUMBER_ID",
                set(&self.whatsapp_phone_number_id),
            ),
            (
                "FLOWLINE_WHATSAPP_ACCESS_TOKEN",
                set(&self.whatsapp_access_token),
            ),
            (
                "FLOWLINE_WHATSAPP_APP_SECRET",
                set(&self.whatsapp_app_secret),
            ),
            (
                "FLOWLINE_WHATSAPP_VERIFY_TOKEN",
                set(&self.whatsapp_verify_token),
            ),
        ];
        let missing: Vec<&str> = parts
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        if missing.len() == parts.len() {
            return Ok(None);
        }
        if !missing.is_empty() {
            return Err(format!(
                "WhatsApp is half set up: also set {}",
                missing.join(", ")
            ));
        }
        let [(_, Some(phone_number_id)), (_, Some(access_token)), (_, Some(app_secret)), (_, Some(verify_token))] =
            parts
        else {
            return Ok(None);
        };
        Ok(Some(WhatsApp {
            base_url: self
                .whatsapp_base_url
                .trim()
                .trim_end_matches('/')
                .to_owned(),
            phone_number_id,
            access_token,
            app_secret,
            verify_token,
            templates: templates_from(&self.whatsapp_templates)
                .map_err(|e| format!("FLOWLINE_WHATSAPP_TEMPLATES: {e}"))?,
            language: self.whatsapp_language.trim().to_owned(),
            public_url: public_url.to_owned(),
        }))
    }

    /// The generative model the coach may write answers with, when configured.
    pub fn llm(&self) -> Option<services::coach::llm::Llm> {
        let url = self
            .llm_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())?;
        Some(services::coach::llm::Llm {
            url: url.trim_end_matches('/').to_owned(),
            model: self.llm_model.trim().to_owned(),
            api_key: self
                .llm_api_key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned),
            client: reqwest::Client::new(),
        })
    }

    /// The provider's TalentLMS, when both its address and API key are set.
    pub fn talentlms(&self) -> Option<services::people::talentlms::api::TalentLms> {
        let url = self
            .talentlms_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())?;
        let key = self
            .talentlms_api_key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())?;
        Some(services::people::talentlms::api::TalentLms {
            url: url.trim_end_matches('/').to_owned(),
            api_key: key.to_owned(),
            client: reqwest::Client::new(),
        })
    }

    /// Where e-mail goes: the SMTP server, or (none set) `.eml` files in the data dir. An error
    /// names what is missing.
    pub fn mailer(&self) -> Result<services::mail::Mailer, String> {
        use services::mail::{Mailer, Route, Security, Smtp};
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let Some(host) = set(&self.smtp_host) else {
            return Ok(Mailer {
                from: set(&self.mail_from)
                    .unwrap_or_else(|| "Flowline <no-reply@localhost>".to_owned()),
                route: Route::Directory(self.data_dir.join("mail")),
            });
        };
        let from = set(&self.mail_from).ok_or_else(|| {
            "e-mail goes through FLOWLINE_SMTP_HOST: also set FLOWLINE_MAIL_FROM, the address \
             it comes from"
                .to_owned()
        })?;
        let port = self.smtp_port.unwrap_or(match self.smtp_security {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::Plain => 25,
        });
        let credentials = match (set(&self.smtp_username), set(&self.smtp_password)) {
            (Some(u), Some(p)) => Some((u, p)),
            (None, None) => None,
            _ => {
                return Err(
                    "set both FLOWLINE_SMTP_USERNAME and FLOWLINE_SMTP_PASSWORD, or neither"
                        .to_owned(),
                )
            }
        };
        Ok(Mailer {
            from,
            route: Route::Smtp(Smtp {
                host,
                port,
                security: self.smtp_security,
                credentials,
            }),
        })
    }

    /// Single sign-on, when an issuer is set; people come back to `<public URL>/sso/callback`.
    /// An error names what is missing.
    pub fn sso(&self, public_url: &str) -> Result<Option<services::sso::SsoSettings>, String> {
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let Some(issuer) = set(&self.oidc_issuer) else {
            return Ok(None);
        };
        let client_id = set(&self.oidc_client_id).ok_or_else(|| {
            "single sign-on through FLOWLINE_OIDC_ISSUER: also set FLOWLINE_OIDC_CLIENT_ID,              the client id the identity provider gave Flowline"
                .to_owned()
        })?;
        let name = self.oidc_name.trim();
        Ok(Some(services::sso::SsoSettings {
            issuer,
            client_id,
            client_secret: set(&self.oidc_client_secret),
            name: if name.is_empty() {
                "your organisation"
            } else {
                name
            }
            .to_owned(),
            redirect_url: format!("{public_url}/sso/callback"),
        }))
    }

    /// The contact named on every push: the setting, else `mailto:` the mail sender's
    /// address, else the public URL.
    pub fn push_subject(&self, public_url: &str) -> String {
        if let Some(s) = self
            .push_subject
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return s.to_owned();
        }
        let address = self.mail_from.as_deref().and_then(|f| {
            let a = f.rsplit('<').next()?.trim_end_matches('>').trim();
            a.contains('@').then(|| a.to_owned())
        });
        address.map_or_else(|| public_url.to_owned(), |a| format!("mailto:{a}"))
    }

    pub fn uses_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }

    pub fn auth(&self) -> AuthConfig {
        AuthConfig {
            session_ttl_s: self.session_ttl_days * 24 * 3600,
            session_max_s: self.session_max_days.max(self.session_ttl_days) * 24 * 3600,
            cookie_secure: self.cookie_secure,
            allow_registration: self.allow_registration,
            trust_forwarded_for: self.trust_forwarded_for,
            join_demo_cohort: self.demo,
            sso_name: self.sso("").ok().flatten().map(|s| s.name),
            ..AuthConfig::default()
        }
    }
}

#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail fixes its closures' error type"
)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "flowline.toml",
                "data_dir = \"/srv/flowline\"\nsession_ttl_days = 7\ndemo = true",
            )?;
            jail.set_env("FLOWLINE_SESSION_TTL_DAYS", "3");
            jail.set_env("FLOWLINE_DEMO", "0");
            let s = Settings::from_figment(Figment::new().merge(Toml::file("flowline.toml")))
                .map_err(|e| e.to_string())?;
            assert_eq!(s.data_dir, PathBuf::from("/srv/flowline"));
            assert_eq!(s.session_ttl_days, 3);
            assert!(!s.demo);
            assert_eq!(s.max_connections, 10);
            Ok(())
        });
    }

    #[test]
    fn database_url_comes_from_the_standard_variable_and_is_never_printed() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://flowline:s3cret@db/flowline");
            jail.set_env("FLOWLINE_DEMO", "1");
            let s = Settings::from_figment(Figment::new()).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url(), "postgres://flowline:s3cret@db/flowline");
            assert!(s.demo);
            assert!(!format!("{s:?}").contains("s3cret"));
            Ok(())
        });
    }

    #[test]
    fn without_a_database_url_the_embedded_sqlite_file_is_used() {
        let s = Settings {
            data_dir: PathBuf::from("/tmp/x"),
            ..Settings::default()
        };
        assert!(s.uses_sqlite());
        assert!(s.database_url().contains("/tmp/x/flowline.db"));
    }

    #[test]
    fn whatsapp_ids_of_digits_are_read_as_text_and_half_a_set_up_is_named() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("FLOWLINE_WHATSAPP_PHONE_NUMBER_ID", "109876543210");
            jail.set_env("FLOWLINE_WHATSAPP_VERIFY_TOKEN", "123456");
            let s = Settings::from_figment(Figment::new()).map_err(|e| e.to_string())?;
            assert_eq!(s.whatsapp_phone_number_id.as_deref(), Some("109876543210"));
            let err = s.whatsapp("http://x").expect_err("half set up");
            assert!(err.contains("FLOWLINE_WHATSAPP_ACCESS_TOKEN"), "{err}");
            jail.set_env("FLOWLINE_WHATSAPP_ACCESS_TOKEN", "EAAG");
            jail.set_env("FLOWLINE_WHATSAPP_APP_SECRET", "abc");
            let s = Settings::from_figment(Figment::new()).map_err(|e| e.to_string())?;
            let wa = s.whatsapp("http://x").map_err(|e| e.to_string())?;
            assert_eq!(
                wa.map(|w| w.phone_number_id).as_deref(),
                Some("109876543210")
            );
            Ok(())
        });
    }

    #[test]
    fn a_mistyped_switch_is_a_clear_error() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("FLOWLINE_DEMO", "perhaps");
            let err = Settings::from_figment(Figment::new()).expect_err("must fail");
            assert!(err.to_string().contains("switch"), "{err}");
            Ok(())
        });
    }
}
