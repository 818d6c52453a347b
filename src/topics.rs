//! The vocabularies courses, live trainings and resources share, so a learner filtering
//! by "housing" finds all three. Codes are stored; labels come from the message files
//! (`topic-<code>`, `audience-<code>`, `language-<code>`).

/// What a course, training or resource is about.
pub const TOPICS: &[&str] = &[
    "voluntary_services",
    "trauma_informed",
    "rights_based",
    "labor_trafficking",
    "sex_trafficking",
    "housing",
    "safety_planning",
    "harm_reduction",
    "legal_immigration",
    "survivor_leadership",
    "youth",
    "organizational_policy",
];

/// Who it is for: the kinds of program in the organization list.
pub use crate::orgs::model::KINDS as AUDIENCES;

/// Languages content is written in.
pub const LANGUAGES: &[&str] = &["en", "es"];

pub fn is_topic(s: &str) -> bool {
    TOPICS.contains(&s)
}

pub fn is_audience(s: &str) -> bool {
    AUDIENCES.contains(&s)
}

pub fn is_language(s: &str) -> bool {
    LANGUAGES.contains(&s)
}
