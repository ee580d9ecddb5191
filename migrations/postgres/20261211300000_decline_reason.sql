-- A mentor who declines logged training says why (services/src/otj/mod.rs), so the apprentice
-- can put it right.
ALTER TABLE otj_logs ADD COLUMN decline_reason TEXT;
