//! Fuzz target `script_runner`: the same check `tests/fuzz_corpus.rs` (or `tests/share_links.rs`)
//! replays over `fuzz/corpus/script_runner/`. See docs/fuzzing.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubarium::kubectl::check(data));
