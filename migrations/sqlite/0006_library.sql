-- The resource library: fact sheets, tools and templates, their files (with every
-- earlier version kept), links to related items, monthly download counts and the
-- full-text index.

CREATE TABLE resources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- fact_sheet, tool, template, guide, toolkit, recording or other
    kind TEXT NOT NULL,
    -- Topic and audience codes wrapped in commas, as for courses and trainings.
    topics TEXT NOT NULL DEFAULT ',',
    audiences TEXT NOT NULL DEFAULT ',',
    language TEXT NOT NULL DEFAULT 'en',
    body_md TEXT NOT NULL DEFAULT '',
    -- An audio or video recording kept elsewhere (MP3/MP4 link).
    media_url TEXT NOT NULL DEFAULT '',
    members_only BIGINT NOT NULL DEFAULT 0,
    -- draft or published
    status TEXT NOT NULL DEFAULT 'published',
    published_on TEXT NOT NULL,
    reviewed_on TEXT NOT NULL DEFAULT '',
    downloads BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX resources_published ON resources (status, published_on);
CREATE INDEX resources_downloads ON resources (status, downloads);

-- One row per uploaded version. `series` names the document a version belongs to (the id
-- of its first version); the newest version of a series is the current one.
CREATE TABLE resource_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    series BIGINT NOT NULL,
    version BIGINT NOT NULL,
    is_current BIGINT NOT NULL DEFAULT 1,
    storage_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- pdf, docx, xlsx, pptx or odt: decided from the content, not the name
    format TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    -- Words inside the file, for search and snippets.
    body_text TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at BIGINT NOT NULL,
    UNIQUE (series, version)
);
CREATE INDEX resource_files_resource ON resource_files (resource_id, is_current);

CREATE TABLE resource_related (
    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    related_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, related_id)
);
CREATE TABLE resource_courses (
    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, course_id)
);
CREATE TABLE resource_events (
    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, event_id)
);

-- Counts only: nothing about who downloaded.
CREATE TABLE resource_downloads (
    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    -- YYYY-MM
    month TEXT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (resource_id, month)
);

-- Stemmed words, written by tta in the same transaction as the resource, so every server
-- sees a change at once. `head` is title and summary (ranked higher), `body` the page and files.
CREATE VIRTUAL TABLE resource_index USING fts5(head, body, tokenize = 'unicode61 remove_diacritics 2');
