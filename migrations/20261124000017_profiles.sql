-- Profiles worth choosing from: a provider's description, skills, regions,
-- day rate, languages, photo and portfolio; a client's company and city.
-- Images are stored re-encoded (metadata stripped) by the file store; the
-- rows here say whose they are.

CREATE TABLE profiles (
    user_id             BIGINT PRIMARY KEY REFERENCES users (id),
    description         TEXT NOT NULL DEFAULT '' CHECK (char_length(description) <= 3000),
    skills              TEXT[] NOT NULL DEFAULT '{}',
    regions             TEXT[] NOT NULL DEFAULT '{}',
    day_rate_min_cents  BIGINT,
    day_rate_max_cents  BIGINT,
    languages           TEXT[] NOT NULL DEFAULT '{}',
    company             TEXT NOT NULL DEFAULT '' CHECK (char_length(company) <= 120),
    city                TEXT NOT NULL DEFAULT '' CHECK (char_length(city) <= 80),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((day_rate_min_cents IS NULL) = (day_rate_max_cents IS NULL)),
    CHECK (day_rate_min_cents IS NULL OR (day_rate_min_cents > 0 AND day_rate_max_cents >= day_rate_min_cents))
);

CREATE TABLE portfolio_items (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    title       TEXT NOT NULL CHECK (char_length(title) BETWEEN 2 AND 120),
    body        TEXT NOT NULL DEFAULT '' CHECK (char_length(body) <= 2000),
    link        TEXT NOT NULL DEFAULT '' CHECK (link = '' OR link ~ '^https?://'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX portfolio_items_user ON portfolio_items (user_id, id);

-- A profile photo (item NULL) or a portfolio item's image, in two sizes.
CREATE TABLE profile_images (
    id                 BIGSERIAL PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id),
    portfolio_item_id  BIGINT REFERENCES portfolio_items (id) ON DELETE CASCADE,
    large_name         TEXT NOT NULL,
    small_name         TEXT NOT NULL,
    width              INTEGER NOT NULL CHECK (width > 0),
    height             INTEGER NOT NULL CHECK (height > 0),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- One photo per person.
CREATE UNIQUE INDEX profile_images_photo ON profile_images (user_id) WHERE portfolio_item_id IS NULL;
CREATE INDEX profile_images_item ON profile_images (portfolio_item_id);
