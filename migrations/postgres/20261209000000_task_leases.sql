-- Periodic background tasks (evidence anchors, model fits, the nudge schedule, sweeps) run on
-- one server instance at a time: the instance that claims a task's row holds it until
-- `locked_until`, extends it while the task runs, and sets when it is next due. An instance
-- that dies mid-run loses its lease, and another takes the task over once.
CREATE TABLE task_leases (
    name          TEXT PRIMARY KEY,
    next_run_at   BIGINT NOT NULL,
    holder        TEXT,
    locked_until  BIGINT,
    last_run_at   BIGINT,
    updated_at    BIGINT NOT NULL
);
