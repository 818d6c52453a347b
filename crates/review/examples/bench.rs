//! Speed of the policy review.
//!
//! Prints the size of a synthetic handbook, the median throughput of
//! `review` over several runs, the median throughput of a plain `RegexSet`
//! scan over every cue phrase on the same (normalised) text, their ratio,
//! and the median time to review a 300 KB handbook.
//!
//! cargo run --release --example bench [-- SIZE_IN_BYTES]

use std::time::{Duration, Instant};

use tta_review::{bench_handbook, cue_regexset, review, Rules};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn main() {
    let size: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(4 * 1024 * 1024);
    let rules = Rules::default_rules(); // compile once, outside the timings
    let handbook = bench_handbook(size);
    let bytes = handbook.len();
    println!(
        "handbook size: {} bytes ({:.2} MB)",
        bytes,
        bytes as f64 / (1024.0 * 1024.0)
    );

    // Warm up (lazy DFA caches fill on first use).
    let warm = review(&handbook);
    println!(
        "findings: {} in {} segments, one flagged clause per {:.0} bytes ({})",
        warm.summary.findings,
        warm.summary.segments_reviewed,
        bytes as f64 / warm.summary.flagged_clauses.max(1) as f64,
        warm.summary.reading
    );

    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = review(&handbook);
        times.push(t.elapsed());
        assert_eq!(r.summary.findings, warm.summary.findings);
    }
    let review_t = median(times);
    let review_mbs = mb_per_s(bytes, review_t);
    println!(
        "review: median {:.1} ms over {RUNS} runs = {:.1} MB/s",
        review_t.as_secs_f64() * 1e3,
        review_mbs
    );

    // Plain scan: one RegexSet over every cue phrase, on the lowercased
    // text (the cues are written for lowercase text), line by line so the
    // set reports matches per line as the review does per sentence.
    let set = cue_regexset(rules);
    let lower = handbook.to_lowercase();
    let mut hits = 0usize;
    for line in lower.lines() {
        hits += set.matches(line).iter().count();
    }
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let mut h = 0usize;
        for line in lower.lines() {
            h += set.matches(line).iter().count();
        }
        times.push(t.elapsed());
        assert_eq!(h, hits);
    }
    let plain_t = median(times);
    let plain_mbs = mb_per_s(bytes, plain_t);
    println!(
        "plain RegexSet scan ({} patterns): median {:.1} ms = {:.1} MB/s",
        set.len(),
        plain_t.as_secs_f64() * 1e3,
        plain_mbs
    );
    println!("ratio review / plain scan: {:.2}", review_mbs / plain_mbs);

    let small = bench_handbook(300 * 1024);
    let _ = review(&small);
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let _ = review(&small);
        times.push(t.elapsed());
    }
    println!(
        "300 KB handbook ({} bytes): median {:.1} ms",
        small.len(),
        median(times).as_secs_f64() * 1e3
    );
}
