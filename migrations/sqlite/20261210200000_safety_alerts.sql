-- A safety question reaches the learner's mentors at once by e-mail; a mentor acknowledges it
-- ("I'm on it"); one nobody acknowledged in time goes to the provider's admins, once
-- (services/src/coach/alerts.rs).
ALTER TABLE coach_escalations ADD COLUMN acknowledged_by TEXT REFERENCES users (id);
ALTER TABLE coach_escalations ADD COLUMN acknowledged_at BIGINT;
ALTER TABLE coach_escalations ADD COLUMN admins_alerted_at BIGINT;
CREATE INDEX coach_escalations_unacknowledged ON coach_escalations (reason, acknowledged_at, admins_alerted_at);
