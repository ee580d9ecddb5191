-- Self-registration outside demo mode waits for its e-mail link (services/src/registration.rs):
-- the account is made when the address's owner follows it, so registering never tells a
-- stranger whether an address already has an account. Kept by the SHA-256 of the token for
-- 24 hours, used once.
CREATE TABLE registrations (
    token_hash     TEXT PRIMARY KEY,
    email          TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    timezone       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX registrations_email ON registrations (email, created_at);
