//! Review a file from the command line and print the report.
//!
//! cargo run --example review -- samples/house-rules.md [text|md|json]

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: review FILE [text|md|json]");
    let format = args.next().unwrap_or_else(|| "text".to_string());
    let bytes = std::fs::read(&path).expect("read file");
    let text = match tta_review::extract(&bytes, Some(&path), None) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{} ({})", e, e.code());
            std::process::exit(1);
        }
    };
    let report = tta_review::review(&text);
    let out = match format.as_str() {
        "md" => tta_review::to_markdown(&report, &path),
        "json" => tta_review::to_json(&report, &path),
        _ => tta_review::to_text(&report, &path),
    };
    print!("{out}");
}
