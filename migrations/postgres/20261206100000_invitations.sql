-- People imported from an LMS get no password: an admin sends them a one-time sign-in link,
-- where they choose one. Only the token's SHA-256 is kept; a link works once, until it expires.
CREATE TABLE invitations (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX invitations_user ON invitations (user_id);
