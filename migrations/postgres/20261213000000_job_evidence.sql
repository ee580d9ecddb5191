-- Evidence from the job (services/src/job_evidence): photos, a short video or a voice note an
-- apprentice took at work, with a caption and the KSBs it shows, reviewed by their mentor.
--
-- `uploads` are files sent in chunks (services/src/uploads): each chunk is kept in the media
-- store under `uploads/{id}/parts/` until the last arrives; the whole file is then checked
-- against its declared SHA-256 and type and stored once under `uploads/{id}/file`
-- (`completed_at` set). One owner never stores the same bytes twice: a second upload of the
-- same SHA-256 resumes the first.
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL REFERENCES users (id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    received     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (owner_id, sha256)
);

-- `client_id` is chosen by the apprentice's phone when the evidence is captured: a retry or a
-- second tab sending the same evidence finds the first. Accepting it records an observation
-- (`observation_id`) with the same files and KSBs, which is what the evidence chain holds.
CREATE TABLE job_evidence (
    id             TEXT PRIMARY KEY,
    learner_id     TEXT NOT NULL REFERENCES users (id),
    client_id      TEXT NOT NULL,
    caption        TEXT NOT NULL,
    captured_at    BIGINT NOT NULL,
    submitted_at   BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('submitted', 'more_asked', 'accepted')),
    reviewer_id    TEXT REFERENCES users (id),
    review_note    TEXT NOT NULL DEFAULT '',
    reviewed_at    BIGINT,
    observation_id TEXT REFERENCES observations (id),
    UNIQUE (learner_id, client_id)
);
CREATE INDEX job_evidence_waiting ON job_evidence (status, submitted_at);

CREATE TABLE job_evidence_ksbs (
    evidence_id TEXT NOT NULL REFERENCES job_evidence (id) ON DELETE CASCADE,
    ksb_id      TEXT NOT NULL REFERENCES ksbs (id),
    PRIMARY KEY (evidence_id, ksb_id)
);

CREATE TABLE job_evidence_files (
    evidence_id TEXT NOT NULL REFERENCES job_evidence (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    upload_id   TEXT NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (evidence_id, position)
);

-- Photos a sign-off carries: the mentor's own, or those of the evidence it accepted.
CREATE TABLE observation_files (
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    position       BIGINT NOT NULL,
    upload_id      TEXT NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (observation_id, position)
);
