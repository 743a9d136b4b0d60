//! Fuzz target `share_link`: the same check `tests/fuzz_corpus.rs` (or `tests/share_links.rs`)
//! replays over `fuzz/corpus/share_link/`. See docs/fuzzing.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubarium::view::share::check(data));
