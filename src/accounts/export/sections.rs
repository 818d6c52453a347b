//! The shape of the export: which file holds which section, and the fields of each.
//!
//! The queries read columns by these field names and the README describes these fields,
//! so the archive and its explanation cannot drift apart. Each field's description is the
//! Fluent message `export-<file>-<section>-<field>`, each section's `export-<file>-<section>`.

use serde_json::{Map, Value};
use sqlx::{any::AnyRow, Row};

/// How a stored value becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    /// Unix seconds in the database, RFC 3339 UTC in the export.
    Time,
    /// 0/1 in the database.
    Bool,
    /// Hundredths of an hour in the database, a decimal number of hours in the export.
    Hours,
    /// Codes wrapped in commas (",shelter,legal,"), a list in the export.
    Codes,
    /// Filled in by the code that builds the section (nested lists, parsed answers).
    Set,
}

pub struct Section {
    pub file: &'static str,
    pub name: &'static str,
    pub fields: &'static [(&'static str, Kind)],
}

use Kind::*;

/// Every section of every file, in the order the README lists them.
pub const SECTIONS: &[Section] = &[
    Section {
        file: "account",
        name: "export",
        fields: &[("exported_at", Time), ("institute", Text), ("address", Set)],
    },
    Section {
        file: "account",
        name: "account",
        fields: &[
            ("id", Int),
            ("name", Text),
            ("email", Text),
            ("role", Text),
            ("active", Bool),
            ("locale", Text),
            ("email_verified_at", Time),
            ("second_factor_since", Time),
            ("created_at", Time),
            ("updated_at", Time),
        ],
    },
    Section {
        file: "account",
        name: "sessions",
        fields: &[
            ("started_at", Time),
            ("last_seen_at", Time),
            ("ip", Text),
            ("browser", Text),
            ("second_factor_pending", Bool),
        ],
    },
    Section {
        file: "account",
        name: "api_tokens",
        fields: &[("name", Text), ("created_at", Time), ("last_used_at", Time)],
    },
    Section {
        file: "account",
        name: "email_links",
        fields: &[
            ("purpose", Text),
            ("new_email", Text),
            ("created_at", Time),
            ("expires_at", Time),
            ("used_at", Time),
        ],
    },
    Section {
        file: "organizations",
        name: "memberships",
        fields: &[
            ("organization_id", Int),
            ("organization", Text),
            ("state", Text),
            ("role", Text),
            ("joined_at", Time),
        ],
    },
    Section {
        file: "organizations",
        name: "created",
        fields: &[
            ("organization_id", Int),
            ("organization", Text),
            ("created_at", Time),
        ],
    },
    Section {
        file: "organizations",
        name: "invitations_to_you",
        fields: &[
            ("organization", Text),
            ("email", Text),
            ("role", Text),
            ("invited_at", Time),
            ("expires_at", Time),
            ("accepted_at", Time),
            ("accepted_by_you", Bool),
            ("revoked_at", Time),
        ],
    },
    Section {
        file: "organizations",
        name: "invitations_you_sent",
        fields: &[
            ("organization", Text),
            ("role", Text),
            ("invited_at", Time),
            ("expires_at", Time),
            ("accepted_at", Time),
            ("revoked_at", Time),
        ],
    },
    Section {
        file: "trainings",
        name: "registrations",
        fields: &[
            ("training", Text),
            ("address", Set),
            ("status", Text),
            ("waitlist_position", Int),
            ("answers", Set),
            ("registered_at", Time),
            ("updated_at", Time),
            ("confirmed_at", Time),
            ("cancelled_at", Time),
            ("moved_from_waitlist_at", Time),
            ("week_reminder_at", Time),
            ("day_reminder_at", Time),
            ("evaluation_request_at", Time),
            ("attendance", Set),
            ("evaluation", Set),
        ],
    },
    Section {
        file: "trainings",
        name: "answers",
        fields: &[("question", Text), ("answer", Text)],
    },
    Section {
        file: "trainings",
        name: "attendance",
        fields: &[
            ("session", Text),
            ("starts_at", Time),
            ("ends_at", Time),
            ("present", Bool),
            ("marked_at", Time),
        ],
    },
    Section {
        file: "trainings",
        name: "evaluation",
        fields: &[
            ("relevance", Int),
            ("clarity", Int),
            ("usefulness", Int),
            ("facilitation", Int),
            ("comment", Text),
            ("submitted_at", Time),
        ],
    },
    Section {
        file: "trainings",
        name: "facilitating",
        fields: &[("training", Text), ("address", Set)],
    },
    Section {
        file: "trainings",
        name: "calendar_feed",
        fields: &[("created_at", Time)],
    },
    Section {
        file: "facilitator",
        name: "profile",
        fields: &[
            ("bio", Text),
            ("expertise", Codes),
            ("languages", Text),
            ("region", Text),
            ("updated_at", Time),
        ],
    },
    Section {
        file: "courses",
        name: "enrollments",
        fields: &[
            ("course", Text),
            ("address", Set),
            ("enrolled_at", Time),
            ("last_active_at", Time),
            ("completed_at", Time),
            ("last_lesson", Text),
            ("lessons_viewed", Set),
            ("knowledge_checks", Set),
            ("tests", Set),
            ("evaluation", Set),
        ],
    },
    Section {
        file: "courses",
        name: "lessons_viewed",
        fields: &[("lesson", Text), ("viewed_at", Time)],
    },
    Section {
        file: "courses",
        name: "knowledge_checks",
        fields: &[
            ("lesson", Text),
            ("question", Text),
            ("chosen", Set),
            ("correct", Bool),
            ("answered_at", Time),
        ],
    },
    Section {
        file: "courses",
        name: "tests",
        fields: &[
            ("test", Text),
            ("attempt", Int),
            ("started_at", Time),
            ("submitted_at", Time),
            ("score", Int),
            ("passed", Bool),
            ("answers", Set),
        ],
    },
    Section {
        file: "courses",
        name: "answers",
        fields: &[
            ("question", Text),
            ("chosen", Set),
            ("correct", Bool),
            ("answered_at", Time),
        ],
    },
    Section {
        file: "courses",
        name: "evaluation",
        fields: &[
            ("relevance", Int),
            ("clarity", Int),
            ("usefulness", Int),
            ("comment", Text),
            ("submitted_at", Time),
        ],
    },
    Section {
        file: "certificates",
        name: "certificates",
        fields: &[
            ("code", Text),
            ("kind", Text),
            ("title", Text),
            ("recipient", Text),
            ("completed_on", Text),
            ("hours", Hours),
            ("ce_hours", Hours),
            ("issuer", Text),
            ("issued_at", Time),
            ("revoked_at", Time),
            ("revoke_reason", Text),
            ("check_address", Set),
        ],
    },
    Section {
        file: "reviews",
        name: "saved_reviews",
        fields: &[
            ("organization", Text),
            ("title", Text),
            ("findings", Int),
            ("red_line_findings", Int),
            ("saved_at", Time),
            ("text", Text),
        ],
    },
    Section {
        file: "authored",
        name: "courses",
        fields: &[("title", Text), ("address", Set), ("created_at", Time)],
    },
    Section {
        file: "authored",
        name: "trainings",
        fields: &[("title", Text), ("address", Set), ("created_at", Time)],
    },
    Section {
        file: "authored",
        name: "resources",
        fields: &[("title", Text), ("address", Set), ("created_at", Time)],
    },
    Section {
        file: "authored",
        name: "resource_files",
        fields: &[
            ("resource", Text),
            ("file_name", Text),
            ("version", Int),
            ("uploaded_at", Time),
        ],
    },
    Section {
        file: "audit",
        name: "entries",
        fields: &[
            ("at", Time),
            ("done_by", Set),
            ("action", Text),
            ("target", Text),
            ("ip", Text),
            ("detail", Text),
        ],
    },
];

