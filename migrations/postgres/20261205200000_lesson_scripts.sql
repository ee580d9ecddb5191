-- A lesson written as a script in the studio keeps its script (the Markdown + TOML format of
-- content/lessons/), so an admin can edit it and render it again. NULL for lessons whose
-- video was uploaded, or that came from files.
ALTER TABLE content ADD COLUMN script TEXT;
