-- Subscription plans, the Q&A thread on projects and staff follow-up notes.

CREATE TABLE plans (
    slug          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    price_cents   BIGINT NOT NULL CHECK (price_cents > 0),
    period_days   INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 366),
    consultation  INTEGER NOT NULL CHECK (consultation >= 0),
    offer         INTEGER NOT NULL CHECK (offer >= 0),
    contact       INTEGER NOT NULL CHECK (contact >= 0),
    staff_notes   BOOLEAN NOT NULL,
    position      INTEGER NOT NULL
);
INSERT INTO plans (slug, name, price_cents, period_days, consultation, offer, contact, staff_notes, position) VALUES
    ('standard', 'Standard', 2900, 30, 10, 5, 3, false, 1),
    ('privilege', 'Privilege', 7900, 30, 30, 15, 10, true, 2);

-- One subscription per provider. The renewal job charges the stored
-- gateway token at the end of each period unless renewal was stopped.
CREATE TABLE subscriptions (
    provider_id    BIGINT PRIMARY KEY REFERENCES users (id),
    plan           TEXT NOT NULL REFERENCES plans (slug),
    status         TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    renews         BOOLEAN NOT NULL DEFAULT true,
    payment_token  TEXT NOT NULL,
    card_last4     TEXT NOT NULL,
    period_start   TIMESTAMPTZ NOT NULL,
    period_end     TIMESTAMPTZ NOT NULL CHECK (period_end > period_start),
    ended_reason   TEXT CHECK (ended_reason IN ('stopped', 'payment_declined')),
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'ended') = (ended_reason IS NOT NULL))
);

-- The Q&A thread of a project: its client and the providers who spent an
-- offer credit on it.
CREATE TABLE project_messages (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    author_id   BIGINT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL CHECK (char_length(body) BETWEEN 2 AND 2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_messages_project ON project_messages (project_id, id);

-- Staff follow-up notes; providers on a plan with staff_notes read them.
CREATE TABLE project_notes (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    staff_id    BIGINT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL CHECK (char_length(body) BETWEEN 3 AND 2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_notes_project ON project_notes (project_id, id);