/// The files in the order the README lists them.
pub const FILES: &[&str] = &[
    "account",
    "organizations",
    "trainings",
    "facilitator",
    "courses",
    "certificates",
    "reviews",
    "authored",
    "audit",
];

pub fn section(file: &str, name: &str) -> &'static Section {
    SECTIONS
        .iter()
        .find(|s| s.file == file && s.name == name)
        .unwrap_or_else(|| panic!("export section {file}/{name} is not declared"))
}

/// Unix seconds as an RFC 3339 UTC string; null stays null.
pub fn time(secs: Option<i64>) -> Value {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| Value::String(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
        .unwrap_or(Value::Null)
}

/// One row as a JSON object, reading each declared field from the column of that name.
/// Fields of kind `Set` are left for the caller.
pub fn row(r: &AnyRow, s: &Section) -> sqlx::Result<Map<String, Value>> {
    let mut m = Map::new();
    for &(name, kind) in s.fields {
        let v = match kind {
            Int => r
                .try_get::<Option<i64>, _>(name)?
                .map(Value::from)
                .unwrap_or(Value::Null),
            Text => r
                .try_get::<Option<String>, _>(name)?
                .map(Value::String)
                .unwrap_or(Value::Null),
            Time => time(r.try_get::<Option<i64>, _>(name)?),
            Bool => r
                .try_get::<Option<i64>, _>(name)?
                .map(|b| Value::Bool(b != 0))
                .unwrap_or(Value::Null),
            Hours => r
                .try_get::<Option<i64>, _>(name)?
                .and_then(|h| serde_json::Number::from_f64(h as f64 / 100.0))
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Codes => Value::Array(
                r.try_get::<Option<String>, _>(name)?
                    .unwrap_or_default()
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(|c| Value::String(c.to_string()))
                    .collect(),
            ),
            Set => continue,
        };
        m.insert(name.to_string(), v);
    }
    Ok(m)
}

pub fn rows(rs: &[AnyRow], s: &Section) -> sqlx::Result<Vec<Map<String, Value>>> {
    rs.iter().map(|r| row(r, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(time(Some(0)), Value::String("1970-01-01T00:00:00Z".into()));
        assert_eq!(
            time(Some(1_767_225_600)),
            Value::String("2026-01-01T00:00:00Z".into())
        );
        assert_eq!(time(None), Value::Null);
    }

    #[test]
    fn every_section_belongs_to_a_listed_file_and_fields_are_unique() {
        for s in SECTIONS {
            assert!(FILES.contains(&s.file), "{} is not a listed file", s.file);
            let mut names: Vec<_> = s.fields.iter().map(|f| f.0).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                s.fields.len(),
                "duplicate field in {}/{}",
                s.file,
                s.name
            );
        }
    }
}
