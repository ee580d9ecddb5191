//! Password hashing with argon2id (OWASP parameters), always off the async executor.

use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// A stored password hash (PHC string). Explicitly not `Serialize`: it never leaves the server.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl PasswordHashString {
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(…)")
    }
}

fn hasher() -> Argon2<'static> {
    // OWASP: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> Result<PasswordHashString, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| PasswordHashString(h.to_string()))
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::internal()
        })
}

/// Hashes a new password on a blocking thread.
pub async fn hash(password: String) -> Result<PasswordHashString, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| AppError::internal())?
}

/// A hash of a random password, verified against when the account does not exist so that
/// a wrong e-mail takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking("flowline-dummy-password-for-timing")
            .map(|h| h.0)
            .unwrap_or_default()
    })
}

/// Checks `password` against `stored` (or against a dummy when there is no account).
/// Returns true only for a real account with the right password.
pub async fn verify(
    password: String,
    stored: Option<PasswordHashString>,
) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let phc = stored
            .map(|h| h.0)
            .unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = match PasswordHash::new(&phc) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "stored password hash is unreadable");
                return false;
            }
        };
        let ok = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && real
    })
    .await
    .map_err(|_| AppError::internal())
}
