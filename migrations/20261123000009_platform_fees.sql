-- The platform's fees on an agreement: the connection commission (paid by
-- the client, or by the provider where both agreed) and, for zero risk, the
-- R0 fee (the client). Rates are kept on the agreement as signed. A downward
-- revision agreed by both recomputes the commission and records the
-- difference as a credit.

ALTER TABLE agreements
    ADD COLUMN commission_payer TEXT NOT NULL DEFAULT 'client' CHECK (commission_payer IN ('client', 'provider')),
    ADD COLUMN connection_rate_bp INTEGER NOT NULL DEFAULT 500 CHECK (connection_rate_bp BETWEEN 0 AND 5000),
    ADD COLUMN zero_risk_rate_bp INTEGER NOT NULL DEFAULT 300 CHECK (zero_risk_rate_bp BETWEEN 0 AND 5000);

ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
ALTER TABLE payments ADD CONSTRAINT payments_purpose_check
    CHECK (purpose IN ('top_up', 'subscription', 'escrow_deposit', 'platform_fee'));

-- One per fee of a confirmed agreement: what is still due, what was paid,
-- and what the platform owes back after a revision.
CREATE TABLE platform_fees (
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id),
    kind          TEXT NOT NULL CHECK (kind IN ('connection', 'zero_risk')),
    payer_id      BIGINT NOT NULL REFERENCES users (id),
    rate_bp       INTEGER NOT NULL,
    fee_cents     BIGINT NOT NULL CHECK (fee_cents >= 0),
    due_cents     BIGINT NOT NULL CHECK (due_cents >= 0),
    paid_cents    BIGINT NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    credit_cents  BIGINT NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),
    PRIMARY KEY (agreement_id, kind),
    -- What was charged is the fee now, plus what was credited back.
    CHECK (due_cents + paid_cents = fee_cents + credit_cents)
);

CREATE TABLE fee_transactions (
    id            BIGSERIAL PRIMARY KEY,
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id),
    fee_kind      TEXT NOT NULL CHECK (fee_kind IN ('connection', 'zero_risk')),
    kind          TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'revision')),
    actor_id      BIGINT NOT NULL REFERENCES users (id),
    note          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE fee_entries (
    id              BIGSERIAL PRIMARY KEY,
    transaction_id  BIGINT NOT NULL REFERENCES fee_transactions (id),
    account         TEXT NOT NULL CHECK (account IN ('receivable', 'revenue', 'cash', 'payer_credit')),
    amount          BIGINT NOT NULL CHECK (amount <> 0)
);
CREATE INDEX fee_entries_transaction ON fee_entries (transaction_id);
CREATE FUNCTION fee_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM fee_entries WHERE transaction_id = NEW.transaction_id) <> 0 THEN
        RAISE EXCEPTION 'fee transaction % does not balance', NEW.transaction_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER fee_entries_balanced
    AFTER INSERT ON fee_entries DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION fee_check_balanced();
CREATE TRIGGER fee_transactions_append_only BEFORE UPDATE OR DELETE ON fee_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER fee_entries_append_only BEFORE UPDATE OR DELETE ON fee_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- A downward revision of the agreed amount: one party proposes, the other
-- accepts or declines. One pending at a time.
CREATE TABLE agreement_revisions (
    id            BIGSERIAL PRIMARY KEY,
    agreement_id  BIGINT NOT NULL REFERENCES agreements (id),
    proposed_by   BIGINT NOT NULL REFERENCES users (id),
    old_cents     BIGINT NOT NULL CHECK (old_cents > 0),
    new_cents     BIGINT NOT NULL CHECK (new_cents > 0 AND new_cents < old_cents),
    reason        TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
    status        TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
    credit_cents  BIGINT CHECK (credit_cents >= 0),
    proposed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    answered_at   TIMESTAMPTZ,
    CHECK ((status = 'accepted') = (credit_cents IS NOT NULL)),
    CHECK ((status = 'proposed') = (answered_at IS NULL))
);
CREATE UNIQUE INDEX agreement_revisions_pending ON agreement_revisions (agreement_id) WHERE status = 'proposed';
