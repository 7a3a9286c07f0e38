-- Files attached to projects by their client. The bytes live outside the
-- web root (MARKETPLACE_FILES_DIR) under `stored_name`; this row says who
-- may read them.
CREATE TABLE project_files (
    id            BIGSERIAL PRIMARY KEY,
    project_id    BIGINT NOT NULL REFERENCES projects (id),
    uploader_id   BIGINT NOT NULL REFERENCES users (id),
    file_name     TEXT NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 120),
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes    BIGINT NOT NULL CHECK (size_bytes > 0),
    stored_name   TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_files_project ON project_files (project_id, id);
