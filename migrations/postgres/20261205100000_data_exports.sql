-- GDPR: a person's copy of their data (app/src/ssr/services/privacy). An export is made by a
-- background job (queued → running with progress → ready, or failed with why); the ZIP is
-- kept here until it expires, then dropped. Erasing the person drops their exports.
CREATE TABLE data_exports (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    -- queued | running | ready | failed | expired
    status       TEXT NOT NULL,
    progress     DOUBLE PRECISION NOT NULL DEFAULT 0,
    error        TEXT,
    archive      BYTEA,
    bytes        BIGINT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    expires_at   BIGINT
);
CREATE INDEX data_exports_user ON data_exports (user_id, created_at);
CREATE INDEX data_exports_expiry ON data_exports (status, expires_at);
