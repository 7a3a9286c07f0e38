-- The append-only double-entry ledger for credits and prepaid money,
-- balances that cannot go below zero, unlocks charged once, idempotency keys.

CREATE TABLE ledger_transactions (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('grant', 'spend', 'refund', 'top_up', 'purchase', 'purchase_refund')),
    provider_id  BIGINT NOT NULL REFERENCES users (id),
    project_id   BIGINT REFERENCES projects (id),
    actor_id     BIGINT NOT NULL REFERENCES users (id),
    reason       TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_transactions_provider ON ledger_transactions (provider_id, id);

-- One row per posting. Provider postings carry the balance after them, so a
-- statement reads straight off the table.
CREATE TABLE ledger_entries (
    id              BIGSERIAL PRIMARY KEY,
    transaction_id  BIGINT NOT NULL REFERENCES ledger_transactions (id),
    holder          TEXT NOT NULL CHECK (holder IN ('provider', 'platform_issuance', 'platform_consumption')),
    provider_id     BIGINT REFERENCES users (id),
    unit            TEXT NOT NULL CHECK (unit IN ('consultation', 'offer', 'contact', 'cents')),
    amount          BIGINT NOT NULL CHECK (amount <> 0),
    balance_after   BIGINT CHECK (balance_after >= 0),
    CHECK ((holder = 'provider') = (provider_id IS NOT NULL)),
    CHECK ((holder = 'provider') = (balance_after IS NOT NULL))
);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_provider ON ledger_entries (provider_id, unit, id) WHERE provider_id IS NOT NULL;

-- Last line of defence: every transaction balances in every unit at commit.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM ledger_entries WHERE transaction_id = NEW.transaction_id
        GROUP BY unit HAVING sum(amount) <> 0
    ) THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced
    AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

-- Nothing is ever changed or deleted in the ledger: corrections are new entries.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Cached balances, updated in the same transaction as the entries.
CREATE TABLE provider_balances (
    provider_id  BIGINT NOT NULL REFERENCES users (id),
    unit         TEXT NOT NULL CHECK (unit IN ('consultation', 'offer', 'contact', 'cents')),
    balance      BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
    PRIMARY KEY (provider_id, unit)
);

-- What a provider has unlocked: one spend per (provider, project, kind), ever.
CREATE TABLE unlocks (
    provider_id     BIGINT NOT NULL REFERENCES users (id),
    project_id      BIGINT NOT NULL REFERENCES projects (id),
    kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'offer', 'contact')),
    transaction_id  BIGINT NOT NULL REFERENCES ledger_transactions (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider_id, project_id, kind)
);

-- A replayed request returns its first answer; the same key for another request is refused.
CREATE TABLE idempotency_keys (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    key         TEXT NOT NULL CHECK (char_length(key) BETWEEN 8 AND 100),
    request     TEXT NOT NULL,
    response    JSONB,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
