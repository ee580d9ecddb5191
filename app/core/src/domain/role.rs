use serde::{Deserialize, Serialize};
use std::fmt;

/// What a person may do in Flowline. Every endpoint checks it on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Learner,
    Mentor,
    Admin,
    Assessor,
    /// The apprentice's line manager at their employer: sees their own apprentices' progress
    /// and confirms their Behaviours and their readiness for the Gateway.
    Employer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Learner,
        Role::Mentor,
        Role::Admin,
        Role::Assessor,
        Role::Employer,
    ];

    /// Where the person's work starts: the feed for learners, instructor mode for mentors,
    /// the admin home for admins, the learners shared with them for assessors, their
    /// apprentices for employers.
    pub fn home(self) -> &'static str {
        match self {
            Role::Learner => "/",
            Role::Mentor => "/instructor",
            Role::Admin => "/admin",
            Role::Assessor => "/assessor",
            Role::Employer => "/employer",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Mentor => "mentor",
            Role::Admin => "admin",
            Role::Assessor => "assessor",
            Role::Employer => "employer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The label a person sees.
    pub fn label(self) -> &'static str {
        match self {
            Role::Learner => "Apprentice",
            Role::Mentor => "Mentor",
            Role::Admin => "Admin",
            Role::Assessor => "Assessor",
            Role::Employer => "Employer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_survives_a_round_trip_through_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
