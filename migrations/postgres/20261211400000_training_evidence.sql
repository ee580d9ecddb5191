-- Approved off-the-job training joins the learner's evidence chain and the xAPI feed
-- (services/src/evidence/mod.rs). Training approved before this is chained once, at the next
-- start (`unchained` = 1); a row that appears approved later without a link is reported by
-- the chain's verification, never adopted.
ALTER TABLE otj_logs ADD COLUMN unchained BIGINT NOT NULL DEFAULT 0;
UPDATE otj_logs SET unchained = 1 WHERE status = 'approved';
