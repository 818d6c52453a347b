//! A brief, seeded fuzz run of every parser of outside input, over the corpus kept in
//! `fuzz/corpus/` (grown by the coverage-guided runs of `scripts/fuzz`). It needs no
//! database, so it runs once, on the SQLite pass.

use std::path::{Path, PathBuf};

use crate::helpers;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

#[test]
fn every_target_has_a_corpus_folder_and_a_cargo_fuzz_target() {
    for (name, _) in tta::fuzzing::TARGETS {
        assert!(
            fuzz_dir().join("corpus").join(name).is_dir(),
            "fuzz/corpus/{name} is missing"
        );
        assert!(
            fuzz_dir()
                .join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
        let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml does not list {name}"
        );
    }
}

#[test]
fn every_parser_of_outside_input_survives_a_brief_fuzz_run() {
    if helpers::is_postgres() {
        return;
    }
    tta::fuzzing::quiet_known_panics(false);
    for (name, target) in tta::fuzzing::TARGETS {
        // Document formats cost more per input; the text parsers get more rounds.
        let rounds = match *name {
            "pdf" | "docx" | "document" => 300,
            "course_files" => 500,
            _ => 3000,
        };
        let ran = tta::fuzzing::run_brief(
            *target,
            &fuzz_dir().join("corpus").join(name),
            rounds,
            0x5eed_7a7a,
        );
        println!("fuzz {name}: {ran} inputs, no failure");
    }
}
