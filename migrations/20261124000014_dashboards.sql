-- Dashboards: when each person last looked at theirs (so "new since your
-- last visit" means something), and a per-person change signal so that
-- dashboards and the bell update without a reload.

CREATE TABLE dashboard_visits (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id),
    -- The start of the current visit.
    seen_at      TIMESTAMPTZ NOT NULL,
    -- The start of the visit before it: "new" means published after it.
    previous_at  TIMESTAMPTZ
);

-- Tells every listening server instance whose view changed; NOTIFY is
-- delivered only when (and if) the transaction commits, and repeats of one
-- payload within a transaction are folded into one.
CREATE FUNCTION person_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('person_changed', NEW.user_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER notifications_person_notify AFTER INSERT OR UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION person_notify();

-- An escrow's change concerns both its parties' dashboards too.
CREATE OR REPLACE FUNCTION escrow_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('escrow_changed', NEW.project_id::text || ':' || NEW.version::text);
    PERFORM pg_notify('person_changed', NEW.client_id::text);
    PERFORM pg_notify('person_changed', NEW.provider_id::text);
    RETURN NULL;
END $$;

CREATE INDEX offers_provider ON offers (provider_id, project_id);
CREATE INDEX agreements_provider ON agreements (provider_id, project_id);
CREATE INDEX escrows_provider ON escrows (provider_id);
CREATE INDEX escrows_client ON escrows (client_id);
CREATE INDEX platform_fees_payer ON platform_fees (payer_id) WHERE due_cents > 0;

-- The client's phone on every project (staff call it to validate the
-- project; the contact credit reveals it). Projects posted before it was
-- asked have none.
ALTER TABLE projects ADD COLUMN client_phone TEXT CHECK (char_length(client_phone) <= 32);
UPDATE projects p SET client_phone = l.client_phone FROM leads l WHERE l.project_id = p.id;

-- Projects a provider hid from their feed (and digest); undone by deleting
-- the row.
CREATE TABLE hidden_projects (
    provider_id  BIGINT NOT NULL REFERENCES users (id),
    project_id   BIGINT NOT NULL REFERENCES projects (id),
    hidden_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider_id, project_id)
);

-- Staff suspend an account (it cannot log in; money held for it is
-- untouched) and reinstate it, each with a reason kept in its history.
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMPTZ,
                  ADD COLUMN suspension_reason TEXT,
                  ADD CONSTRAINT users_suspension CHECK ((suspended_at IS NULL) = (suspension_reason IS NULL));
CREATE TABLE account_events (
    id        BIGSERIAL PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users (id),
    actor_id  BIGINT NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL CHECK (kind IN ('suspended', 'reinstated')),
    reason    TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_events_user ON account_events (user_id, at DESC);
CREATE INDEX users_search ON users (lower(display_name) text_pattern_ops);
