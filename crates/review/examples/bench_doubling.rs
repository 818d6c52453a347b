//! Does the review stay linear in its input? Times `review` (and the JSON
//! report the API sends) on inputs of 256 KB, 512 KB, 1 MB, 2 MB and 4 MB of
//! three shapes, and prints each median with the ratio to the size before.
//! A linear review doubles its time when the input doubles (ratio ≈ 2); a
//! quadratic one quadruples it (ratio ≈ 4).
//!
//! * `handbook`: the synthetic handbook of the throughput benchmark;
//! * `one line`: one coercive sentence repeated on a single line;
//! * `one sentence`: one sentence as long as the document (no break at all).
//!
//! cargo run --release --example bench_doubling [-- MAX_KB]

use std::time::{Duration, Instant};

use tta_review::{bench_handbook, one_line_sentences, one_long_sentence, review, to_json_value};

const RUNS: usize = 5;

/// Makes an input of at least the given size.
type Make = fn(usize) -> String;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_once(text: &str) -> Duration {
    let t = Instant::now();
    let report = review(text);
    let json = to_json_value(&report, "bench");
    std::hint::black_box(json);
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
    let shapes: [(&str, Make); 3] = [
        ("handbook", bench_handbook),
        ("one line", one_line_sentences),
        ("one sentence", one_long_sentence),
    ];
    let _ = review(&bench_handbook(64 * 1024)); // compile the rules and warm the caches
    println!(
        "{:<14} {:>8} {:>12} {:>10} {:>9}",
        "input", "size", "median ms", "findings", "ratio"
    );
    let mut overall = Vec::new();
    for (name, make) in shapes {
        let mut prev: Option<f64> = None;
        let mut first_ms: Option<f64> = None;
        for &kb in &sizes {
            let text = make(kb * 1024);
            let findings = review(&text).summary.findings;
            // Fewer runs once a run takes seconds, so a slow engine still finishes.
            let first = time_once(&text);
            let runs = if first > Duration::from_secs(2) {
                1
            } else {
                RUNS
            };
            let mut times = vec![first];
            times.extend((1..runs).map(|_| time_once(&text)));
            let ms = median(times).as_secs_f64() * 1e3;
            let ratio = prev
                .map(|p| format!("{:.2}", ms / p))
                .unwrap_or_else(|| "-".into());
            println!(
                "{:<14} {:>6}KB {:>12.1} {:>10} {:>9}",
                name, kb, ms, findings, ratio
            );
            prev = Some(ms);
            first_ms.get_or_insert(ms);
        }
        if let (Some(a), Some(b), true) = (first_ms, prev, sizes.len() > 1) {
            overall.push((name, b / a));
        }
    }
    // One ratio over the whole range is steadier than the steps on a busy machine.
    if let (Some(lo), Some(hi)) = (sizes.first(), sizes.last()) {
        let n = hi / lo;
        println!("\nlargest / smallest ({hi} KB / {lo} KB = {n}x the input; linear ≈ {n}, quadratic ≈ {}):", n * n);
        for (name, r) in overall {
            println!("  {name:<14} {r:.1}");
        }
    }
}
