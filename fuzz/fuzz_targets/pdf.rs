#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tta::fuzzing::pdf(data));
