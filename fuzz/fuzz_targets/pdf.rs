#![no_main]
libfuzzer_sys::fuzz_target!(init: tta::fuzzing::quiet_known_panics(true), |data: &[u8]| tta::fuzzing::pdf(data));
