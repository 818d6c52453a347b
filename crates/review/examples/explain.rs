//! Show how the review judges each sentence given on the command line:
//! the normalised text, cues found, clauses and verdict.
//!
//! cargo run --example explain -- "Residents must turn in their phones."

fn main() {
    let rules = tta_review::Rules::default_rules();
    for arg in std::env::args().skip(1) {
        println!("{}", rules.explain(&arg));
    }
}
