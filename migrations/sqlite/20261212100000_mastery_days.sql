-- Each learner's mastery at the end of every day they have evidence for, from their first day
-- (services/src/learning/history.rs): the engine state keeps only a window of recent days,
-- and a 30-month programme's chart, drilldown, portfolio and reviews read this instead of
-- replaying the log. `ksbs` is JSON {ksb id: mastery 0–100}; `active` marks a learning day.
-- Existing learners' days are written once at the next start.
CREATE TABLE mastery_days (
    learner_id TEXT NOT NULL REFERENCES users (id),
    day        TEXT NOT NULL,
    overall    REAL NOT NULL,
    ksbs       TEXT NOT NULL,
    active     BIGINT NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    PRIMARY KEY (learner_id, day)
);

-- Learners whose earlier history was written at a start (so a learner with no closed day yet
-- is not replayed at every start).
CREATE TABLE mastery_backfills (
    learner_id TEXT PRIMARY KEY REFERENCES users (id),
    done_at    BIGINT NOT NULL
);
