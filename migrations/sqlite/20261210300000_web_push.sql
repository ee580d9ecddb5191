-- Web Push (services/src/push): the server's VAPID key (one row, made on first start), and
-- each browser's subscription (its push service endpoint and the keys its messages are
-- encrypted with). A push service that answers 404 or 410 has dropped the subscription:
-- the row goes.
CREATE TABLE push_keys (
    id          TEXT PRIMARY KEY,
    secret      TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE push_subscriptions (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint      TEXT NOT NULL UNIQUE,
    p256dh        TEXT NOT NULL,
    auth          TEXT NOT NULL,
    device        TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_sent_at  BIGINT
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
