-- The most lesson and check time a day can count as off-the-job training: a setting per
-- standard (Admin → KSBs), 4 hours unless an admin sets another (domain/otj_credit.rs).
ALTER TABLE standards ADD COLUMN otj_daily_hours REAL NOT NULL DEFAULT 4 CHECK (otj_daily_hours >= 0.5 AND otj_daily_hours <= 12);
