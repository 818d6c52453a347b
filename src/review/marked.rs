//! The reviewed document as pieces of plain and highlighted text, and the findings grouped
//! by the clause they are about, numbered in reading order, for the results page.

use std::collections::HashMap;

use tta_review::{Report, Severity};

pub enum Piece {
    Plain(String),
    Mark { n: usize, text: String, red: bool },
}

impl Piece {
    pub fn plain(&self) -> Option<&str> {
        match self {
            Piece::Plain(t) => Some(t),
            _ => None,
        }
    }
}

pub struct Issue {
    pub title: String,
    pub category: String,
    pub red: bool,
    pub explanation: String,
    pub alternative: String,
    pub standards: Vec<String>,
}

/// One flagged clause with everything found in it.
pub struct Clause {
    pub n: usize,
    pub line: usize,
    pub text: String,
    pub red: bool,
    pub issues: Vec<Issue>,
}

pub struct Marked {
    pub pieces: Vec<Piece>,
    pub clauses: Vec<Clause>,
}

/// Linear in the findings and the text (plus sorting the clauses by position): each
/// finding finds its clause through a map, not by a scan of the clauses before it, since
/// a long document can have tens of thousands of flagged clauses.
pub fn build(text: &str, report: &Report) -> Marked {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut clause_of: HashMap<(usize, usize), usize> = HashMap::new();
    for f in report.in_document_order() {
        let red = f.severity == Severity::RedLine;
        let issue = Issue {
            title: f.title.clone(),
            category: f.category.clone(),
            red,
            explanation: f.explanation.clone(),
            alternative: f.alternative.clone(),
            standards: f.standards.clone(),
        };
        match clause_of.get(&(f.start, f.end)) {
            Some(&i) => {
                clauses[i].red |= red;
                clauses[i].issues.push(issue);
            }
            None => {
                clause_of.insert((f.start, f.end), spans.len());
                spans.push((f.start, f.end));
                clauses.push(Clause {
                    n: clauses.len() + 1,
                    line: f.line,
                    text: f.text.clone(),
                    red,
                    issues: vec![issue],
                });
            }
        }
    }
    // Pieces in document order; a span that overlaps an earlier one is not marked again.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i].0);
    let mut pieces = Vec::new();
    let mut pos = 0;
    for i in order {
        let (start, end) = spans[i];
        if start < pos
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if start > pos {
            pieces.push(Piece::Plain(text[pos..start].to_string()));
        }
        pieces.push(Piece::Mark {
            n: clauses[i].n,
            text: text[start..end].to_string(),
            red: clauses[i].red,
        });
        pos = end;
    }
    if pos < text.len() {
        pieces.push(Piece::Plain(text[pos..].to_string()));
    }
    Marked { pieces, clauses }
}
