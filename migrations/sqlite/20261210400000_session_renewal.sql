-- Sessions renew while used (services/src/accounts.rs): `expires_at` moves to the idle
-- timeout after each use, never past the absolute maximum from `created_at`; `last_seen_at`
-- and `device` (the browser's user agent) let Me list where the person is signed in.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
