-- Policy reviews an organization chose to keep, to reopen and compare with later versions.
CREATE TABLE policy_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    findings BIGINT NOT NULL,
    red_lines BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX policy_reviews_org ON policy_reviews(org_id, created_at);
