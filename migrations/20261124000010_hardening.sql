-- Hardening: attempt counters shared by every instance, payment attempts
-- that survive a lost gateway answer, and profiles public by choice.

-- One counter per kind of attempt and key (an account and an address, an
-- address, a person on a project), over a fixed window. A hit is one
-- upsert, which takes the row's lock: parallel attempts are all counted.
CREATE TABLE rate_limits (
    bucket        TEXT NOT NULL,
    key           TEXT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    hits          INTEGER NOT NULL CHECK (hits > 0),
    PRIMARY KEY (bucket, key)
);
CREATE INDEX rate_limits_age ON rate_limits (window_start);

-- Replaced by rate_limits (counted before the password is checked).
DROP TABLE login_failures;

-- Every charge asked of the gateway, recorded before it is asked (and
-- committed on its own), so a charge whose answer or transaction is lost
-- is found again by its key and given back.
CREATE TABLE payment_attempts (
    gateway_key        TEXT PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id),
    purpose            TEXT NOT NULL CHECK (purpose IN ('top_up', 'subscription', 'escrow_deposit', 'platform_fee')),
    amount_cents       BIGINT NOT NULL CHECK (amount_cents > 0),
    status             TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'recorded', 'declined', 'refunded', 'void')),
    gateway_reference  TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    settled_at         TIMESTAMPTZ,
    CHECK ((status = 'pending') = (settled_at IS NULL))
);
CREATE INDEX payment_attempts_pending ON payment_attempts (created_at) WHERE status = 'pending';

-- A provider may show their profile to every signed-in member; otherwise
-- it is seen only by the people they work with (and staff).
ALTER TABLE users ADD COLUMN profile_public BOOLEAN NOT NULL DEFAULT false;

-- The files of a rejected or cancelled project are removed after a grace
-- period, by a durable job.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('lead_half_price', 'subscription_renewal', 'purge_project_files'));
