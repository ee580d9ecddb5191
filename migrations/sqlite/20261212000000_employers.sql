-- The employer: a line manager linked to their apprentices, and what they confirm (each
-- Behaviour once, readiness for the Gateway). SQLite cannot change a CHECK in place, so
-- `users` is rebuilt the way https://sqlite.org/lang_altertable.html#otheralter describes: a
-- copy, the old table dropped, the copy renamed (other tables' references to `users` then
-- name the copy). Migrations run with foreign keys off, so dropping `users` deletes nothing
-- that refers to it; `db::connect` checks every foreign key afterwards (services/src/db.rs).
CREATE TABLE users_with_employers (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('learner', 'mentor', 'admin', 'assessor', 'employer')),
    timezone        TEXT NOT NULL DEFAULT 'Europe/London',
    whatsapp_opt_in BIGINT NOT NULL DEFAULT 0 CHECK (whatsapp_opt_in IN (0, 1)),
    phone_e164      TEXT,
    created_at      BIGINT NOT NULL,
    deactivated_at  BIGINT,
    deleted_at      BIGINT
);
INSERT INTO users_with_employers
    SELECT id, email, display_name, password_hash, role, timezone, whatsapp_opt_in,
           phone_e164, created_at, deactivated_at, deleted_at FROM users;
DROP TABLE users;
ALTER TABLE users_with_employers RENAME TO users;

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
