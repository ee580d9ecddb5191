-- BKT's guess, slip and learning rate fitted from a standard's own answers (the same daily
-- job as memory_models). A fit is adopted only when it predicts held-out learners' answers
-- better than the shipped parameters; the latest adopted fit traces every learner of the
-- standard.
CREATE TABLE knowledge_models (
    id                TEXT PRIMARY KEY,
    standard_id       TEXT NOT NULL REFERENCES standards (id),
    guess             DOUBLE PRECISION NOT NULL,
    slip              DOUBLE PRECISION NOT NULL,
    learn             DOUBLE PRECISION NOT NULL,
    answers           BIGINT NOT NULL,
    held_out_answers  BIGINT NOT NULL,
    log_loss_default  DOUBLE PRECISION NOT NULL,
    log_loss_fitted   DOUBLE PRECISION NOT NULL,
    adopted           BIGINT NOT NULL,
    fitted_at         BIGINT NOT NULL
);
CREATE INDEX knowledge_models_standard ON knowledge_models (standard_id, fitted_at);
