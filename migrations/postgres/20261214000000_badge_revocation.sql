-- Badges the admin manages (services/src/credentials/badges.rs): an award can be revoked with
-- a reason, before or after its credential was downloaded, and reinstated. A credential's
-- revocation is final (its bit in the status list stays set), so a reinstated award is issued
-- a new credential at its next download: an award may now have several credentials, at most
-- one of them live.
ALTER TABLE milestone_awards ADD COLUMN revoked_at BIGINT;
ALTER TABLE milestone_awards ADD COLUMN revoked_by TEXT REFERENCES users (id);
ALTER TABLE milestone_awards ADD COLUMN revoked_reason TEXT;

ALTER TABLE credentials DROP CONSTRAINT credentials_award_id_key;
CREATE UNIQUE INDEX credentials_live_award ON credentials (award_id) WHERE revoked_at IS NULL;
