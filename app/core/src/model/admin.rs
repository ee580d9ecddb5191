//! What admins send and see: accounts and cohorts.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/admin/users`: an account made by an admin, in any role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUserIn {
    #[cfg_attr(feature = "openapi", schema(example = "priya@example.com"))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(example = "Priya Shah"))]
    pub display_name: String,
    pub role: Role,
    /// At least 10 characters; the person can change it later.
    pub password: String,
    /// IANA time zone; defaults to Europe/London.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// An account as admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserOut {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub deactivated: bool,
    /// RFC 3339.
    pub created_at: String,
}

/// `PATCH /api/v1/admin/users/{id}`: change the role, deactivate or reactivate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub deactivated: Option<bool>,
}

/// `POST /api/v1/admin/cohorts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCohortIn {
    #[cfg_attr(feature = "openapi", schema(example = "Jointers 2026 North"))]
    pub name: String,
    /// The standard's reference.
    #[cfg_attr(feature = "openapi", schema(example = "ST1332"))]
    pub standard: String,
    /// Target probability of recall at review time (0.7–0.97); defaults to 0.9.
    #[serde(default)]
    pub desired_retention: Option<f64>,
}

/// `PATCH /api/v1/admin/cohorts/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CohortUpdate {
    /// Every learner's schedule is rebuilt with it.
    #[serde(default)]
    pub desired_retention: Option<f64>,
    /// Weeks between progress reviews (1 to 52).
    #[serde(default)]
    pub review_weeks: Option<i64>,
}

/// `POST /api/v1/admin/cohorts/{id}/members`: a learner or a mentor joins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub user_id: String,
    /// `learner` or `mentor`, matching the account's role.
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberOut {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

/// A cohort with its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortOut {
    pub id: crate::domain::CohortId,
    pub name: String,
    pub standard: String,
    pub standard_title: String,
    pub desired_retention: f64,
    /// Weeks between progress reviews.
    #[serde(default)]
    pub review_weeks: i64,
    pub members: Vec<MemberOut>,
}

/// The Cohorts page's data in one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortsPage {
    pub cohorts: Vec<CohortOut>,
    pub people: Vec<UserOut>,
}
