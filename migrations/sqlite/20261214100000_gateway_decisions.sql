-- The assessor's Gateway decisions (services/src/gateway/decisions.rs): ready, not yet, or
-- more evidence asked for, with reasons KSB by KSB (JSON [{"code", "reason"}]) and a note.
-- Each is chained on the learner's evidence chain; the newest that is not "ready" stands in
-- the mentor's queue until a newer decision replaces it.
CREATE TABLE gateway_decisions (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    assessor_id TEXT NOT NULL REFERENCES users (id),
    decision    TEXT NOT NULL CHECK (decision IN ('ready', 'not_yet', 'more_evidence')),
    reasons     TEXT NOT NULL,
    note        TEXT NOT NULL,
    decided_at  BIGINT NOT NULL
);
CREATE INDEX gateway_decisions_learner ON gateway_decisions (learner_id, decided_at);
