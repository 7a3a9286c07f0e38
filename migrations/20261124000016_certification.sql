-- Certification: a provider applies with client references; staff check
-- each, then certify or refuse with a reason; a certification may be
-- revoked with a reason. Every step is also an account event, so the
-- person's history tells the whole story.

CREATE TABLE certifications (
    id              BIGSERIAL PRIMARY KEY,
    provider_id     BIGINT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL DEFAULT 'applied'
                    CHECK (status IN ('applied', 'certified', 'refused', 'revoked')),
    applied_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at      TIMESTAMPTZ,
    decided_by      BIGINT REFERENCES users (id),
    refusal_reason  TEXT CHECK (char_length(refusal_reason) BETWEEN 10 AND 1000),
    revoked_at      TIMESTAMPTZ,
    revoked_by      BIGINT REFERENCES users (id),
    revoke_reason   TEXT CHECK (char_length(revoke_reason) BETWEEN 10 AND 1000),
    CHECK ((status = 'applied') = (decided_at IS NULL)),
    CHECK ((status = 'refused') = (refusal_reason IS NOT NULL)),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revoke_reason IS NOT NULL))
);
-- One application under review or one certification in force per provider.
CREATE UNIQUE INDEX certifications_live ON certifications (provider_id)
    WHERE status IN ('applied', 'certified');
CREATE INDEX certifications_queue ON certifications (applied_at) WHERE status = 'applied';

CREATE TABLE certification_references (
    certification_id  BIGINT NOT NULL REFERENCES certifications (id),
    position          INTEGER NOT NULL CHECK (position BETWEEN 1 AND 8),
    name              TEXT NOT NULL,
    company           TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT NOT NULL,
    project           TEXT NOT NULL,
    amount_cents      BIGINT NOT NULL CHECK (amount_cents > 0),
    year              INTEGER NOT NULL,
    outcome           TEXT NOT NULL DEFAULT 'pending'
                      CHECK (outcome IN ('pending', 'contacted', 'confirmed', 'refused')),
    notes             TEXT NOT NULL DEFAULT '' CHECK (char_length(notes) <= 1000),
    checked_at        TIMESTAMPTZ,
    checked_by        BIGINT REFERENCES users (id),
    PRIMARY KEY (certification_id, position),
    CHECK ((outcome = 'pending') = (checked_at IS NULL))
);

ALTER TABLE account_events DROP CONSTRAINT account_events_kind_check;
ALTER TABLE account_events ADD CONSTRAINT account_events_kind_check
    CHECK (kind IN ('suspended', 'reinstated', 'certification_applied', 'reference_checked',
                    'certified', 'certification_refused', 'certification_revoked'));
