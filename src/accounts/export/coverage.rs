//! Every column in tta's schema that refers to a person, and what the export and account
//! deletion do with it. A test walks the live schema of both databases and fails when a
//! column that refers to a person is missing here, so a new table cannot quietly stay out
//! of "download my data".
//!
//! "Refers to a person" means: a foreign key to `users`; a column named `user_id`,
//! `actor_id`, `*_user_id` or `*_by`; a column named `email`, `new_email` or `recipient`;
//! a foreign key to a table whose rows die with a person's account (enrollments,
//! registrations, test attempts …); and every column of `users` itself.

/// What the export does with a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Exported, in this file (without `.json`).
    In(&'static str),
    /// Deliberately left out; the reason is the README message `export-left-<this>`.
    Left(&'static str),
    /// Matches the name pattern but does not refer to a person.
    NotAPerson(&'static str),
}

/// What deleting the account does with the row or value. For foreign keys the test checks
/// that the schema's ON DELETE rule says the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deletion {
    /// The row is deleted with the account (ON DELETE CASCADE, or deleted by tta).
    Removed,
    /// The row stays and the link to the person is cleared (ON DELETE SET NULL).
    Unlinked,
    /// Stays as it is, for the reason in the README.
    Kept,
    /// Not about a person.
    NotApplicable,
}

use Deletion::*;
use Export::*;

/// (table, column, export, deletion)
pub const COLUMNS: &[(&str, &str, Export, Deletion)] = &[
    // The account itself
    ("users", "id", In("account"), Removed),
    ("users", "email", In("account"), Removed),
    ("users", "name", In("account"), Removed),
    ("users", "role", In("account"), Removed),
    ("users", "active", In("account"), Removed),
    ("users", "locale", In("account"), Removed),
    ("users", "email_verified_at", In("account"), Removed),
    ("users", "totp_enabled_at", In("account"), Removed),
    ("users", "created_at", In("account"), Removed),
    ("users", "updated_at", In("account"), Removed),
    ("users", "password_hash", Left("secrets"), Removed),
    ("users", "totp_secret", Left("secrets"), Removed),
    ("users", "totp_pending_secret", Left("secrets"), Removed),
    ("users", "totp_last_step", Left("totp-step"), Removed),
    // Signing in
    ("sessions", "user_id", In("account"), Removed),
    ("api_tokens", "user_id", In("account"), Removed),
    ("email_tokens", "user_id", In("account"), Removed),
    ("email_tokens", "new_email", In("account"), Removed),
    ("idempotency_keys", "user_id", Left("api-replays"), Removed),
    ("calendar_feeds", "user_id", In("trainings"), Removed),
    // Organizations
    ("memberships", "user_id", In("organizations"), Removed),
    ("organizations", "created_by", In("organizations"), Unlinked),
    ("invitations", "email", In("organizations"), Removed),
    ("invitations", "accepted_by", In("organizations"), Unlinked),
    ("invitations", "invited_by", In("organizations"), Unlinked),
    ("policy_reviews", "created_by", In("reviews"), Unlinked),
    // Online courses
    ("enrollments", "user_id", In("courses"), Removed),
    ("lesson_views", "enrollment_id", In("courses"), Removed),
    ("check_answers", "enrollment_id", In("courses"), Removed),
    ("test_attempts", "enrollment_id", In("courses"), Removed),
    ("attempt_answers", "attempt_id", In("courses"), Removed),
    (
        "course_evaluations",
        "enrollment_id",
        In("courses"),
        Removed,
    ),
    ("certificates", "user_id", In("certificates"), Unlinked),
    ("certificates", "recipient", In("certificates"), Kept),
    ("certificates", "revoked_by", Left("revoked-by"), Unlinked),
    ("courses", "created_by", In("authored"), Unlinked),
    // Live trainings
    ("registrations", "user_id", In("trainings"), Removed),
    ("attendance", "registration_id", In("trainings"), Removed),
    (
        "event_evaluations",
        "registration_id",
        In("trainings"),
        Removed,
    ),
    ("attendance", "marked_by", Left("marked-by"), Unlinked),
    ("event_facilitators", "user_id", In("trainings"), Removed),
    (
        "facilitator_profiles",
        "user_id",
        In("facilitator"),
        Removed,
    ),
    ("events", "created_by", In("authored"), Unlinked),
    // Library
    ("resources", "created_by", In("authored"), Unlinked),
    ("resource_files", "uploaded_by", In("authored"), Unlinked),
    // Audit log
    ("audit_log", "actor_id", In("audit"), Kept),
    // Not people
    (
        "jobs",
        "locked_by",
        NotAPerson("the name of the tta server working on a background job"),
        NotApplicable,
    ),
];

/// Secrets kept beside a person's rows, which the archive never contains (the README's
/// `export-left-secrets` explains them). (table, column)
pub const SECRETS_BESIDE: &[(&str, &str)] = &[
    ("sessions", "id_hash"),
    ("api_tokens", "token_hash"),
    ("email_tokens", "token_hash"),
    ("invitations", "token_hash"),
    ("calendar_feeds", "token"),
];

pub fn lookup(
    table: &str,
    column: &str,
) -> Option<&'static (&'static str, &'static str, Export, Deletion)> {
    COLUMNS.iter().find(|c| c.0 == table && c.1 == column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_column_names_a_file_of_the_archive() {
        for (t, c, e, _) in COLUMNS {
            if let In(file) = e {
                assert!(
                    super::super::sections::FILES.contains(file),
                    "{t}.{c} goes to unknown file {file}"
                );
            }
        }
    }
}
