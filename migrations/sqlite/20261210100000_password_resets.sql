-- "Forgot your password?": a one-hour, single-use link per request, kept by the SHA-256 of its
-- 256-bit token (services/src/recovery.rs). Using one ends every session of the account.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
