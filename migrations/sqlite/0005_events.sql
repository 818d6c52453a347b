-- Live trainings: events with sessions, registrations with a waitlist, attendance,
-- evaluations, facilitator profiles, calendar feeds and API idempotency.

CREATE TABLE facilitator_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    bio TEXT NOT NULL DEFAULT '',
    -- Topic codes wrapped in commas, as for courses.
    expertise TEXT NOT NULL DEFAULT ',',
    languages TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- in_person, virtual or hybrid
    format TEXT NOT NULL,
    -- IANA name, e.g. America/Chicago; sessions are stored in UTC and shown in this zone.
    timezone TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    -- Shown only to people with a confirmed place.
    join_url TEXT NOT NULL DEFAULT '',
    capacity BIGINT NOT NULL,
    registration_opens_at BIGINT NOT NULL,
    registration_closes_at BIGINT NOT NULL,
    audience TEXT NOT NULL DEFAULT ',',
    topics TEXT NOT NULL DEFAULT ',',
    language TEXT NOT NULL DEFAULT 'en',
    ce_hours_x100 BIGINT NOT NULL DEFAULT 0,
    ask_access BIGINT NOT NULL DEFAULT 1,
    ask_interpreter BIGINT NOT NULL DEFAULT 1,
    ask_dietary BIGINT NOT NULL DEFAULT 0,
    -- JSON array of {id, label, required}
    custom_questions TEXT NOT NULL DEFAULT '[]',
    published BIGINT NOT NULL DEFAULT 0,
    cancelled_at BIGINT,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE event_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL
);
CREATE INDEX event_sessions_event ON event_sessions(event_id, starts_at);
CREATE INDEX event_sessions_start ON event_sessions(starts_at);

CREATE TABLE event_facilitators (
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);

-- One row per person per event: cancelling and registering again reuses it, so nobody
-- can hold two places.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- confirmed, waitlisted or cancelled
    status TEXT NOT NULL,
    -- Order on the waitlist (arrival order, changed only by staff); NULL otherwise.
    waitlist_seq BIGINT,
    -- JSON object of answers to the registration questions.
    answers TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    cancelled_at BIGINT,
    promoted_at BIGINT,
    -- When the week-before and day-before reminders and the evaluation request were queued,
    -- so each goes out once however many servers sweep for them.
    reminded_week_at BIGINT,
    reminded_day_at BIGINT,
    evaluation_sent_at BIGINT,
    UNIQUE (event_id, user_id)
);
CREATE INDEX registrations_event ON registrations(event_id, status, waitlist_seq);
CREATE INDEX registrations_user ON registrations(user_id);

CREATE TABLE attendance (
    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    present BIGINT NOT NULL,
    marked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, session_id)
);

CREATE TABLE event_evaluations (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
    relevance BIGINT NOT NULL,
    clarity BIGINT NOT NULL,
    usefulness BIGINT NOT NULL,
    facilitation BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- The secret address of a person's calendar feed of their trainings.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Answers to API requests sent with an Idempotency-Key, replayed for a retry.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
