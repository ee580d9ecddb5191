use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/register`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    #[cfg_attr(feature = "openapi", schema(example = "sam@example.com"))]
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(example = "Sam Jointer"))]
    pub display_name: String,
    /// IANA time zone; defaults to Europe/London.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Europe/London"))]
    pub timezone: Option<String>,
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A cohort the signed-in person belongs to, and in which role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortSummary {
    pub id: crate::domain::CohortId,
    pub name: String,
    /// The standard's reference, e.g. `ST1332`.
    pub standard: String,
    pub standard_title: String,
    /// True while the standard's KSB text is Flowline's illustrative demo, not the official one.
    pub standard_is_demo: bool,
    /// `learner` or `mentor` within this cohort.
    pub role: Role,
    /// How many apprentices the cohort has.
    pub learners: i64,
}

/// `GET /api/v1/me`: who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub timezone: String,
    pub cohorts: Vec<CohortSummary>,
}

/// Totals on the admin home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminTotals {
    pub learners: i64,
    pub mentors: i64,
    pub admins: i64,
    pub cohorts: i64,
    pub standards: i64,
    pub published_lessons: i64,
}

/// `PATCH /api/v1/me`: what a person changes about themself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeUpdate {
    /// An IANA time zone, e.g. `Europe/London`: streak days and reviews follow it.
    #[cfg_attr(feature = "openapi", schema(example = "Europe/London"))]
    pub timezone: String,
}

/// `GET /api/v1/auth/password/reset/{token}`: whose password a reset link sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetView {
    pub email: String,
    pub display_name: String,
}

/// `POST /api/v1/auth/password/forgot`: the address that forgot its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password/reset/{token}`: the new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRequest {
    pub password: String,
}

/// `POST /api/v1/me/password`: the current password and the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// What "Forgot your password?" answers, whatever the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub message: String,
}

/// `GET /api/v1/me/sessions`: a browser the person is signed in on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    /// "Chrome on Android" (from its user agent).
    pub label: String,
    /// RFC 3339.
    pub signed_in_at: String,
    pub last_seen_at: Option<String>,
    /// The browser asking.
    pub this_device: bool,
}

/// Why a single sign-on did not sign someone in: the sign-in page shows the message
/// (`/login?sso=<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SsoRefusal {
    /// The identity provider said no (or the person cancelled there).
    Declined,
    /// The sign-in took over ten minutes, or its link was used already.
    Expired,
    /// The answer did not belong to this browser's sign-in (state, nonce, issuer, signature).
    Invalid,
    /// The identity provider gave no verified e-mail address.
    Unverified,
    /// No active Flowline account has that e-mail address.
    NoAccount,
    /// The identity provider could not be reached.
    Unavailable,
}

impl SsoRefusal {
    pub const ALL: [Self; 6] = [
        Self::Declined,
        Self::Expired,
        Self::Invalid,
        Self::Unverified,
        Self::NoAccount,
        Self::Unavailable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Declined => "declined",
            Self::Expired => "expired",
            Self::Invalid => "invalid",
            Self::Unverified => "unverified",
            Self::NoAccount => "no-account",
            Self::Unavailable => "unavailable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the sign-in page says.
    pub fn message(self) -> &'static str {
        match self {
            Self::Declined => "Single sign-on was cancelled or refused. Try again, or sign in with your password.",
            Self::Expired => "That sign-in took too long or was already used. Please start again.",
            Self::Invalid => "That sign-in could not be checked, so it was refused. Please start again from this page.",
            Self::Unverified => "Your organisation's account has no verified e-mail address, so Flowline cannot tell who you are. Ask your IT team, or sign in with your password.",
            Self::NoAccount => "There is no Flowline account for your organisation's e-mail address yet. Ask your training provider for an invitation.",
            Self::Unavailable => "Your organisation's sign-in service could not be reached. Try again in a minute, or sign in with your password.",
        }
    }
}

/// `GET /auth/sso-domains` rows: an e-mail domain whose people sign in only with single
/// sign-on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoDomain {
    /// "example.co.uk".
    pub domain: String,
    /// The admin who set it.
    pub added_by: String,
    /// RFC 3339.
    pub added_at: String,
}

/// The admin's single sign-on card: whether it is set up, and the SSO-only domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoSetting {
    /// The identity provider's name; `None` when single sign-on is not set up.
    pub provider: Option<String>,
    pub domains: Vec<SsoDomain>,
}

/// `GET|PUT /api/v1/me/phone`: the number an apprentice gives their mentor (None: not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MentorPhone {
    /// E.164, e.g. `+447700900123` (spaces and dashes are accepted when given).
    pub phone: Option<String>,
}
