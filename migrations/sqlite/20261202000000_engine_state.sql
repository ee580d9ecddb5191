-- Each learner's engine state as of the last batch applied (JSON, see domain/engine.rs):
-- competency, the streak's fold, the recent days the charts need and what the feed needs of
-- the log. Derived from the log and replaceable by `flowline recompute` at any time.
CREATE TABLE engine_states (
    learner_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
