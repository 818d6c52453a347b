//! The test suite's seeded mutation loop for one fuzz target, for a set time: what
//! `scripts/fuzz` runs where cargo-fuzz and a nightly toolchain are not available.
//!
//!     cargo run --release --example fuzz_brief -- review 60

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().expect("usage: fuzz_brief TARGET SECONDS");
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let (_, target) = tta::fuzzing::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"));
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(&name);
    let end = Instant::now() + Duration::from_secs(secs);
    let (mut ran, mut seed) = (0usize, 1u64);
    while Instant::now() < end {
        ran += tta::fuzzing::run_brief(*target, &corpus, 1000, seed);
        seed += 1;
    }
    println!("{ran} executions, 0 crashes");
}
