-- The number an apprentice chose to give their mentor (Me → "Your mentor can call you"):
-- NULL until they give it, NULL again when they take it back or their account is erased.
-- Kept apart from the WhatsApp number, which is consented to for the coach's messages only.
ALTER TABLE users ADD COLUMN phone_for_mentor TEXT;
