-- Portfolios issued as PDF: each carries a QR code to a public verify page. The page is
-- found by the SHA-256 of its unguessable token (the token itself is never stored), shows what
-- the portfolio was (standard, evidence count, chain head, the document's hash) and whether the
-- learner's chain still verifies; the learner's name only when they chose to show it. A
-- learner or admin can revoke an issue, and its page then says "not found".
CREATE TABLE portfolio_issues (
    id             TEXT PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    learner_id     TEXT NOT NULL REFERENCES users (id),
    issued_by      TEXT NOT NULL REFERENCES users (id),
    standard       TEXT NOT NULL,
    standard_title TEXT NOT NULL,
    ready          BIGINT NOT NULL,
    evidence_count BIGINT NOT NULL,
    chain_head     TEXT,
    document_hash  TEXT NOT NULL,
    show_name      BIGINT NOT NULL DEFAULT 0,
    issued_at      BIGINT NOT NULL,
    revoked_at     BIGINT
);
CREATE INDEX portfolio_issues_learner ON portfolio_issues (learner_id, issued_at);
