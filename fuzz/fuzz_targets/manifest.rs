//! Fuzz target `manifest`: the same check `tests/fuzz_corpus.rs` (or `tests/share_links.rs`)
//! replays over `fuzz/corpus/manifest/`. See docs/fuzzing.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubarium::kubectl::apply::check(data));
