-- The learner loop: the rest of a KSB's derived state, so a stored row is the whole engine
-- state (replay rebuilds it; `flowline recompute` compares the two).
ALTER TABLE competency ADD COLUMN answers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE competency ADD COLUMN right_answers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE competency ADD COLUMN observations BIGINT NOT NULL DEFAULT 0;
ALTER TABLE competency ADD COLUMN last_evidence_at BIGINT;
CREATE INDEX competency_ksb ON competency (ksb_id);
CREATE INDEX observation_ksbs_ksb ON observation_ksbs (ksb_id);
