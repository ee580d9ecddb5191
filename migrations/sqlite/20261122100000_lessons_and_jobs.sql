-- Lessons from files and renders: the render a lesson wants (its script's content hash), and
-- questions kept per lesson version so old interactions still point at what was asked.
ALTER TABLE content ADD COLUMN render_key TEXT;
ALTER TABLE questions ADD COLUMN content_version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX questions_content_version ON questions (content_id, content_version);
CREATE INDEX content_standard_status ON content (standard_id, status);

-- Background work (renders now; nudges and imports later), safe with several server instances:
-- a worker claims a job with one conditional UPDATE and holds it for a lease.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    progress     REAL NOT NULL DEFAULT 0,
    run_after    BIGINT NOT NULL,
    locked_until BIGINT,
    error        TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_pending_once ON jobs (dedupe_key) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_ready ON jobs (kind, status, run_after);
