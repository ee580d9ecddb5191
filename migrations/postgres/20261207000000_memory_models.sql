-- FSRS-6 weights fitted from a standard's own review log (a background job). A fit is adopted
-- only when it predicts held-out learners' reviews better than the default weights; the
-- latest adopted fit schedules every learner of the standard, and each schedule row keeps
-- the model it was made with ('default' for the shipped weights).
CREATE TABLE memory_models (
    id                TEXT PRIMARY KEY,
    standard_id       TEXT NOT NULL REFERENCES standards (id),
    weights           TEXT NOT NULL,
    reviews           BIGINT NOT NULL,
    held_out_reviews  BIGINT NOT NULL,
    log_loss_default  DOUBLE PRECISION NOT NULL,
    log_loss_fitted   DOUBLE PRECISION NOT NULL,
    adopted           BIGINT NOT NULL,
    fitted_at         BIGINT NOT NULL
);
CREATE INDEX memory_models_standard ON memory_models (standard_id, fitted_at);
ALTER TABLE competency ADD COLUMN memory_model TEXT NOT NULL DEFAULT 'default';
