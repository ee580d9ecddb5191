-- Badges the admin manages (services/src/credentials/badges.rs): an award can be revoked with
-- a reason, before or after its credential was downloaded, and reinstated. A credential's
-- revocation is final (its bit in the status list stays set), so a reinstated award is issued
-- a new credential at its next download: an award may now have several credentials, at most
-- one of them live.
ALTER TABLE milestone_awards ADD COLUMN revoked_at BIGINT;
ALTER TABLE milestone_awards ADD COLUMN revoked_by TEXT REFERENCES users (id);
ALTER TABLE milestone_awards ADD COLUMN revoked_reason TEXT;

CREATE TABLE credentials_new (
    id             TEXT PRIMARY KEY,
    award_id       TEXT NOT NULL REFERENCES milestone_awards (id),
    learner_id     TEXT NOT NULL REFERENCES users (id),
    key_id         TEXT NOT NULL REFERENCES issuer_keys (id),
    status_index   BIGINT NOT NULL UNIQUE,
    document       TEXT NOT NULL,
    issued_at      BIGINT NOT NULL,
    revoked_at     BIGINT,
    revoked_by     TEXT REFERENCES users (id),
    revoked_reason TEXT
);
INSERT INTO credentials_new (id, award_id, learner_id, key_id, status_index, document,
    issued_at, revoked_at, revoked_by, revoked_reason)
    SELECT id, award_id, learner_id, key_id, status_index, document, issued_at, revoked_at,
        revoked_by, revoked_reason FROM credentials;
DROP TABLE credentials;
ALTER TABLE credentials_new RENAME TO credentials;
CREATE INDEX credentials_learner ON credentials (learner_id);
CREATE UNIQUE INDEX credentials_live_award ON credentials (award_id) WHERE revoked_at IS NULL;
