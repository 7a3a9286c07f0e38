-- Reaching people: an email outbox, verified addresses, single-use tokens
-- (verification, password reset, invitation), and sessions that can be
-- revoked.

-- When the address was proved to be the person's. Accounts made before
-- this migration (demo data, staff) are taken as verified.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
UPDATE users SET email_verified_at = created_at;

-- The staff member who created the account for a client (writing a lead
-- for an address with no account): the client sets a password from the
-- invitation's link.
ALTER TABLE users ADD COLUMN invited_by BIGINT REFERENCES users (id);

-- Sessions carry the epoch they were opened at; bumping it (a password
-- reset) signs every one of them out at their next request.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- Single-use links. Only a SHA-256 of the token is kept: a copy of the
-- table opens nothing.
CREATE TABLE account_tokens (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'invite')),
    token_hash  BYTEA NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL CHECK (expires_at > created_at),
    used_at     TIMESTAMPTZ
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- The outbox: one row per email, written in the transaction of the event
-- that causes it, sent by the worker (under the row's lock, skip-locked,
-- so once whatever the number of instances), retried with back-off, and
-- given up as 'dead' for staff to see. `body` is what the email says
-- (rendered when it is sent); a link's secret is dropped once sent.
CREATE TABLE emails (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    to_address       TEXT NOT NULL CHECK (char_length(to_address) <= 254),
    kind             TEXT NOT NULL,
    body             JSONB NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX emails_due ON emails (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX emails_dead ON emails (id) WHERE status = 'dead';

-- Wakes the senders when a new email commits (NOTIFY is delivered at
-- commit only, so a rolled-back event wakes nobody).
CREATE FUNCTION emails_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('email_queued', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER emails_queued AFTER INSERT ON emails
    FOR EACH ROW EXECUTE FUNCTION emails_queued();
