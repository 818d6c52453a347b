//! `tta review FILE…`: the policy review on the command line.
//!
//! Exit status: 0 when nothing was found, 1 when something was, 2 when a file could not
//! be read (or its text is over `extract_max_text_bytes`). `-` reads standard input.

use std::io::Read;

use clap::{Args, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// Files to review (plain text, Markdown, HTML, DOCX or PDF); `-` reads standard input
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Machine-readable output: one JSON object per document (an array for several files)
    #[arg(long)]
    pub json: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Reviews the files; documents are read in the same sandbox as on the server, with the
/// same limits (`extract_*` settings).
pub async fn run(cfg: &crate::config::Config, args: &ReviewArgs) -> i32 {
    let sandbox = crate::extract::Sandbox::new(cfg);
    let lang = crate::i18n::Lang::default();
    let format = if args.json { Format::Json } else { args.format };
    let mut found = false;
    let mut bad = false;
    let mut json_docs = Vec::new();
    for path in &args.files {
        let (name, bytes) = if path == "-" {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                eprintln!("tta review: standard input: {e}");
                bad = true;
                continue;
            }
            ("standard input".to_string(), b)
        } else {
            match std::fs::read(path) {
                Ok(b) => (path.clone(), b),
                Err(e) => {
                    eprintln!("tta review: {path}: {e}");
                    bad = true;
                    continue;
                }
            }
        };
        let text = match super::extract(&sandbox, bytes, Some(name.clone()), None).await {
            Ok(t) => t,
            Err(e) => {
                eprintln!("tta review: {name}: {}", e.message(&lang));
                bad = true;
                continue;
            }
        };
        let (_, report) = super::review(text).await;
        if report.not_reviewed() {
            // Not an all-clear and not a finding: the rules cannot read this document.
            eprintln!("tta review: {name}: {}", report.summary.reading);
            bad = true;
        }
        found |= !report.findings.is_empty();
        match format {
            Format::Text => println!("{}", tta_review::to_text(&report, &name)),
            Format::Markdown => println!("{}", tta_review::to_markdown(&report, &name)),
            Format::Json => json_docs.push(
                serde_json::to_value(tta_review::to_json_value(&report, &name)).unwrap_or_default(),
            ),
        }
    }
    if format == Format::Json {
        let out = if args.files.len() == 1 {
            json_docs.pop().unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Array(json_docs)
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    if bad {
        2
    } else if found {
        1
    } else {
        0
    }
}
