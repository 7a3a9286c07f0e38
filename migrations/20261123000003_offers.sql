-- Offers: one per provider per project, editable at no cost; the client's
-- first opening marks it read.
CREATE TABLE offers (
    id             BIGSERIAL PRIMARY KEY,
    project_id     BIGINT NOT NULL REFERENCES projects (id),
    provider_id    BIGINT NOT NULL REFERENCES users (id),
    amount         NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    duration_days  INTEGER NOT NULL CHECK (duration_days BETWEEN 1 AND 730),
    message        TEXT NOT NULL CHECK (char_length(message) BETWEEN 10 AND 3000),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at        TIMESTAMPTZ,
    UNIQUE (project_id, provider_id)
);
CREATE INDEX offers_project ON offers (project_id, created_at);
