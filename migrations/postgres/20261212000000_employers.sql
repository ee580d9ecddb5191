-- The employer: a line manager linked to their apprentices, and what they confirm (each
-- Behaviour once, readiness for the Gateway). The SQLite twin rebuilds `users` for the CHECK.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('learner', 'mentor', 'admin', 'assessor', 'employer'));

CREATE TABLE employer_links (
    employer_id TEXT NOT NULL REFERENCES users (id),
    learner_id  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (employer_id, learner_id)
);
CREATE INDEX employer_links_learner ON employer_links (learner_id);

-- `subject` is a Behaviour's code, or `gateway`. Evidence: chained on the learner's chain,
-- never changed or deleted (an erased line manager's name goes, the row stays).
CREATE TABLE employer_confirmations (
    id           TEXT PRIMARY KEY,
    learner_id   TEXT NOT NULL REFERENCES users (id),
    employer_id  TEXT NOT NULL REFERENCES users (id),
    subject      TEXT NOT NULL,
    note         TEXT NOT NULL,
    confirmed_at BIGINT NOT NULL,
    UNIQUE (learner_id, subject)
);
