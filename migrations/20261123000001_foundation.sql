-- Accounts, projects and provider preferences: the foundation.

CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND char_length(email) <= 254),
    password_hash   TEXT NOT NULL,
    display_name    TEXT NOT NULL CHECK (char_length(display_name) BETWEEN 2 AND 60),
    role            TEXT NOT NULL CHECK (role IN ('client', 'provider', 'staff')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_active_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Failed logins, counted per account and per address to slow down guessing.
CREATE TABLE login_failures (
    id          BIGSERIAL PRIMARY KEY,
    email       TEXT NOT NULL,
    address     TEXT NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);

CREATE TABLE projects (
    id                 BIGSERIAL PRIMARY KEY,
    client_id          BIGINT NOT NULL REFERENCES users (id),
    title              TEXT NOT NULL CHECK (char_length(title) BETWEEN 5 AND 120),
    description        TEXT NOT NULL CHECK (char_length(description) BETWEEN 20 AND 5000),
    services           TEXT[] NOT NULL CHECK (cardinality(services) BETWEEN 1 AND 5),
    region             TEXT NOT NULL,
    budget_min         NUMERIC(14, 2) NOT NULL CHECK (budget_min > 0),
    budget_max         NUMERIC(14, 2) NOT NULL CHECK (budget_max >= budget_min),
    desired_start      DATE NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending_validation' CHECK (status IN
                         ('pending_validation', 'published', 'rejected', 'cancelled', 'in_progress', 'completed')),
    rejection_reason   TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at       TIMESTAMPTZ,
    status_changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    search             TSVECTOR GENERATED ALWAYS AS
                         (to_tsvector('simple'::regconfig, title || ' ' || description)) STORED,
    CHECK (status <> 'published' OR published_at IS NOT NULL),
    CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL)
);
CREATE INDEX projects_feed ON projects (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX projects_search ON projects USING GIN (search);
CREATE INDEX projects_services ON projects USING GIN (services);
CREATE INDEX projects_client ON projects (client_id, created_at DESC);
CREATE INDEX projects_queue ON projects (created_at) WHERE status = 'pending_validation';

-- Every change of a project's status, who made it and why: the project's history.
CREATE TABLE project_events (
    id           BIGSERIAL PRIMARY KEY,
    project_id   BIGINT NOT NULL REFERENCES projects (id),
    actor_id     BIGINT NOT NULL REFERENCES users (id),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    note         TEXT,
    at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_events_project ON project_events (project_id, at);

CREATE TABLE provider_preferences (
    provider_id  BIGINT PRIMARY KEY REFERENCES users (id),
    services     TEXT[] NOT NULL DEFAULT '{}',
    regions      TEXT[] NOT NULL DEFAULT '{}',
    budget_min   NUMERIC(14, 2) CHECK (budget_min >= 0),
    budget_max   NUMERIC(14, 2) CHECK (budget_max >= budget_min),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
