-- The coach: one thread per learner (nudges, questions, answers, mentors' replies), questions
-- passed to a human (escalations) with the context the mentor needs, the nudges that were
-- sent (why, and whether they led to a lesson), each learner's nudge choices, and the
-- WhatsApp channel (opt-in, messages both ways with their delivery status).
CREATE TABLE coach_messages (
    id            TEXT PRIMARY KEY,
    learner_id    TEXT NOT NULL REFERENCES users (id),
    author        TEXT NOT NULL CHECK (author IN ('learner', 'coach', 'mentor')),
    kind          TEXT NOT NULL CHECK (kind IN ('question', 'answer', 'no_match', 'escalated', 'mentor_answer', 'nudge')),
    body          TEXT NOT NULL,
    content_id    TEXT REFERENCES content (id),
    passage       TEXT,
    escalation_id TEXT,
    nudge_id      TEXT,
    channel       TEXT NOT NULL DEFAULT 'app' CHECK (channel IN ('app', 'whatsapp')),
    created_at    BIGINT NOT NULL
);
CREATE INDEX coach_messages_thread ON coach_messages (learner_id, created_at);

CREATE TABLE coach_escalations (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    question    TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('asked', 'low_confidence', 'safety')),
    context     TEXT NOT NULL,
    ksb_codes   TEXT NOT NULL DEFAULT '',
    content_id  TEXT REFERENCES content (id),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
    answered_by TEXT REFERENCES users (id),
    answer      TEXT,
    answered_at BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX coach_escalations_learner ON coach_escalations (learner_id, status);

CREATE TABLE nudges (
    id         TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    local_day  TEXT NOT NULL,
    why        TEXT NOT NULL,
    body       TEXT NOT NULL,
    content_id TEXT REFERENCES content (id),
    ksb_code   TEXT,
    channels   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    opened_at  BIGINT,
    lesson_at  BIGINT,
    UNIQUE (learner_id, local_day)
);

CREATE TABLE coach_prefs (
    user_id          TEXT PRIMARY KEY REFERENCES users (id),
    kinds            TEXT NOT NULL,
    in_app           BIGINT NOT NULL DEFAULT 1,
    whatsapp         BIGINT NOT NULL DEFAULT 0,
    quiet_from       BIGINT NOT NULL DEFAULT 1260,
    quiet_to         BIGINT NOT NULL DEFAULT 420,
    phone            TEXT,
    consent_at       BIGINT,
    opted_out_at     BIGINT,
    last_inbound_at  BIGINT,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX coach_prefs_phone ON coach_prefs (phone);

CREATE TABLE whatsapp_messages (
    id            TEXT PRIMARY KEY,
    user_id       TEXT REFERENCES users (id),
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    wa_id         TEXT UNIQUE,
    -- 'text' (free-form, inside the 24-hour window) or 'template' (outside it), decided
    -- when it is sent; inbound messages are 'text'.
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL,
    -- The nudge kind whose approved template stands in outside the window, and its body
    -- parameters (a JSON array of strings).
    template      TEXT,
    params        TEXT,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received', 'skipped')),
    error         TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX whatsapp_messages_user ON whatsapp_messages (user_id, created_at);
