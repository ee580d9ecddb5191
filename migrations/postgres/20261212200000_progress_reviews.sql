-- Progress reviews (services/src/reviews): drafted by the mentor from the record since the
-- last one, commented on and signed by the apprentice, their line manager and their mentor.
-- `record` is the drafted record as JSON (kept as drafted); a signature keeps the SHA-256 of
-- what was signed, so a later edit shows it out of date. A review all three signed is final
-- (`signed_at`) and chained on the apprentice's evidence chain.
ALTER TABLE cohorts ADD COLUMN review_weeks BIGINT NOT NULL DEFAULT 12 CHECK (review_weeks BETWEEN 1 AND 52);

CREATE TABLE reviews (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    number      BIGINT NOT NULL,
    record      TEXT NOT NULL,
    plan        TEXT NOT NULL DEFAULT '',
    drafted_by  TEXT NOT NULL REFERENCES users (id),
    drafted_at  BIGINT NOT NULL,
    signed_at   BIGINT,
    UNIQUE (learner_id, number)
);

CREATE TABLE review_signatures (
    review_id   TEXT NOT NULL REFERENCES reviews (id),
    party       TEXT NOT NULL CHECK (party IN ('apprentice', 'employer', 'mentor')),
    user_id     TEXT NOT NULL REFERENCES users (id),
    comment     TEXT NOT NULL DEFAULT '',
    signed_hash TEXT,
    signed_at   BIGINT,
    PRIMARY KEY (review_id, party)
);

-- Reminders and due notices sent (services/src/reviews::remind), by a key naming the review,
-- the round and the address: each is sent once, whichever instance runs the reminders.
CREATE TABLE review_notices (
    key     TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL
);
