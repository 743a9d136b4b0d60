//! Fuzz target `command_parser`: the same check `tests/fuzz_corpus.rs` (or `tests/share_links.rs`)
//! replays over `fuzz/corpus/command_parser/`. See docs/fuzzing.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubarium::kubectl::script::check(data));
