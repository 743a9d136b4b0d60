//! The derive's own tests (trybuild): what it accepts compiles and round-trips through the real
//! helpers in `src/sim/objects/codec.rs`; what it does not support fails to compile with the
//! message in the `.stderr` beside each case. `TRYBUILD=overwrite cargo test` rewrites them after a
//! deliberate change of wording; read the diff.

#[test]
fn derive() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/pass/*.rs");
    cases.compile_fail("tests/fail/*.rs");
}
