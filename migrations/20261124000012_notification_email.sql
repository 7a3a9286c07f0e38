-- Every in-app notification has an email counterpart: per person and kind,
-- in the app only, by email at once, or in the daily digest.

-- Only choices that differ from the kind's default are stored.
CREATE TABLE notification_settings (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    channel  TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'digest')),
    PRIMARY KEY (user_id, kind)
);

-- The hour (Paris time) of the daily digest; none: no digest.
ALTER TABLE users ADD COLUMN digest_hour SMALLINT DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);

-- Notifications waiting for their person's next digest.
ALTER TABLE notifications ADD COLUMN digest_pending BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX notifications_digest ON notifications (user_id, id) WHERE digest_pending;

-- One digest per person and day, whatever the number of instances: the
-- row is written in the transaction that queues the email (or finds
-- nothing to send).
CREATE TABLE digests (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day       DATE NOT NULL,
    items     INTEGER NOT NULL CHECK (items >= 0),
    email_id  BIGINT REFERENCES emails (id),
    PRIMARY KEY (user_id, day)
);

-- The server's own secrets, made once here: the key that signs
-- unsubscribe links (two random UUIDs: 244 random bits).
CREATE TABLE app_secrets (
    name   TEXT PRIMARY KEY,
    value  BYTEA NOT NULL CHECK (octet_length(value) >= 32)
);
INSERT INTO app_secrets (name, value)
VALUES ('unsubscribe', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
