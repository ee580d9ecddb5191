-- Flowline schema (SQLite). Ids are UUIDv7 TEXT, times BIGINT unix ms (UTC), flags BIGINT 0/1,
-- JSON as TEXT. The PostgreSQL twin of this file must stay column-for-column the same.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('learner', 'mentor', 'admin', 'assessor')),
    timezone        TEXT NOT NULL DEFAULT 'Europe/London',
    whatsapp_opt_in BIGINT NOT NULL DEFAULT 0 CHECK (whatsapp_opt_in IN (0, 1)),
    phone_e164      TEXT,
    created_at      BIGINT NOT NULL,
    deactivated_at  BIGINT,
    deleted_at      BIGINT
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    failures     BIGINT NOT NULL
);

CREATE TABLE standards (
    id                TEXT PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    level             BIGINT NOT NULL,
    version           TEXT NOT NULL,
    typical_duration_months BIGINT,
    source            TEXT NOT NULL CHECK (source IN ('official', 'demo')),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE ksbs (
    id            TEXT PRIMARY KEY,
    standard_id   TEXT NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('knowledge', 'skill', 'behaviour')),
    text          TEXT NOT NULL,
    official_guid TEXT,
    sort          BIGINT NOT NULL,
    retired_at    BIGINT
);
CREATE UNIQUE INDEX ksbs_live_code ON ksbs (standard_id, code) WHERE retired_at IS NULL;
CREATE UNIQUE INDEX ksbs_guid ON ksbs (standard_id, official_guid);

CREATE TABLE ksb_prerequisites (
    ksb_id          TEXT NOT NULL REFERENCES ksbs (id) ON DELETE CASCADE,
    prerequisite_id TEXT NOT NULL REFERENCES ksbs (id) ON DELETE CASCADE,
    PRIMARY KEY (ksb_id, prerequisite_id),
    CHECK (ksb_id <> prerequisite_id)
);

CREATE TABLE cohorts (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    standard_id       TEXT NOT NULL REFERENCES standards (id),
    desired_retention REAL NOT NULL DEFAULT 0.9 CHECK (desired_retention > 0.5 AND desired_retention < 1.0),
    created_at        BIGINT NOT NULL,
    UNIQUE (standard_id, name)
);

CREATE TABLE memberships (
    cohort_id  TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('learner', 'mentor')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE content (
    id           TEXT PRIMARY KEY,
    standard_id  TEXT NOT NULL REFERENCES standards (id),
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'video' CHECK (kind IN ('video')),
    media_key    TEXT,
    captions_key TEXT,
    poster_key   TEXT,
    transcript   TEXT NOT NULL DEFAULT '',
    duration_s   BIGINT NOT NULL DEFAULT 0,
    difficulty   BIGINT NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    version      BIGINT NOT NULL DEFAULT 1,
    source_hash  TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (standard_id, slug)
);

CREATE TABLE content_ksbs (
    content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
    ksb_id     TEXT NOT NULL REFERENCES ksbs (id),
    weight     REAL NOT NULL DEFAULT 1.0 CHECK (weight > 0 AND weight <= 1),
    PRIMARY KEY (content_id, ksb_id)
);

CREATE TABLE questions (
    id          TEXT PRIMARY KEY,
    content_id  TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
    ksb_id      TEXT NOT NULL REFERENCES ksbs (id),
    kind        TEXT NOT NULL DEFAULT 'single_choice' CHECK (kind IN ('single_choice')),
    prompt      TEXT NOT NULL,
    options     TEXT NOT NULL,
    answer_key  TEXT NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    sort        BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX questions_content ON questions (content_id);

-- Append-only: the audit trail every derived state is rebuilt from.
CREATE TABLE interactions (
    id              TEXT PRIMARY KEY,
    learner_id      TEXT NOT NULL REFERENCES users (id),
    content_id      TEXT NOT NULL REFERENCES content (id),
    content_version BIGINT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('watched', 'answered', 'skipped', 'rated')),
    occurred_at     BIGINT NOT NULL,
    received_at     BIGINT NOT NULL,
    time_spent_s    REAL NOT NULL DEFAULT 0,
    answers         TEXT NOT NULL DEFAULT '[]',
    device          TEXT
);
CREATE INDEX interactions_learner_time ON interactions (learner_id, occurred_at);

-- Derived from interactions and observations; rebuildable by replay.
CREATE TABLE competency (
    learner_id     TEXT NOT NULL REFERENCES users (id),
    ksb_id         TEXT NOT NULL REFERENCES ksbs (id),
    knowledge      REAL NOT NULL DEFAULT 0,
    stability      REAL,
    difficulty     REAL,
    last_review    BIGINT,
    next_review    BIGINT,
    reps           BIGINT NOT NULL DEFAULT 0,
    lapses         BIGINT NOT NULL DEFAULT 0,
    correct_streak BIGINT NOT NULL DEFAULT 0,
    mastery        REAL NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (learner_id, ksb_id)
);

CREATE TABLE observations (
    id          TEXT PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES users (id),
    mentor_id   TEXT NOT NULL REFERENCES users (id),
    notes       TEXT NOT NULL DEFAULT '',
    occurred_at BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX observations_learner ON observations (learner_id);

CREATE TABLE observation_ksbs (
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    ksb_id         TEXT NOT NULL REFERENCES ksbs (id),
    PRIMARY KEY (observation_id, ksb_id)
);

-- Derived streak state per learner (days are the learner's local dates, YYYY-MM-DD).
CREATE TABLE streaks (
    learner_id  TEXT PRIMARY KEY REFERENCES users (id),
    current     BIGINT NOT NULL DEFAULT 0,
    longest     BIGINT NOT NULL DEFAULT 0,
    freezes     BIGINT NOT NULL DEFAULT 0,
    last_day    TEXT,
    updated_at  BIGINT NOT NULL
);
