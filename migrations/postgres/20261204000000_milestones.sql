-- Milestones a learner has reached (a tier of a KSB group, a streak, the first KSB mastered),
-- each awarded once, with the evidence that earned it, and kept when the learner forgets
-- later. Written in the same transaction as the engine state that reached it.
CREATE TABLE milestone_awards (
    id            TEXT PRIMARY KEY,
    learner_id    TEXT NOT NULL REFERENCES users (id),
    milestone_key TEXT NOT NULL,
    title         TEXT NOT NULL,
    standard      TEXT NOT NULL,
    -- JSON array of what earned it, e.g. ["K1 86 %", "K2 91 %"].
    evidence      TEXT NOT NULL,
    awarded_at    BIGINT NOT NULL,
    UNIQUE (learner_id, milestone_key)
);
