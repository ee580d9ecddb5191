//! Password hashing with argon2id (OWASP parameters), always off the async executor.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use flowline_core::domain::Password;
use flowline_core::error::AppError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

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

/// Words an attacker would try first on this site.
const SITE_WORDS: [&str; 6] = [
    "flowline",
    "apprentice",
    "apprenticeship",
    "cable",
    "jointer",
    "mentor",
];

/// A password a person chooses: long enough (the core's rule) and hard to guess. Strength is
/// judged as NIST SP 800-63B asks, by what an attacker would try first (common and breached
/// passwords, words, names, keyboard runs, dates, and the person's own e-mail and name in
/// `about`), never by composition rules. zxcvbn's score 3 means at least
/// 10^8 guesses: years online behind the sign-in throttle, and slow offline against argon2id.
pub fn choose(raw: &str, about: &[&str]) -> Result<Password, AppError> {
    let password = Password::parse(raw)?;
    // zxcvbn compares these as given: lower-case them, and add each word of a name or address.
    let mut words: Vec<String> = SITE_WORDS.iter().map(|w| (*w).to_owned()).collect();
    for a in about {
        let a = a.to_lowercase();
        words.extend(
            a.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_owned),
        );
        words.push(a.chars().filter(|c| c.is_alphanumeric()).collect());
        words.push(a);
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(raw, &words);
    if u8::from(estimate.score()) >= 3 {
        return Ok(password);
    }
    let mut message = String::from("That password would be easy to guess.");
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            message = format!("That password would be easy to guess: {warning}");
            if !message.ends_with('.') {
                message.push('.');
            }
        }
    }
    message.push_str(
        " Try a few unrelated words together, such as a short sentence only you would write.",
    );
    Err(AppError::invalid("password", message))
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
        .map_err(|e| AppError::internal(format!("password hashing failed: {e}")))
}

/// Lets as many argon2 runs at once as there are cores, and a bounded queue behind them.
/// Without it, a rush of sign-ins starts hundreds of 19 MiB hashes on the blocking pool at
/// once: each takes hundreds of times longer, every one of them times out, and the rest of the
/// server starves. With it, sign-ins wait their turn and the overflow is told to retry.
pub struct HashGate {
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl HashGate {
    pub fn new(parallel: usize, max_waiting: usize) -> Self {
        HashGate {
            running: Semaphore::new(parallel.max(1)),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// Runs `work` on a blocking thread when a slot is free; refuses at once when the queue
    /// is full.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            tracing::warn!("password hashing queue full: asking the caller to retry");
            return Err(AppError::new(
                flowline_core::error::ErrorCode::TooManyRequests,
                "Many people are signing in right now. Try again in a few seconds.",
            ));
        }
        let permit = self.running.acquire().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let _permit = permit.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(AppError::internal)
    }
}

/// The server's gate: one argon2 run per core; about two seconds of sign-ins may queue.
fn gate() -> &'static HashGate {
    static GATE: OnceLock<HashGate> = OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashGate::new(cores, 48 * cores)
    })
}

/// Hashes a new password on a blocking thread (through the gate).
pub async fn hash(password: String) -> Result<PasswordHashString, AppError> {
    gate().run(move || hash_blocking(&password)).await?
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
    gate()
        .run(move || {
            // An account without a password yet ("!invited") or erased ("!erased") matches
            // nothing; the dummy is still checked so it takes as long as a wrong password.
            let real = stored.as_ref().is_some_and(|h| !h.0.starts_with('!'));
            let phc = stored
                .map(|h| h.0)
                .filter(|h| !h.starts_with('!'))
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn an_easy_password_is_refused_with_a_reason_and_a_sentence_passes() {
        for weak in [
            "password12",
            "qwertyuiop",
            "samjones90",
            "flowline2026",
            "apprentice1",
        ] {
            let e = choose(weak, &["sam.jones@example.com", "Sam Jones"]).expect_err(weak);
            assert_eq!(e.field.as_deref(), Some("password"), "{weak}");
            assert!(
                e.message
                    .starts_with("That password would be easy to guess"),
                "{}",
                e.message
            );
        }
        choose("heat-shrink on a wet tuesday", &["sam@example.com"]).expect("a sentence");
        choose("short", &[]).expect_err("too short is still the length rule");
    }

    #[tokio::test]
    async fn a_rush_waits_its_turn_and_the_overflow_is_told_to_retry() {
        let gate = Arc::new(HashGate::new(1, 1));
        let (release, held) = std::sync::mpsc::channel::<()>();
        // One hash running (held until released)…
        let running = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.run(move || held.recv().is_ok()).await })
        };
        while gate.running.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        // …one waiting for the slot…
        let queued = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.run(|| 2).await })
        };
        while gate.waiting.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        // …and the next is refused at once with a reason, not left to time out.
        let refused = gate.run(|| 3).await.expect_err("queue full");
        assert_eq!(
            refused.code,
            flowline_core::error::ErrorCode::TooManyRequests
        );
        assert!(refused.message.contains("Try again"), "{}", refused.message);
        release.send(()).expect("release");
        assert!(running.await.expect("join").expect("ran"));
        assert_eq!(queued.await.expect("join").expect("ran after its turn"), 2);
        // The queue drained: the gate takes work again.
        assert_eq!(gate.run(|| 4).await.expect("free again"), 4);
    }
}
