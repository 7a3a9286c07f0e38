-- Fees collected: when each fee is due, reminders while it is, and staff
-- waiving one with a reason. A waiver is revenue given up, booked on its
-- own account of the fee ledger.

ALTER TABLE platform_fees
    ADD COLUMN waived_cents   BIGINT NOT NULL DEFAULT 0 CHECK (waived_cents >= 0),
    ADD COLUMN charged_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- NULL: due with the first deposit (zero risk); else the basic formula's deadline.
    ADD COLUMN due_by         TIMESTAMPTZ,
    ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0 CHECK (reminders_sent >= 0),
    ADD COLUMN waived_by      BIGINT REFERENCES users (id),
    ADD COLUMN waive_reason   TEXT CHECK (char_length(waive_reason) BETWEEN 10 AND 2000),
    ADD CONSTRAINT platform_fees_waiver_explained CHECK (waived_cents = 0 OR waive_reason IS NOT NULL);
ALTER TABLE platform_fees DROP CONSTRAINT platform_fees_check;
ALTER TABLE platform_fees ADD CONSTRAINT platform_fees_balance
    CHECK (due_cents + paid_cents + waived_cents = fee_cents + credit_cents);

ALTER TABLE fee_transactions DROP CONSTRAINT fee_transactions_kind_check;
ALTER TABLE fee_transactions ADD CONSTRAINT fee_transactions_kind_check
    CHECK (kind IN ('charge', 'payment', 'revision', 'waiver'));
ALTER TABLE fee_entries DROP CONSTRAINT fee_entries_account_check;
ALTER TABLE fee_entries ADD CONSTRAINT fee_entries_account_check
    CHECK (account IN ('receivable', 'revenue', 'cash', 'payer_credit', 'waived'));

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('lead_half_price', 'subscription_renewal', 'purge_project_files', 'fee_reminder'));

-- Fees charged before this migration: their charge time and deadline.
UPDATE platform_fees f
   SET charged_at = a.decided_at,
       due_by = CASE WHEN a.formula = 'basic' THEN a.decided_at + interval '14 days' END
  FROM agreements a
 WHERE a.id = f.agreement_id AND a.decided_at IS NOT NULL;
-- And a reminder for every agreement still owing.
INSERT INTO jobs (kind, subject_id, run_at)
SELECT DISTINCT 'fee_reminder', agreement_id, now() FROM platform_fees WHERE due_cents > 0
ON CONFLICT DO NOTHING;
