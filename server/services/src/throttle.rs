//! How many sign-in attempts are let through to the password check: a few free ones, then a
//! wait that doubles with each failure, never a lock.
//!
//! Three counters see every attempt: this account from this client (`pair`), this account
//! from anywhere (`account`) and this client for any account (`client`). An attempt is
//! counted as failed *before* its password is checked, inside one write transaction, so
//! twenty attempts at once are let through only as far as the counters allow; a right
//! password is forgiven afterwards. Nobody can lock someone else out: the account-wide
//! counter only holds back clients that have themselves failed on that account, and the
//! longest wait (a third of the quiet window, after which a counter forgets) stays short.

use crate::db::Db;
use crate::state::AuthConfig;
use crate::store::throttle::{self, Counter};
use flowline_core::error::{AppError, ErrorCode};

/// One counter's rule: failures allowed without waiting, the first wait, the longest.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub free: i64,
    pub first_wait_ms: i64,
    pub max_wait_ms: i64,
}

impl Rule {
    /// How long from `now` until this counter lets the next attempt through (0: at once).
    pub fn wait_ms(&self, c: Counter, now: i64) -> i64 {
        if c.failures < self.free {
            return 0;
        }
        let doublings = u32::try_from((c.failures - self.free).min(20)).unwrap_or(20);
        let wait = self
            .first_wait_ms
            .saturating_mul(1 << doublings)
            .min(self.max_wait_ms);
        (c.last_failure_at + wait - now).max(0)
    }
}

/// The rules from the server's settings.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub window_ms: i64,
    pub pair: Rule,
    pub account: Rule,
    pub client: Rule,
}

impl Rules {
    pub fn from_config(cfg: &AuthConfig) -> Self {
        let window_ms = cfg.throttle_window_s * 1000;
        let longest = window_ms / 3;
        Rules {
            window_ms,
            pair: Rule {
                free: cfg.max_failures_per_account,
                first_wait_ms: 15_000,
                max_wait_ms: longest,
            },
            account: Rule {
                free: cfg.max_failures_per_account * 10,
                first_wait_ms: 15_000,
                max_wait_ms: longest,
            },
            client: Rule {
                free: cfg.max_failures_per_ip,
                first_wait_ms: 5_000,
                max_wait_ms: 60_000.min(longest),
            },
        }
    }
}

/// The counters one sign-in attempt touches.
#[derive(Debug, Clone)]
pub struct Keys {
    pair: Option<String>,
    account: Option<String>,
    client: Option<String>,
}

impl Keys {
    /// `email` as typed (already parsed), `client` the caller's address if known.
    pub fn new(email: Option<&str>, client: Option<&str>) -> Self {
        let client_id = client.unwrap_or("unknown");
        Keys {
            pair: email.map(|e| throttle::pair_key(e, client_id)),
            account: email.map(throttle::account_key),
            client: client.map(throttle::client_key),
        }
    }
}

fn wait_error(wait_ms: i64) -> AppError {
    let s = (wait_ms + 999) / 1000;
    let when = if s < 90 {
        format!("{s} seconds")
    } else {
        format!("{} minutes", (s + 59) / 60)
    };
    AppError::new(
        ErrorCode::TooManyRequests,
        format!("Too many sign-in attempts. Try again in {when}, or reset your password."),
    )
}

/// Lets one attempt through, counting it as failed, or says how long to wait. Holds no
/// connection afterwards: the password check that follows runs without one.
pub async fn admit(db: &Db, rules: &Rules, keys: &Keys, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let mut wait = 0;
    let mut held = Vec::new();
    if let Some(k) = &keys.pair {
        let c = throttle::hold(&mut tx, k, now, rules.window_ms).await?;
        wait = wait.max(rules.pair.wait_ms(c, now));
        if c.failures > 0 {
            if let Some(a) = &keys.account {
                let ca = throttle::hold(&mut tx, a, now, rules.window_ms).await?;
                wait = wait.max(rules.account.wait_ms(ca, now));
            }
        }
        held.push(k);
    }
    if let Some(k) = &keys.client {
        let c = throttle::hold(&mut tx, k, now, rules.window_ms).await?;
        wait = wait.max(rules.client.wait_ms(c, now));
        held.push(k);
    }
    if wait > 0 {
        tx.commit().await?;
        return Err(wait_error(wait));
    }
    if let Some(a) = &keys.account {
        throttle::hold(&mut tx, a, now, rules.window_ms).await?;
        held.push(a);
    }
    for k in held {
        throttle::count(&mut tx, k, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The attempt was the right password: this client starts afresh on this account, and the
/// wider counters take the attempt back.
pub async fn forgive(db: &Db, keys: &Keys) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    if let Some(k) = &keys.pair {
        throttle::clear(&mut conn, k).await?;
    }
    for k in [&keys.account, &keys.client].into_iter().flatten() {
        throttle::forgive(&mut conn, k).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        free: 5,
        first_wait_ms: 15_000,
        max_wait_ms: 300_000,
    };

    fn after(failures: i64) -> Counter {
        Counter {
            failures,
            last_failure_at: 1_000_000,
        }
    }

    #[test]
    fn the_free_attempts_need_no_wait_then_it_doubles_up_to_the_longest() {
        let at = 1_000_000;
        assert_eq!(RULE.wait_ms(after(4), at), 0);
        assert_eq!(RULE.wait_ms(after(5), at), 15_000);
        assert_eq!(RULE.wait_ms(after(6), at), 30_000);
        assert_eq!(RULE.wait_ms(after(7), at), 60_000);
        assert_eq!(RULE.wait_ms(after(10), at), 300_000);
        assert_eq!(RULE.wait_ms(after(1_000), at), 300_000);
        // Time already waited counts.
        assert_eq!(RULE.wait_ms(after(5), at + 10_000), 5_000);
        assert_eq!(RULE.wait_ms(after(5), at + 15_000), 0);
    }

    #[test]
    fn a_wait_is_told_in_seconds_or_minutes() {
        assert!(wait_error(14_200).message.contains("15 seconds"));
        assert!(wait_error(300_000).message.contains("5 minutes"));
    }
}
