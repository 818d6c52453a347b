//! The result of a review: findings and a summary.
//!
//! Findings are kept most serious first (red lines before concerns, then in
//! document order), because that is how a reader should meet them;
//! [`Report::in_document_order`] gives them back in reading order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::language::Language;

use crate::rules::Severity;

/// One sentence (or list item) that makes help conditional or controlling,
/// for one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Taxonomy id, e.g. `phone_device_control`.
    pub category: String,
    /// Plain-language title of the category.
    pub title: String,
    /// `red_line` or `concern`.
    pub severity: Severity,
    /// 1-based line where the sentence starts.
    pub line: usize,
    /// Byte offset of the sentence in the whole document.
    pub start: usize,
    /// Byte offset one past the end of the sentence.
    pub end: usize,
    /// Exactly `&document[start..end]`.
    pub text: String,
    /// Why this harms survivors.
    pub explanation: String,
    /// Voluntary wording to use instead.
    pub alternative: String,
    /// Standards it goes against, as "CODE: note".
    pub standards: Vec<String>,
    /// Position in document order; within one sentence the main issue
    /// comes first.
    #[serde(skip)]
    pub(crate) order: usize,
}

/// Counts and an overall reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of findings (a sentence can carry more than one category).
    pub findings: usize,
    /// Number of distinct sentences or items flagged.
    pub flagged_clauses: usize,
    /// Flagged sentences that carry at least one red line.
    pub red_line_clauses: usize,
    /// Sentences and items reviewed.
    pub segments_reviewed: usize,
    /// Findings per category id.
    pub by_category: BTreeMap<String, usize>,
    /// Findings per severity (`red_line`, `concern`).
    pub by_severity: BTreeMap<String, usize>,
    /// One sentence a person can read first.
    pub reading: String,
}

/// A reviewed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Most serious first, then in document order.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The document's language; when the rules do not cover it nothing was reviewed, and
    /// an empty `findings` is not an all-clear.
    pub language: Language,
}

impl Report {
    /// Build a report from findings in document order.
    pub(crate) fn from_findings(mut findings: Vec<Finding>, segments_reviewed: usize) -> Report {
        for (i, f) in findings.iter_mut().enumerate() {
            f.order = i;
        }
        // Stable: document order within each severity.
        findings.sort_by_key(|f| (f.severity, f.order));
        let mut by_category = BTreeMap::new();
        let mut by_severity = BTreeMap::new();
        let mut spans: BTreeMap<(usize, usize), bool> = BTreeMap::new();
        for f in &findings {
            // get_mut first: no String allocation per finding.
            match by_category.get_mut(&f.category) {
                Some(n) => *n += 1,
                None => {
                    by_category.insert(f.category.clone(), 1);
                }
            }
            match by_severity.get_mut(f.severity.as_str()) {
                Some(n) => *n += 1,
                None => {
                    by_severity.insert(f.severity.as_str().to_string(), 1);
                }
            }
            let red = spans.entry((f.start, f.end)).or_insert(false);
            *red |= f.severity == Severity::RedLine;
        }
        let flagged = spans.len();
        let red = spans.values().filter(|r| **r).count();
        let summary = Summary {
            findings: findings.len(),
            flagged_clauses: flagged,
            red_line_clauses: red,
            segments_reviewed,
            by_category,
            by_severity,
            reading: reading(flagged, red, segments_reviewed),
        };
        Report {
            findings,
            summary,
            language: Language::unknown(),
        }
    }

    /// Findings in the order they appear in the document.
    pub fn in_document_order(&self) -> Vec<&Finding> {
        let mut v: Vec<&Finding> = self.findings.iter().collect();
        v.sort_by_key(|f| f.order);
        v
    }

    /// The main issue of each flagged sentence, in document order (one
    /// finding per sentence: the most specific category found there).
    pub fn main_findings(&self) -> Vec<&Finding> {
        let mut out: Vec<&Finding> = Vec::new();
        for f in self.in_document_order() {
            if out
                .last()
                .is_none_or(|l| (l.start, l.end) != (f.start, f.end))
            {
                out.push(f);
            }
        }
        out
    }

    /// True when the document was reviewed and nothing was flagged.
    pub fn is_clear(&self) -> bool {
        self.findings.is_empty() && self.language.covered
    }

    /// True when the document was not reviewed because the rules do not cover its language.
    pub fn not_reviewed(&self) -> bool {
        !self.language.covered
    }

    /// For a document reviewed in part: how much of it the rules could not read.
    pub fn language_note(&self) -> Option<String> {
        (self.language.covered && self.language.uncovered_percent >= 10).then(|| {
            format!(
                "About {}% of this document is in a language the rules do not read yet; that part was not reviewed.",
                self.language.uncovered_percent
            )
        })
    }

    /// The report for a document in a language the rules do not cover: no findings, and a
    /// reading that says why instead of an all-clear.
    pub(crate) fn unsupported_language(language: Language) -> Report {
        let name = language
            .name
            .clone()
            .unwrap_or_else(|| "another language".into());
        let mut r = Report::from_findings(Vec::new(), 0);
        r.summary.reading = format!(
            "This document appears to be in {name}. The review's rules read English only so far, so it was not reviewed: finding nothing here does not mean nothing is there."
        );
        r.language = language;
        r
    }
}

fn reading(flagged: usize, red: usize, reviewed: usize) -> String {
    if flagged == 0 {
        if reviewed == 0 {
            return "There was no text to review.".to_string();
        }
        return "No wording was found that makes help conditional or controlling. \
                Thank you for putting survivors' choice first; reviewing the rules with \
                residents is still the best test."
            .to_string();
    }
    let clauses = if flagged == 1 {
        "1 clause makes help conditional or controlling".to_string()
    } else {
        format!("{flagged} clauses make help conditional or controlling")
    };
    let reds = match (flagged, red) {
        (_, 0) => "none is a red line".to_string(),
        (1, 1) => "it is a red line".to_string(),
        (_, 1) => "1 is a red line".to_string(),
        (f, r) if f == r => format!("all {r} are red lines"),
        (_, r) => format!("{r} are red lines"),
    };
    format!("{clauses}; {reds}.")
}

#[cfg(test)]
mod tests {
    use super::reading;

    #[test]
    fn reading_sentences() {
        assert_eq!(
            reading(7, 2, 50),
            "7 clauses make help conditional or controlling; 2 are red lines."
        );
        assert_eq!(
            reading(1, 1, 5),
            "1 clause makes help conditional or controlling; it is a red line."
        );
        assert_eq!(
            reading(3, 0, 5),
            "3 clauses make help conditional or controlling; none is a red line."
        );
        assert!(reading(0, 0, 5).starts_with("No wording"));
    }
}
