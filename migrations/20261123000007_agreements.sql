-- Selection and agreement: the client proposes terms to one provider, who
-- confirms them (the electronic signature: who and when).
CREATE TABLE agreements (
    id            BIGSERIAL PRIMARY KEY,
    project_id    BIGINT NOT NULL REFERENCES projects (id),
    client_id     BIGINT NOT NULL REFERENCES users (id),
    provider_id   BIGINT NOT NULL REFERENCES users (id),
    scope         TEXT NOT NULL CHECK (char_length(scope) BETWEEN 20 AND 5000),
    amount_cents  BIGINT NOT NULL CHECK (amount_cents > 0),
    formula       TEXT NOT NULL CHECK (formula IN ('basic', 'zero_risk')),
    status        TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'withdrawn', 'confirmed')),
    proposed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at    TIMESTAMPTZ,
    confirmed_by  BIGINT REFERENCES users (id),
    CHECK ((status = 'confirmed') = (confirmed_by IS NOT NULL)),
    CHECK ((status = 'proposed') = (decided_at IS NULL))
);
-- At most one live agreement per project.
CREATE UNIQUE INDEX agreements_live ON agreements (project_id) WHERE status IN ('proposed', 'confirmed');

CREATE TABLE agreement_tranches (
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id),
    position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    label         TEXT NOT NULL CHECK (char_length(label) BETWEEN 1 AND 120),
    amount_cents  BIGINT NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (agreement_id, position)
);
