//! A course as a whole, independent of where it is kept: read from a folder of files,
//! written back to one, and saved to or loaded from the database. Import, export and the
//! round-trip test all compare these values.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseSpec {
    /// Stable identifier used in addresses and to match a re-imported course.
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// What a learner will be able to do afterwards, one sentence each.
    pub objectives: Vec<String>,
    /// Codes from `topics::AUDIENCES`.
    pub audience: Vec<String>,
    /// Codes from `topics::TOPICS`.
    pub topics: Vec<String>,
    /// A code from `topics::LANGUAGES`.
    pub language: String,
    /// Estimated learning time, in hundredths of an hour (150 = 1.5 hours).
    pub hours_x100: i64,
    /// Continuing-education hours awarded, in hundredths of an hour; 0 when none.
    pub ce_hours_x100: i64,
    /// Percentage needed on the post-test, 1–100.
    pub passing_score: i64,
    /// Post-test attempts allowed; 0 means unlimited.
    pub max_attempts: i64,
    pub published: bool,
    pub modules: Vec<ModuleSpec>,
    pub pretest: Vec<QuestionSpec>,
    pub posttest: Vec<QuestionSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleSpec {
    pub title: String,
    pub lessons: Vec<LessonSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonSpec {
    /// Unique within the course; the file name without `.md` when kept as files.
    pub slug: String,
    pub title: String,
    /// Markdown, without the title heading, resources or checks.
    pub body: String,
    pub resources: Vec<ResourceLink>,
    /// Knowledge checks shown after the lesson text.
    pub checks: Vec<QuestionSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceLink {
    pub title: String,
    /// An https:// address or a site path starting with "/".
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionSpec {
    /// One line of plain text.
    pub prompt: String,
    /// "Select all that apply" when true; exactly one correct choice when false.
    pub multiple: bool,
    /// Knowledge checks only: must be answered to complete the course. Test questions are
    /// always required.
    pub required: bool,
    pub choices: Vec<ChoiceSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceSpec {
    pub text: String,
    pub correct: bool,
    /// Shown after the learner answers with this choice; may be empty.
    pub feedback: String,
}

/// Limits shared by the form, the importer and the API.
pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 1000;
pub const MAX_BODY: usize = 100_000;
pub const MAX_CHOICES: usize = 8;
pub const MAX_PROMPT: usize = 500;

/// Formats hundredths of an hour as the files and forms write them: "2", "1.5", "0.75".
pub fn hours_text(x100: i64) -> String {
    let whole = x100 / 100;
    let frac = x100 % 100;
    if frac == 0 {
        whole.to_string()
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// Parses "1.5" or "2" into hundredths of an hour; at most two decimals, 0–1000 hours.
pub fn parse_hours(s: &str) -> Option<i64> {
    let s = s.trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    let v = w.checked_mul(100)?.checked_add(f)?;
    (v <= 100_000).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_trip() {
        for (t, v) in [
            ("2", 200),
            ("1.5", 150),
            ("0.75", 75),
            ("0.05", 5),
            ("10", 1000),
        ] {
            assert_eq!(parse_hours(t), Some(v), "{t}");
            assert_eq!(hours_text(v), t);
        }
        for bad in ["", "-1", "1.234", "abc", "1,5", ".5", "100001"] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
    }
}
