-- Zero-risk escrow: per-tranche held amounts (two-phase: each held amount is
-- released or refunded at most once, in parts that never exceed it), an
-- append-only double-entry escrow ledger, disputes, payout requests with
-- their invoices, and ratings after completion.

ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
ALTER TABLE payments ADD CONSTRAINT payments_purpose_check
    CHECK (purpose IN ('top_up', 'subscription', 'escrow_deposit'));

-- One per confirmed zero-risk agreement. Every change to an escrow, its
-- tranches, disputes or payouts bumps `version` in the same transaction;
-- the trigger below then tells every server instance, after commit.
CREATE TABLE escrows (
    agreement_id     BIGINT PRIMARY KEY REFERENCES agreements (id),
    project_id       BIGINT NOT NULL UNIQUE REFERENCES projects (id),
    client_id        BIGINT NOT NULL REFERENCES users (id),
    provider_id      BIGINT NOT NULL REFERENCES users (id),
    -- Released money the provider filed payout requests for.
    payout_cents     BIGINT NOT NULL DEFAULT 0 CHECK (payout_cents >= 0),
    -- Of which staff transferred.
    paid_cents       BIGINT NOT NULL DEFAULT 0 CHECK (paid_cents >= 0 AND paid_cents <= payout_cents),
    version          BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE escrow_tranches (
    agreement_id     BIGINT NOT NULL REFERENCES escrows (agreement_id),
    position         INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    label            TEXT NOT NULL,
    planned_cents    BIGINT NOT NULL CHECK (planned_cents > 0),
    deposited_cents  BIGINT NOT NULL DEFAULT 0 CHECK (deposited_cents >= 0 AND deposited_cents <= planned_cents),
    released_cents   BIGINT NOT NULL DEFAULT 0 CHECK (released_cents >= 0),
    refunded_cents   BIGINT NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    PRIMARY KEY (agreement_id, position),
    -- Never more released or refunded than was deposited.
    CHECK (released_cents + refunded_cents <= deposited_cents)
);

CREATE TABLE escrow_transactions (
    id            BIGSERIAL PRIMARY KEY,
    agreement_id  BIGINT NOT NULL REFERENCES escrows (agreement_id),
    kind          TEXT NOT NULL CHECK (kind IN ('deposit', 'release', 'refund', 'decision', 'payout_request', 'payout_paid')),
    actor_id      BIGINT NOT NULL REFERENCES users (id),
    note          TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX escrow_transactions_agreement ON escrow_transactions (agreement_id, id);

CREATE TABLE escrow_entries (
    id              BIGSERIAL PRIMARY KEY,
    transaction_id  BIGINT NOT NULL REFERENCES escrow_transactions (id),
    account         TEXT NOT NULL CHECK (account IN ('client_funds', 'held', 'provider_owed', 'client_owed', 'payout_pending', 'transferred')),
    position        INTEGER,
    amount          BIGINT NOT NULL CHECK (amount <> 0),
    CHECK ((account = 'held') = (position IS NOT NULL))
);
CREATE INDEX escrow_entries_transaction ON escrow_entries (transaction_id);

CREATE FUNCTION escrow_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM escrow_entries WHERE transaction_id = NEW.transaction_id) <> 0 THEN
        RAISE EXCEPTION 'escrow transaction % does not balance', NEW.transaction_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER escrow_entries_balanced
    AFTER INSERT ON escrow_entries DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION escrow_check_balanced();
CREATE TRIGGER escrow_transactions_append_only BEFORE UPDATE OR DELETE ON escrow_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER escrow_entries_append_only BEFORE UPDATE OR DELETE ON escrow_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Either party freezes the escrow; staff decide. At most one open at a time.
CREATE TABLE disputes (
    id                       BIGSERIAL PRIMARY KEY,
    agreement_id             BIGINT NOT NULL REFERENCES escrows (agreement_id),
    opened_by                BIGINT NOT NULL REFERENCES users (id),
    reason                   TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
    opened_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    status                   TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
    decided_by               BIGINT REFERENCES users (id),
    decided_at               TIMESTAMPTZ,
    decision_note            TEXT,
    decision_transaction_id  BIGINT REFERENCES escrow_transactions (id),
    CHECK ((status = 'decided') = (decided_at IS NOT NULL AND decided_by IS NOT NULL AND decision_note IS NOT NULL))
);
CREATE UNIQUE INDEX disputes_open ON disputes (agreement_id) WHERE status = 'open';

-- A payout request: released money, an invoice, then staff's transfer.
CREATE TABLE payouts (
    id                   BIGSERIAL PRIMARY KEY,
    agreement_id         BIGINT NOT NULL REFERENCES escrows (agreement_id),
    provider_id          BIGINT NOT NULL REFERENCES users (id),
    amount_cents         BIGINT NOT NULL CHECK (amount_cents > 0),
    invoice_name         TEXT NOT NULL,
    invoice_stored_name  TEXT NOT NULL UNIQUE,
    invoice_bytes        BIGINT NOT NULL CHECK (invoice_bytes > 0),
    status               TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'paid')),
    requested_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    request_transaction_id BIGINT NOT NULL REFERENCES escrow_transactions (id),
    transfer_reference   TEXT,
    paid_by              BIGINT REFERENCES users (id),
    paid_at              TIMESTAMPTZ,
    paid_transaction_id  BIGINT REFERENCES escrow_transactions (id),
    CHECK ((status = 'paid') = (transfer_reference IS NOT NULL AND paid_at IS NOT NULL AND paid_transaction_id IS NOT NULL))
);
CREATE INDEX payouts_requested ON payouts (requested_at) WHERE status = 'requested';

-- Tells every listening server instance which escrow changed; NOTIFY is
-- delivered only when (and if) the transaction commits.
CREATE FUNCTION escrow_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('escrow_changed', NEW.project_id::text || ':' || NEW.version::text);
    RETURN NULL;
END $$;
CREATE TRIGGER escrows_notify AFTER INSERT OR UPDATE ON escrows
    FOR EACH ROW EXECUTE FUNCTION escrow_notify();

-- Each party rates the other once per completed project.
CREATE TABLE ratings (
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    rater_id    BIGINT NOT NULL REFERENCES users (id),
    ratee_id    BIGINT NOT NULL REFERENCES users (id),
    stars       SMALLINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, rater_id),
    CHECK (rater_id <> ratee_id)
);
CREATE INDEX ratings_ratee ON ratings (ratee_id, created_at DESC);

