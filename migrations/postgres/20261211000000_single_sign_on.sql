-- Single sign-on with the provider's OpenID Connect identity provider (services/src/sso.rs).
-- A sign-in in flight: kept by the SHA-256 of its `state`, with its PKCE verifier and nonce,
-- for ten minutes, used once.
CREATE TABLE sso_attempts (
    state_hash  TEXT PRIMARY KEY,
    verifier    TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sso_attempts_expiry ON sso_attempts (expires_at);

-- E-mail domains whose people sign in only with single sign-on (an admin's setting).
CREATE TABLE sso_domains (
    domain      TEXT PRIMARY KEY,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
