//! Does the review stay linear once tta puts it on a page? Times the review of one
//! unbroken line of coercive sentences (every sentence a finding) together with what the
//! results page and a saved-review comparison do with it: the highlighted document and the
//! clause list (`review::marked::build`) and the comparison of two versions
//! (`review::saved::compare`). Prints medians at 256 KB to 4 MB and the ratio to the size
//! before: about 2 is linear, about 4 quadratic.
//!
//! `cargo run --release --example bench_review_pages [-- MAX_KB]`

use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn once(text: &str) -> Duration {
    let t = Instant::now();
    let report = tta_review::review(text);
    let marked = tta::review::marked::build(text, &report);
    let compared = tta::review::saved::compare(&report, &report);
    std::hint::black_box((marked.clauses.len(), compared.0));
    t.elapsed()
}

fn main() {
    let max_kb: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(4096);
    let sizes: Vec<usize> = [256usize, 512, 1024, 2048, 4096]
        .into_iter()
        .filter(|&k| k <= max_kb)
        .collect();
    let _ = once(&tta_review::one_line_sentences(64 * 1024)); // warm up
    println!(
        "{:<10} {:>12} {:>10} {:>8}",
        "size", "median ms", "clauses", "ratio"
    );
    let mut prev: Option<f64> = None;
    for kb in sizes {
        let text = tta_review::one_line_sentences(kb * 1024);
        let clauses = tta_review::review(&text).summary.flagged_clauses;
        let first = once(&text);
        let runs = if first > Duration::from_secs(2) {
            1
        } else {
            RUNS
        };
        let mut times = vec![first];
        times.extend((1..runs).map(|_| once(&text)));
        times.sort();
        let ms = times[times.len() / 2].as_secs_f64() * 1e3;
        let ratio = prev
            .map(|p| format!("{:.2}", ms / p))
            .unwrap_or_else(|| "-".into());
        println!("{:>8}KB {:>12.1} {:>10} {:>8}", kb, ms, clauses, ratio);
        prev = Some(ms);
    }
}
