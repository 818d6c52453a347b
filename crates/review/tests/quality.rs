//! Quality of the policy review on labeled sentences.
//!
//! Two corpora are scored:
//! * `corpus/labeled.jsonl`, written for this project (original sentences);
//! * `../../../shared/policy-review/dev.jsonl`, the shared development set
//!   (real rules from public program documents), when it is present.
//!
//! A sentence counts as predicted coercive when the review returns at least
//! one finding for it. Category accuracy is measured over coercive sentences:
//! "top" takes the first finding (most serious first), "any" accepts the
//! label among all findings.
//!
//! Run with `cargo test --test quality -- --nocapture` to see the figures;
//! they are also written to stderr so they show up without it. The test
//! fails if precision or recall on either corpus falls below 0.90.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.90;

struct Row {
    text: String,
    coercive: bool,
    category: String,
}

fn load(path: &Path) -> Vec<Row> {
    let src = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            let label = v["label"].as_str().expect("label");
            assert!(
                label == "coercive" || label == "voluntary/neutral",
                "{}:{}: bad label {label}",
                path.display(),
                i + 1
            );
            Row {
                text: v["text"].as_str().expect("text").to_string(),
                coercive: label == "coercive",
                category: v["category"].as_str().expect("category").to_string(),
            }
        })
        .collect()
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    cat_top: usize,
    cat_any: usize,
    per_cat: BTreeMap<String, (usize, usize, usize)>, // (total, detected, top-correct)
    per_vol: BTreeMap<String, (usize, usize)>,        // (total, correctly clear)
    misses: Vec<String>,
    false_alarms: Vec<String>,
    wrong_cat: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn score(rows: &[Row]) -> Score {
    let mut s = Score::default();
    for r in rows {
        let report = tta_review::review(&r.text);
        let predicted = !report.findings.is_empty();
        let cats: Vec<&str> = report
            .in_document_order()
            .iter()
            .map(|f| f.category.as_str())
            .collect();
        if r.coercive {
            let e = s.per_cat.entry(r.category.clone()).or_default();
            e.0 += 1;
            if predicted {
                s.tp += 1;
                e.1 += 1;
                if cats[0] == r.category {
                    s.cat_top += 1;
                    e.2 += 1;
                } else {
                    s.wrong_cat
                        .push(format!("[{} -> {}] {}", r.category, cats.join(","), r.text));
                }
                if cats.contains(&r.category.as_str()) {
                    s.cat_any += 1;
                }
            } else {
                s.fn_ += 1;
                s.misses.push(format!("[{}] {}", r.category, r.text));
            }
        } else {
            let e = s.per_vol.entry(r.category.clone()).or_default();
            e.0 += 1;
            if predicted {
                s.fp += 1;
                s.false_alarms
                    .push(format!("[{} -> {}] {}", r.category, cats.join(","), r.text));
            } else {
                s.tn += 1;
                e.1 += 1;
            }
        }
    }
    s
}

fn report(name: &str, rows: &[Row], s: &Score) -> String {
    let mut out = String::new();
    let coercive = rows.iter().filter(|r| r.coercive).count();
    out.push_str(&format!(
        "\n== {name}: {} sentences ({} coercive, {} voluntary/neutral)\n",
        rows.len(),
        coercive,
        rows.len() - coercive
    ));
    out.push_str(&format!(
        "precision {:.3}  recall {:.3}  F1 {:.3}   (tp {} fp {} fn {} tn {})\n",
        s.precision(),
        s.recall(),
        s.f1(),
        s.tp,
        s.fp,
        s.fn_,
        s.tn
    ));
    out.push_str(&format!(
        "category accuracy over coercive sentences: top {:.3}  any {:.3}\n",
        ratio(s.cat_top, coercive),
        ratio(s.cat_any, coercive)
    ));
    out.push_str("per category (n, detected, top category right):\n");
    for (c, (n, d, t)) in &s.per_cat {
        out.push_str(&format!(
            "  {c:<32} {n:>3} {d:>3} {t:>3}   acc {:.2}\n",
            ratio(*t, *n)
        ));
    }
    out.push_str("voluntary/neutral subtypes (n, left clear):\n");
    for (c, (n, ok)) in &s.per_vol {
        out.push_str(&format!("  {c:<32} {n:>3} {ok:>3}\n"));
    }
    for (title, list) in [
        ("missed", &s.misses),
        ("false alarms", &s.false_alarms),
        ("other category first", &s.wrong_cat),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("{title} ({}):\n", list.len()));
            for l in list.iter().take(40) {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    out
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn emit(text: &str) {
    use std::io::Write;
    // With --nocapture the figures go to stdout. Without it libtest captures
    // println!/eprintln!, so they are also written straight to the stderr
    // handle, which is never captured: the numbers always reach the log.
    println!("{text}");
    if !std::env::args().any(|a| a == "--nocapture") {
        let _ = writeln!(std::io::stderr(), "{text}");
    }
}

#[test]
fn quality_on_project_and_dev_corpora() {
    emit("Policy review quality (run with `cargo test --test quality -- --nocapture` to see this in full)");
    let mut failures = Vec::new();

    let corpus_path = manifest().join("corpus/labeled.jsonl");
    let corpus = load(&corpus_path);
    assert!(
        corpus.len() >= 340,
        "project corpus has only {} lines",
        corpus.len()
    );
    let s = score(&corpus);
    emit(&report(
        "project corpus (corpus/labeled.jsonl)",
        &corpus,
        &s,
    ));
    if s.precision() < MIN_PRECISION || s.recall() < MIN_RECALL {
        failures.push(format!(
            "project corpus: precision {:.3}, recall {:.3}",
            s.precision(),
            s.recall()
        ));
    }

    let dev_path = manifest().join("../../../shared/policy-review/dev.jsonl");
    if dev_path.exists() {
        let dev = load(&dev_path);
        let s = score(&dev);
        emit(&report(
            "shared dev set (shared/policy-review/dev.jsonl)",
            &dev,
            &s,
        ));
        if s.precision() < MIN_PRECISION || s.recall() < MIN_RECALL {
            failures.push(format!(
                "dev set: precision {:.3}, recall {:.3}",
                s.precision(),
                s.recall()
            ));
        }
    } else {
        emit(&format!(
            "\nNOTE: {} is missing, so the shared dev set was not scored (only the project corpus was).",
            dev_path.display()
        ));
    }

    assert!(
        failures.is_empty(),
        "quality below {MIN_PRECISION:.2}/{MIN_RECALL:.2}: {}",
        failures.join("; ")
    );
}

#[test]
fn corpus_covers_taxonomy() {
    let corpus = load(&manifest().join("corpus/labeled.jsonl"));
    let rules = tta_review::Rules::default_rules();
    for c in rules.categories() {
        let n = corpus
            .iter()
            .filter(|r| r.coercive && r.category == c.id)
            .count();
        assert!(
            n >= 10,
            "category {} has only {n} coercive sentences in the corpus",
            c.id
        );
    }
    for sub in [
        "negated_requirement",
        "voluntary_statement",
        "voluntary_offer",
        "rights_or_access",
        "neutral_operational",
    ] {
        let n = corpus
            .iter()
            .filter(|r| !r.coercive && r.category == sub)
            .count();
        assert!(
            n >= 10,
            "voluntary subtype {sub} has only {n} sentences in the corpus"
        );
    }
    let mut seen = std::collections::HashSet::new();
    for r in &corpus {
        assert!(
            seen.insert(r.text.clone()),
            "duplicate corpus sentence: {}",
            r.text
        );
    }
}
