//! Reports for people and programs: plain text for a terminal, Markdown to
//! share, and JSON.
//!
//! The wording is addressed to the program staff who wrote the rules: it
//! names the rule, says why it can hurt, and offers a voluntary alternative,
//! without blaming anyone.

use std::fmt::Write as _;

use serde::Serialize;

use crate::report::{Finding, Report, Summary};
use crate::rules::Severity;

const WIDTH: usize = 78;

/// A readable report with line numbers, for a terminal.
pub fn to_text(report: &Report, name: &str) -> String {
    let mut out = String::new();
    let title = format!("Policy review: {name}");
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count().min(WIDTH)));
    wrap_into(&mut out, &report.summary.reading, "", WIDTH);
    if let Some(note) = report.language_note() {
        wrap_into(&mut out, &note, "", WIDTH);
    }
    let _ = writeln!(
        out,
        "Reviewed {} sentences and list items.",
        report.summary.segments_reviewed
    );
    if report.findings.is_empty() {
        return out;
    }
    out.push('\n');
    let _ = writeln!(out, "By category:");
    for (title, sev, n) in category_rows(report) {
        let _ = writeln!(out, "  {n:>3}  {title} ({})", sev.label().to_lowercase());
    }
    for (sev, heading) in [
        (Severity::RedLine, "RED LINES"),
        (Severity::Concern, "CONCERNS"),
    ] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push('\n');
        let _ = writeln!(out, "{heading}");
        let _ = writeln!(out, "{}", "-".repeat(heading.len()));
        for f in group {
            out.push('\n');
            let _ = writeln!(out, "line {:<5} {}  [{}]", f.line, f.title, f.category);
            wrap_into(
                &mut out,
                &format!("\"{}\"", one_line(&f.text)),
                "    ",
                WIDTH,
            );
            wrap_into(
                &mut out,
                &format!("Why it matters: {}", f.explanation),
                "    ",
                WIDTH,
            );
            wrap_into(
                &mut out,
                &format!("Try instead: {}", f.alternative),
                "    ",
                WIDTH,
            );
            wrap_into(
                &mut out,
                &format!("Goes against: {}", f.standards.join("; ")),
                "    ",
                WIDTH,
            );
        }
    }
    out
}

/// A Markdown report to share with a team or board.
pub fn to_markdown(report: &Report, name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Policy review: {}\n", md_inline(name));
    let _ = writeln!(out, "**{}**\n", md_inline(&report.summary.reading));
    if let Some(note) = report.language_note() {
        let _ = writeln!(out, "{}\n", md_inline(&note));
    }
    let _ = writeln!(
        out,
        "Reviewed {} sentences and list items. Each finding below quotes the rule, explains why it can \
         harm survivors, and suggests voluntary wording.\n",
        report.summary.segments_reviewed
    );
    if report.findings.is_empty() {
        return out;
    }
    let _ = writeln!(out, "| Category | Severity | Findings |");
    let _ = writeln!(out, "|---|---|---|");
    for (title, sev, n) in category_rows(report) {
        let _ = writeln!(out, "| {} | {} | {} |", md_cell(&title), sev.label(), n);
    }
    out.push('\n');
    for (sev, heading) in [
        (Severity::RedLine, "Red lines"),
        (Severity::Concern, "Concerns"),
    ] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for f in group {
            let _ = writeln!(out, "### Line {}: {}\n", f.line, md_inline(&f.title));
            let _ = writeln!(out, "> {}\n", md_inline(&one_line(&f.text)));
            let _ = writeln!(out, "**Why it matters.** {}\n", md_inline(&f.explanation));
            let _ = writeln!(out, "**Try instead.** {}\n", md_inline(&f.alternative));
            let _ = writeln!(
                out,
                "*Goes against:* {}\n",
                md_inline(&f.standards.join("; "))
            );
        }
    }
    out
}

/// The JSON shape of one reviewed document.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    pub document: &'a str,
    /// False when the document's language is not one the rules read: then nothing was
    /// reviewed and the empty `findings` means nothing.
    pub reviewed: bool,
    pub language: &'a crate::Language,
    pub summary: &'a Summary,
    pub findings: Vec<JsonFinding<'a>>,
}

/// The JSON shape of one finding.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub category: &'a str,
    pub title: &'a str,
    pub severity: Severity,
    pub text: &'a str,
    pub explanation: &'a str,
    pub alternative: &'a str,
    pub standards: &'a [String],
}

/// The report as a serialisable value:
/// `{ "document", "summary", "findings": [...] }`.
pub fn to_json_value<'a>(report: &'a Report, name: &'a str) -> JsonDocument<'a> {
    JsonDocument {
        document: name,
        reviewed: !report.not_reviewed(),
        language: &report.language,
        summary: &report.summary,
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                line: f.line,
                start: f.start,
                end: f.end,
                category: &f.category,
                title: &f.title,
                severity: f.severity,
                text: &f.text,
                explanation: &f.explanation,
                alternative: &f.alternative,
                standards: &f.standards,
            })
            .collect(),
    }
}

/// The report as pretty-printed JSON.
pub fn to_json(report: &Report, name: &str) -> String {
    serde_json::to_string_pretty(&to_json_value(report, name)).expect("report serialises")
}

/// (title, severity, count) per category, most serious and most frequent first.
fn category_rows(report: &Report) -> Vec<(String, Severity, usize)> {
    let mut rows: Vec<(String, Severity, usize)> = Vec::new();
    for f in &report.findings {
        match rows.iter_mut().find(|r| r.0 == f.title) {
            Some(r) => r.2 += 1,
            None => rows.push((f.title.clone(), f.severity, 1)),
        }
    }
    rows.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    rows
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Word-wrap `text` to `width`, indenting every line. Linear in `text`: the
/// line's length is counted as words are added, never recounted.
fn wrap_into(out: &mut String, text: &str, indent: &str, width: usize) {
    let mut line = String::new();
    let mut line_chars = 0usize;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        let would = indent.len() + line_chars + 1 + word_chars;
        if !line.is_empty() && would > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
            line_chars = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_chars += 1;
        }
        line.push_str(word);
        line_chars += word_chars;
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// Escape characters that would change Markdown inline formatting.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_cell(s: &str) -> String {
    md_inline(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review;

    #[test]
    fn renders_all_three() {
        let r = review("# Rules\n\n- Phones are held by staff.\n- Chores are assigned daily.\n");
        let t = to_text(&r, "rules.md");
        assert!(t.contains("line 3"), "{t}");
        assert!(t.contains("RED LINES"));
        assert!(t.contains("Try instead"));
        let m = to_markdown(&r, "rules.md");
        assert!(m.contains("## Red lines"));
        assert!(m.contains("| Category | Severity | Findings |"));
        let j: serde_json::Value = serde_json::from_str(&to_json(&r, "rules.md")).unwrap();
        assert_eq!(j["document"], "rules.md");
        assert_eq!(j["findings"][0]["category"], "phone_device_control");
        assert_eq!(j["findings"][0]["severity"], "red_line");
        assert_eq!(j["findings"][0]["line"], 3);
        assert!(j["summary"]["by_category"].is_object());
    }

    #[test]
    fn clear_report_is_kind() {
        let r = review("You are welcome to join any group you like.");
        assert!(to_text(&r, "x").contains("No wording"));
    }
}
