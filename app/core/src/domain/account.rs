//! Account values, parsed once at the edge. The same checks run in the browser form and on the server.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalised (trimmed, lower-cased) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim().to_lowercase();
        let invalid =
            || AppError::invalid("email", "Enter an e-mail address like name@example.com.");
        if s.is_empty() {
            return Err(AppError::invalid("email", "Enter your e-mail address."));
        }
        if s.len() > Self::MAX_LEN || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = s.split_once('@').ok_or_else(invalid)?;
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// An e-mail domain, as an admin names one ("example.co.uk", "@example.co.uk" or
/// "Example.co.uk" alike): lower case, letters, digits, hyphens and at least one dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailDomain(String);

impl EmailDomain {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim().trim_start_matches('@').to_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if s.len() > 253 || !s.contains('.') || !s.split('.').all(label_ok) {
            return Err(AppError::invalid(
                "domain",
                "Enter an e-mail domain like example.co.uk (the part after the @).",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name other people see: 1–80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AppError::invalid("display_name", "Enter your name."));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(AppError::invalid(
                "display_name",
                format!("Use at most {} characters for your name.", Self::MAX_CHARS),
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "display_name",
                "Your name cannot contain control characters.",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the policy (NIST 800-63B: length over composition rules).
/// Deliberately neither `Serialize` nor `Debug`-printable.
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(AppError::invalid(
                "password",
                format!(
                    "Use at least {} characters for your password.",
                    Self::MIN_CHARS
                ),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(AppError::invalid(
                "password",
                format!(
                    "Use at most {} characters for your password.",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// An IANA time zone name such as `Europe/London`; a learner's day is computed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timezone(super::Zone);

impl Timezone {
    pub const DEFAULT: &'static str = "Europe/London";

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        super::Zone::parse(raw).map(Self).ok_or_else(|| {
            AppError::invalid("timezone", "Choose a time zone such as Europe/London.")
        })
    }

    pub fn tz(self) -> super::Zone {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased_so_one_person_has_one_account() {
        let e = Email::parse("  Sam.Jointer@Example.COM ").expect("valid");
        assert_eq!(e.as_str(), "sam.jointer@example.com");
    }

    #[test]
    fn malformed_emails_are_refused_naming_the_field() {
        for bad in [
            "",
            "sam",
            "sam@",
            "@example.com",
            "sam@example",
            "a b@example.com",
            "sam@@x.com",
            "sam@x..com",
        ] {
            let err = Email::parse(bad).expect_err(bad);
            assert_eq!(err.field.as_deref(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn a_name_must_be_present_and_reasonably_short() {
        assert_eq!(DisplayName::parse("  Sam  ").expect("ok").as_str(), "Sam");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse("Sam\u{7}").is_err());
    }

    #[test]
    fn passwords_need_ten_characters_and_are_never_printed() {
        assert!(Password::parse("short").is_err());
        let p = Password::parse("correct horse battery").expect("ok");
        assert_eq!(format!("{p:?}"), "Password(…)");
        assert!(Password::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(
            Timezone::parse("America/New_York").expect("ok").name(),
            "America/New_York"
        );
        assert_eq!(
            Timezone::parse("Mars/Olympus")
                .expect_err("bad")
                .field
                .as_deref(),
            Some("timezone")
        );
        assert_eq!(Timezone::default().name(), "Europe/London");
    }
}
