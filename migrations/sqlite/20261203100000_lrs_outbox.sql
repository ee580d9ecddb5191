-- Statements on their way to an external LRS (app/src/ssr/services/evidence/lrs.rs): one row
-- per piece of learner evidence, written in the transaction that chains it, so nothing is
-- lost and nothing is sent twice. A forwarder takes due rows with a lease (`next_attempt_at`
-- moved past the send), sends them in batches and marks them sent, or refused with the LRS's
-- answer when sending again cannot help.
CREATE TABLE lrs_outbox (
    statement_id    TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    ref_id          TEXT NOT NULL,
    learner_id      TEXT NOT NULL,
    -- pending | sent | refused
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- The LRS's last answer: HTTP status (NULL when it could not be reached) and body.
    last_status     BIGINT,
    last_answer     TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE UNIQUE INDEX lrs_outbox_ref ON lrs_outbox (kind, ref_id);
CREATE INDEX lrs_outbox_due ON lrs_outbox (status, next_attempt_at);
