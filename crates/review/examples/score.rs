//! Score the review on a labeled JSONL file (fields `text`, `label`,
//! `category`), printing misses and false alarms. Useful when editing
//! `rules/rules.toml` or a trainer's own rules file.
//!
//! cargo run --example score -- corpus/labeled.jsonl [rules.toml]

use tta_review::Rules;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: score FILE.jsonl [RULES.toml]");
    let owned;
    let rules: &Rules = match args.get(2) {
        Some(p) => {
            let src = std::fs::read_to_string(p).expect("read rules");
            owned = Rules::from_toml_str(&src).unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(2)
            });
            &owned
        }
        None => Rules::default_rules(),
    };
    let src = std::fs::read_to_string(path).expect("read corpus");
    let (mut tp, mut fp, mut fn_, mut tn, mut cat_ok) = (0, 0, 0, 0, 0);
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let text = v["text"].as_str().unwrap();
        let coercive = v["label"] == "coercive";
        let cat = v["category"].as_str().unwrap_or("");
        let r = rules.review(text);
        let cats: Vec<&str> = r
            .in_document_order()
            .iter()
            .map(|f| f.category.as_str())
            .collect();
        match (coercive, !cats.is_empty()) {
            (true, true) => {
                tp += 1;
                if cats[0] == cat {
                    cat_ok += 1;
                } else {
                    println!("CAT  [{cat} -> {}] {text}", cats.join(","));
                }
            }
            (true, false) => {
                fn_ += 1;
                println!("MISS [{cat}] {text}");
            }
            (false, true) => {
                fp += 1;
                println!("FA   [{cat} -> {}] {text}", cats.join(","));
            }
            (false, false) => tn += 1,
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let rc = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "precision {p:.3} recall {rc:.3} f1 {:.3}  tp {tp} fp {fp} fn {fn_} tn {tn}  category(top) {:.3}",
        2.0 * p * rc / (p + rc).max(1e-9),
        cat_ok as f64 / (tp + fn_).max(1) as f64
    );
}
