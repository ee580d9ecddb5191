-- A learner's evidence shared with an assessor for a period (by the learner or their
-- provider's admin), and every look at a learner's evidence by someone else, which the
-- learner can see.
CREATE TABLE evidence_shares (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    assessor_id TEXT NOT NULL REFERENCES users (id),
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX evidence_shares_assessor ON evidence_shares (assessor_id, expires_at);
CREATE INDEX evidence_shares_learner ON evidence_shares (learner_id);

CREATE TABLE evidence_views (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    viewer_id   TEXT NOT NULL REFERENCES users (id),
    viewer_role TEXT NOT NULL,
    -- readiness | statements | portfolio
    what        TEXT NOT NULL,
    viewed_at   BIGINT NOT NULL
);
CREATE INDEX evidence_views_learner ON evidence_views (learner_id, viewed_at);
