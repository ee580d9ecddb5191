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
