-- Sign-in throttling backs off instead of locking: each counter remembers its last failure,
-- a counter forgets after a quiet window, and the wait grows with each failure past the free
-- ones (services/src/throttle.rs). Keys: one account from one client, one account from any
-- client, one client for any account.
ALTER TABLE login_throttle ADD COLUMN last_failure_at BIGINT NOT NULL DEFAULT 0;
