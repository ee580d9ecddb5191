-- The tamper-evident trail (app/src/ssr/services/evidence): one hash chain per learner for
-- their interactions and sign-offs, one chain ('system') for the admin acts that change what
-- evidence means (a lesson version published, a standard imported). A record holds the
-- SHA-256 of its evidence's canonical JSON (RFC 8785, ids only: no names or e-mails) and of
-- the record before it. Anchors hash every chain's head now and then, chained too.
CREATE TABLE evidence_records (
    chain_id     TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    ref_id       TEXT NOT NULL,
    -- The event itself for the system chain (it has no other row); NULL for a learner's
    -- records, whose content is read again from the interaction or observation.
    payload      TEXT,
    content_hash TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    PRIMARY KEY (chain_id, seq)
);
CREATE INDEX evidence_records_ref ON evidence_records (kind, ref_id);

CREATE TABLE evidence_heads (
    chain_id   TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL,
    hash       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE evidence_anchors (
    seq        BIGINT PRIMARY KEY,
    -- JSON: {chain id: [seq, hash]} for every chain at the time.
    heads      TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
