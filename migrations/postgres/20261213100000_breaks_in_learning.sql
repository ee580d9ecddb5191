-- Breaks in learning (services/src/otj/breaks.rs): an apprentice away from the programme
-- (illness, parental leave, a change of employer) from `starts_on` until `ends_on`, the day
-- learning resumed (NULL while away). Time during a break counts as no off-the-job hours, and
-- the ILR export ends a learning delivery at a break and restarts one at the return.
CREATE TABLE learning_breaks (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    reason      TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL,
    CHECK (ends_on IS NULL OR ends_on > starts_on)
);
-- One open break per apprentice at a time.
CREATE UNIQUE INDEX learning_breaks_open ON learning_breaks (learner_id) WHERE ends_on IS NULL;
CREATE INDEX learning_breaks_learner ON learning_breaks (learner_id, starts_on);
