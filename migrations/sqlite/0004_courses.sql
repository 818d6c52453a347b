-- Online courses, learners' progress, evaluations, and the signed certificates that
-- courses (and later live trainings) award.

CREATE TABLE courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- JSON array of strings
    objectives TEXT NOT NULL DEFAULT '[]',
    -- Codes wrapped in commas (",shelter,legal,") so one LIKE finds a code on both databases.
    audience TEXT NOT NULL DEFAULT ',',
    topics TEXT NOT NULL DEFAULT ',',
    language TEXT NOT NULL DEFAULT 'en',
    hours_x100 BIGINT NOT NULL,
    ce_hours_x100 BIGINT NOT NULL DEFAULT 0,
    passing_score BIGINT NOT NULL DEFAULT 80,
    max_attempts BIGINT NOT NULL DEFAULT 0,
    published BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE course_modules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX course_modules_course ON course_modules(course_id, position);

CREATE TABLE lessons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    module_id BIGINT NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- JSON array of {title, url}
    resources TEXT NOT NULL DEFAULT '[]',
    UNIQUE (course_id, slug)
);
CREATE INDEX lessons_module ON lessons(module_id, position);

-- Knowledge checks (part 'check', with a lesson) and pre-/post-test questions.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    lesson_id BIGINT REFERENCES lessons(id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    position BIGINT NOT NULL,
    prompt TEXT NOT NULL,
    multiple BIGINT NOT NULL DEFAULT 0,
    required BIGINT NOT NULL DEFAULT 1,
    -- JSON array of {text, correct, feedback}; answers refer to choices by position.
    choices TEXT NOT NULL
);
CREATE INDEX questions_course ON questions(course_id, part, position);
CREATE INDEX questions_lesson ON questions(lesson_id, position);

CREATE TABLE enrollments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    enrolled_at BIGINT NOT NULL,
    last_lesson_id BIGINT REFERENCES lessons(id) ON DELETE SET NULL,
    last_active_at BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_course ON enrollments(course_id);

-- One row per lesson seen: inserting never overwrites, so two tabs cannot lose progress.
CREATE TABLE lesson_views (
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    lesson_id BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    viewed_at BIGINT NOT NULL,
    PRIMARY KEY (enrollment_id, lesson_id)
);

CREATE TABLE check_answers (
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    -- Chosen positions, comma-separated ("0,2").
    choices TEXT NOT NULL,
    correct BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (enrollment_id, question_id)
);

CREATE TABLE test_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    number BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    submitted_at BIGINT,
    -- Percent correct, set on submission.
    score BIGINT,
    passed BIGINT,
    UNIQUE (enrollment_id, part, number)
);

CREATE TABLE attempt_answers (
    attempt_id BIGINT NOT NULL REFERENCES test_attempts(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    choices TEXT NOT NULL,
    correct BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE course_evaluations (
    enrollment_id BIGINT PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
    relevance BIGINT NOT NULL,
    clarity BIGINT NOT NULL,
    usefulness BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- Certificates outlive the course and the account they were earned with: the recipient's
-- name and the title are copied in, and the signature covers those copies.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    title TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    hours_x100 BIGINT NOT NULL,
    ce_hours_x100 BIGINT NOT NULL,
    issuer TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    revoke_reason TEXT,
    UNIQUE (kind, source_id, user_id)
);
CREATE INDEX certificates_user ON certificates(user_id);
