-- Off-the-job training hours. A standard has a fixed minimum (from 1 August 2025; set by an
-- admin, kept by a re-import that does not give one). A mentor's sign-off records how long the
-- observed practice took. Off-platform training a learner logs counts once a mentor approves it.
ALTER TABLE standards ADD COLUMN otj_min_hours BIGINT;
ALTER TABLE observations ADD COLUMN duration_min BIGINT NOT NULL DEFAULT 0;

CREATE TABLE otj_logs (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    -- classroom | shadowing | practical | visit | online
    activity    TEXT NOT NULL,
    -- The learner's local date, YYYY-MM-DD.
    occurred_on TEXT NOT NULL,
    minutes     BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    description TEXT NOT NULL,
    -- KSB codes of the learner's standard, comma-separated.
    ksb_codes   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    decided_by  TEXT REFERENCES users (id),
    decided_at  BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX otj_logs_learner ON otj_logs (learner_id, occurred_on);
