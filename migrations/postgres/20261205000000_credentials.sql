-- Open Badges 3.0 credentials. The issuer's Ed25519 keys: made on first start, rotated by an
-- admin; a retired key signs nothing new but still verifies what it signed.
CREATE TABLE issuer_keys (
    id          TEXT PRIMARY KEY,
    -- publicKeyMultibase (z6Mk…) and the 32-byte private seed, hex.
    public_key  TEXT NOT NULL,
    secret_seed TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT
);

-- A milestone award issued as a signed OpenBadgeCredential: issued once, served as issued.
-- status_index is its bit in the revocation status list.
CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    award_id       TEXT NOT NULL UNIQUE REFERENCES milestone_awards (id),
    learner_id     TEXT NOT NULL REFERENCES users (id),
    key_id         TEXT NOT NULL REFERENCES issuer_keys (id),
    status_index   BIGINT NOT NULL UNIQUE,
    document       TEXT NOT NULL,
    issued_at      BIGINT NOT NULL,
    revoked_at     BIGINT,
    revoked_by     TEXT REFERENCES users (id),
    revoked_reason TEXT
);
CREATE INDEX credentials_learner ON credentials (learner_id);
