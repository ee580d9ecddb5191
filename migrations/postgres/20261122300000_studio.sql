-- The content studio: each earlier version of a lesson, as it was when it was superseded,
-- so the evidence made on it stays traceable to the video and questions it was made on.
CREATE TABLE content_versions (
    content_id   TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    title        TEXT NOT NULL,
    media_key    TEXT,
    captions_key TEXT,
    poster_key   TEXT,
    duration_s   BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    superseded_at BIGINT NOT NULL,
    superseded_by TEXT,
    PRIMARY KEY (content_id, version)
);
