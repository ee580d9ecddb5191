-- A learner's one-tap verdict after a lesson's check ("too easy / good pace / too hard") is a
-- `rated` interaction; its verdict lives here. NULL on every other kind.
ALTER TABLE interactions ADD COLUMN rating TEXT
    CHECK (rating IS NULL OR rating IN ('too_easy', 'good_pace', 'too_hard'));
