-- Referral leads, prepaid top-ups through the payment gateway, credit
-- requests, in-app notifications and durable jobs.

ALTER TABLE projects ADD COLUMN access TEXT NOT NULL DEFAULT 'tender'
    CHECK (access IN ('tender', 'lead'));

-- A lead: the price, the cap, and how many hold it. `buyers <= cap` is the
-- last line of defence; buys take the row lock first.
CREATE TABLE leads (
    project_id     BIGINT PRIMARY KEY REFERENCES projects (id),
    price_cents    BIGINT NOT NULL CHECK (price_cents >= 100),
    cap            INTEGER NOT NULL DEFAULT 4 CHECK (cap BETWEEN 1 AND 20),
    buyers         INTEGER NOT NULL DEFAULT 0 CHECK (buyers >= 0 AND buyers <= cap),
    half_price     BOOLEAN NOT NULL,
    half_price_at  TIMESTAMPTZ NOT NULL,
    client_phone   TEXT NOT NULL,
    created_by     BIGINT NOT NULL REFERENCES users (id)
);

-- Each provider's answer to a lead: bought, refused, or a half-price
-- reservation. `id` is the order in which answers were made.
CREATE TABLE lead_responses (
    id              BIGSERIAL UNIQUE,
    project_id      BIGINT NOT NULL REFERENCES leads (project_id),
    provider_id     BIGINT NOT NULL REFERENCES users (id),
    response        TEXT NOT NULL CHECK (response IN ('bought', 'refused', 'reserved')),
    reservation     TEXT CHECK (reservation IN ('waiting', 'awarded', 'lapsed')),
    lapse_reason    TEXT CHECK (lapse_reason IN ('cap_reached', 'cannot_pay', 'closed')),
    price_cents     BIGINT CHECK (price_cents > 0),
    transaction_id  BIGINT REFERENCES ledger_transactions (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at      TIMESTAMPTZ,
    PRIMARY KEY (project_id, provider_id),
    CHECK ((response = 'reserved') = (reservation IS NOT NULL)),
    CHECK ((reservation IS NOT DISTINCT FROM 'lapsed') = (lapse_reason IS NOT NULL)),
    CHECK ((transaction_id IS NOT NULL) = (response = 'bought' OR reservation IS NOT DISTINCT FROM 'awarded')),
    CHECK ((transaction_id IS NOT NULL) = (price_cents IS NOT NULL))
);
CREATE INDEX lead_responses_provider ON lead_responses (provider_id, id);
CREATE INDEX lead_reservations_waiting ON lead_responses (project_id, id) WHERE reservation = 'waiting';

-- What the payment gateway accepted. Declined payments leave no row.
CREATE TABLE payments (
    id                 BIGSERIAL PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id),
    purpose            TEXT NOT NULL CHECK (purpose IN ('top_up', 'subscription')),
    amount_cents       BIGINT NOT NULL CHECK (amount_cents > 0),
    gateway            TEXT NOT NULL,
    gateway_reference  TEXT NOT NULL,
    card_last4         TEXT NOT NULL,
    transaction_id     BIGINT REFERENCES ledger_transactions (id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (gateway, gateway_reference)
);

-- One credit request per purchase.
CREATE TABLE credit_requests (
    id                     BIGSERIAL PRIMARY KEY,
    project_id             BIGINT NOT NULL,
    provider_id            BIGINT NOT NULL,
    reason                 TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
    status                 TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    decision_reason        TEXT,
    decided_by             BIGINT REFERENCES users (id),
    decided_at             TIMESTAMPTZ,
    refund_transaction_id  BIGINT REFERENCES ledger_transactions (id),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (project_id, provider_id),
    FOREIGN KEY (project_id, provider_id) REFERENCES lead_responses (project_id, provider_id),
    CHECK (status <> 'refused' OR decision_reason IS NOT NULL),
    CHECK ((status = 'accepted') = (refund_transaction_id IS NOT NULL)),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX credit_requests_pending ON credit_requests (created_at) WHERE status = 'pending';

CREATE TABLE notifications (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    message     TEXT NOT NULL,
    link        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Durable jobs: written in the transaction that makes them due, taken with
-- FOR UPDATE SKIP LOCKED, and marked done in the transaction that does
-- their work, so each runs once whatever the number of workers.
CREATE TABLE jobs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('lead_half_price', 'subscription_renewal')),
    subject_id  BIGINT NOT NULL,
    run_at      TIMESTAMPTZ NOT NULL,
    done_at     TIMESTAMPTZ,
    outcome     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, subject_id, run_at)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
