-- When each learner last opened their Coach thread: mentors' answers and nudges since then are
-- the unread count on the Coach tab (services/src/coach/mod.rs).
CREATE TABLE coach_reads (
    learner_id  TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    read_at     BIGINT NOT NULL
);
