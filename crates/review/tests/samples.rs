//! The sample handbooks: the coercive one shows most of the taxonomy, its
//! voluntary rewrite shows none of it.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn sample(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn house_rules_sample_covers_many_categories() {
    let text = sample("house-rules.md");
    let report = tta_review::review(&text);
    let cats: BTreeSet<&str> = report
        .findings
        .iter()
        .map(|f| f.category.as_str())
        .collect();
    assert!(cats.len() >= 12, "only {} categories: {cats:?}", cats.len());
    assert!(report.summary.red_line_clauses > 0);
    // Plain house information is not flagged.
    for line in [
        "Quiet hours are from 10 p.m. to 7 a.m.",
        "Please label your food in the shared refrigerator.",
    ] {
        assert!(
            !report.findings.iter().any(|f| f.text.contains(line)),
            "flagged: {line}"
        );
    }
    for f in &report.findings {
        assert_eq!(&text[f.start..f.end], f.text);
    }
}

#[test]
fn voluntary_rewrite_has_no_findings() {
    let text = sample("voluntary-rules.md");
    let report = tta_review::review(&text);
    let flagged: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("line {}: {} [{}]", f.line, f.text, f.category))
        .collect();
    assert!(
        flagged.is_empty(),
        "voluntary sample flagged:\n{}",
        flagged.join("\n")
    );
    assert!(report.summary.reading.starts_with("No wording"));
}

#[test]
fn reports_render_for_samples() {
    let text = sample("house-rules.md");
    let report = tta_review::review(&text);
    let t = tta_review::to_text(&report, "house-rules.md");
    assert!(t.contains("RED LINES") && t.contains("CONCERNS"));
    let m = tta_review::to_markdown(&report, "house-rules.md");
    assert!(m.starts_with("# Policy review: house-rules.md"));
    let j: serde_json::Value =
        serde_json::from_str(&tta_review::to_json(&report, "house-rules.md")).unwrap();
    assert_eq!(j["document"], "house-rules.md");
    let first = &j["findings"][0];
    for key in [
        "line",
        "start",
        "end",
        "category",
        "severity",
        "text",
        "explanation",
        "alternative",
        "standards",
    ] {
        assert!(!first[key].is_null(), "missing {key}");
    }
    assert_eq!(
        j["summary"]["flagged_clauses"].as_u64().unwrap() as usize,
        report.summary.flagged_clauses
    );
}
