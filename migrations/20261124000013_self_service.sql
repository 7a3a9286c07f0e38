-- Self-service: the sessions a person has open, a change of email address
-- proved at the new address, and deleted accounts.

-- One row per signed-in browser, named in the session by `id` (not the
-- session cookie's id: this one can be shown to its owner without giving
-- the session away). A session is signed in while its row exists, has not
-- ended and was opened at the account's current epoch.
CREATE TABLE user_sessions (
    id            UUID PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    epoch         INTEGER NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    user_agent    TEXT NOT NULL DEFAULT '' CHECK (char_length(user_agent) <= 300),
    address       TEXT NOT NULL DEFAULT '' CHECK (char_length(address) <= 64),
    ended_at      TIMESTAMPTZ
);
CREATE INDEX user_sessions_open ON user_sessions (user_id, last_seen_at DESC) WHERE ended_at IS NULL;

-- A link that moves an account to a new address carries that address.
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('verify', 'reset', 'invite', 'email'));
ALTER TABLE account_tokens ADD COLUMN new_email TEXT
    CHECK (new_email = lower(new_email) AND char_length(new_email) <= 254);
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_new_email
    CHECK ((purpose = 'email') = (new_email IS NOT NULL));

-- A deleted account keeps its row (ledgers, projects and messages point at
-- it) with its personal data erased.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ;
