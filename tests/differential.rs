//! Differential tests: our JSON reader (`manifest/json.rs`, through `gojson::parse`), our JSON
//! writer (`gojson`) and our float printer (`gofloat`) against serde_json and std, on many
//! values drawn from a seeded generator (`sim::rng::Rng`; the same seed gives the same cases,
//! so a failure reproduces).
//!
//! Where the two sides may differ, and why (each is Go's behaviour, which ours imitates):
//! - numbers: ours keeps a number as an integer when it has no fraction and fits an i64
//!   (`1.0`, `1e2` become `1`, `100`), else a float64, as kubectl does by decoding into
//!   float64 and marshalling again; serde_json keeps `1.0` a float and reads integers up to
//!   u64. Numbers are therefore compared by value (as f64 when either side is a float);
//! - a lone UTF-16 surrogate escape (`"\ud800"`): Go (and ours) reads U+FFFD, serde_json
//!   rejects the text;
//! - nesting: ours accepts 200 levels (`manifest::LIMITS.depth_max`), serde_json 128; the
//!   generator stays far below both;
//! - duplicate keys: both keep the last one (Go's decoder into a map does the same), so they
//!   agree and no exception is needed.

use kubarium::sim::gofloat;
use kubarium::sim::gojson;
use kubarium::sim::rng::Rng;
use serde_json::{Map, Number, Value};

fn bits(rng: &mut Rng) -> u64 {
    ((rng.between(0, u32::MAX as i64) as u64) << 32) | rng.between(0, u32::MAX as i64) as u64
}

/// A finite f64: from random bits (every exponent), or a "round" one people write.
fn float(rng: &mut Rng) -> f64 {
    loop {
        let value = match rng.index(4) {
            0 => f64::from_bits(bits(rng)),
            1 => rng.between(-1_000_000, 1_000_000) as f64 / [1.0, 10.0, 100.0, 1e6, 1e9][rng.index(5)],
            2 => (rng.between(1, 9) as f64) * 10f64.powi(rng.between(-30, 30) as i32) * if rng.index(2) == 0 { 1.0 } else { -1.0 },
            _ => [0.0, -0.0, 5e-324, f64::MAX, f64::MIN_POSITIVE, 1e21, 1e-6, 1e-7, 999999999999999900000.0, 0.1 + 0.2][rng.index(10)],
        };
        if value.is_finite() {
            return value;
        }
    }
}

const ALPHABET: &[char] = &[
    'a', 'Z', '0', ' ', '"', '\\', '/', '<', '>', '&', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}', 'é', '\u{2028}', '\u{2029}', '😀',
    '\u{fffd}', '\u{feff}',
];

fn string(rng: &mut Rng) -> String {
    (0..rng.index(8)).map(|_| ALPHABET[rng.index(ALPHABET.len())]).collect()
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth >= 6 || rng.index(3) > 0;
    match rng.index(if leaf { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.index(2) == 0),
        2 => Value::from(rng.between(i64::MIN / 2, i64::MAX / 2) >> rng.index(63)),
        3 => Number::from_f64(float(rng)).map_or(Value::Null, Value::Number),
        4 | 5 => Value::String(string(rng)),
        6 => Value::Array((0..rng.index(5)).map(|_| value(rng, depth + 1)).collect()),
        _ => Value::Object((0..rng.index(5)).map(|_| (string(rng), value(rng, depth + 1))).collect::<Map<_, _>>()),
    }
}

/// Equality with numbers compared by value (as f64 when either side is a float), and two
/// floats by their bits (so `-0` is not `0`; an integer has no `-0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits),
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && same(x, y)),
        _ => a == b,
    }
}

/// Text for `value` written three ways: serde_json's, Go's compact and Go's indented (which
/// escape differently), one of them with extra whitespace between tokens.
fn texts(value: &Value, rng: &mut Rng) -> Vec<String> {
    let spaced: String = serde_json::to_string(value)
        .unwrap()
        .chars()
        .flat_map(|c| {
            let pad = if matches!(c, ',' | ':' | '[' | '{') && rng.index(3) == 0 { [" ", "\n", "\t", "\r\n"][rng.index(4)] } else { "" };
            std::iter::once(c).chain(pad.chars())
        })
        .collect();
    // The padding only goes after structural characters outside strings when the value has
    // no strings with them: otherwise the spaced text would change a string.
    let mut texts = vec![serde_json::to_string(value).unwrap(), gojson::compact(value), gojson::indented(value)];
    if !has_structural_in_strings(value) {
        texts.push(format!(" {spaced}\n"));
    }
    texts
}

fn has_structural_in_strings(value: &Value) -> bool {
    let structural = |s: &str| s.contains([',', ':', '[', '{']);
    match value {
        Value::String(s) => structural(s),
        Value::Array(items) => items.iter().any(has_structural_in_strings),
        Value::Object(map) => map.iter().any(|(k, v)| structural(k) || has_structural_in_strings(v)),
        _ => false,
    }
}

#[test]
fn our_reader_agrees_with_serde_json_on_valid_text() {
    let mut rng = Rng::new(12);
    for round in 0..4_000 {
        let value = value(&mut rng, 0);
        for text in texts(&value, &mut rng) {
            let ours = gojson::parse(&text).unwrap_or_else(|| panic!("round {round}: ours rejects {text:?}"));
            let theirs: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("round {round}: serde_json rejects {text:?}: {e}"));
            assert!(same(&ours, &theirs), "round {round}: {text:?}: ours {ours:?}, serde_json {theirs:?}");
            assert!(same(&ours, &value), "round {round}: {text:?} reads as {ours:?}, not {value:?}");
        }
    }
}

/// Damaged text: both readers accept or both reject, and agree on what they accept. The
/// mutations insert, delete or replace one character with a JSON-significant one.
#[test]
fn our_reader_rejects_what_serde_json_rejects() {
    let mut rng = Rng::new(13);
    let significant: Vec<char> = "{}[],:\"\\ 0123456789.eE+-tfnulrsa\n\u{1}".chars().collect();
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..20_000 {
        let value = value(&mut rng, 0);
        let mut text: Vec<char> = gojson::compact(&value).chars().collect();
        for _ in 0..=rng.index(2) {
            let at = rng.index(text.len() + 1);
            match rng.index(3) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => text[at] = significant[rng.index(significant.len())],
                _ => text.insert(at, significant[rng.index(significant.len())]),
            }
        }
        let text: String = text.into_iter().collect();
        let ours = gojson::parse(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        match (&ours, &theirs) {
            (Some(ours), Ok(theirs)) => {
                accepted += 1;
                assert!(same(ours, theirs), "round {round}: {text:?}: ours {ours:?}, serde_json {theirs:?}");
            }
            (None, Err(_)) => rejected += 1,
            _ => panic!("round {round}: {text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }
    // Both outcomes are exercised often.
    assert!(accepted > 2_000 && rejected > 2_000, "{accepted} accepted, {rejected} rejected");
}

/// The documented differences, pinned so that a change to either side is noticed.
#[test]
fn where_the_readers_differ() {
    // Go reads a lone surrogate as U+FFFD; serde_json refuses it.
    assert_eq!(gojson::parse(r#""\ud800x""#), Some(Value::from("\u{fffd}x")));
    assert!(serde_json::from_str::<Value>(r#""\ud800x""#).is_err());
    // 150 levels: under our limit, over serde_json's recursion limit.
    let deep = format!("{}{}", "[".repeat(150), "]".repeat(150));
    assert!(gojson::parse(&deep).is_some());
    assert!(serde_json::from_str::<Value>(&deep).is_err());
    assert!(gojson::parse(&format!("{}{}", "[".repeat(201), "]".repeat(201))).is_none());
    // Integral floats become integers, as after kubectl's float64 round trip.
    assert_eq!(gojson::parse("[1.0, 1e2, 2.5]"), Some(serde_json::json!([1, 100, 2.5])));
    assert_eq!(serde_json::from_str::<Value>("[1.0]").unwrap()[0].as_f64(), Some(1.0));
    // Duplicate keys: the last wins on both sides.
    assert_eq!(gojson::parse(r#"{"a": 1, "a": 2}"#), Some(serde_json::json!({"a": 2})));
    assert_eq!(serde_json::from_str::<Value>(r#"{"a": 1, "a": 2}"#).unwrap(), serde_json::json!({"a": 2}));
    // Out of float64's range: both reject.
    assert!(gojson::parse("1e999").is_none() && serde_json::from_str::<Value>("1e999").is_err());
}

#[test]
fn go_json_output_reads_back_with_serde_json() {
    let mut rng = Rng::new(14);
    for round in 0..4_000 {
        let value = value(&mut rng, 0);
        for text in [gojson::compact(&value), gojson::indented(&value)] {
            let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("round {round}: {text:?}: {e}"));
            assert!(same(&back, &value), "round {round}: {text:?} reads back as {back:?}, not {value:?}");
            // Go escapes these; none may appear raw.
            assert!(!text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) && !text.chars().any(|c| c < ' ' && c != '\n'), "{text:?}");
        }
        assert!(!gojson::compact(&value).contains('\n'));
    }
}

/// Go's `'e'` exponent from Rust's `{:e}` (`1.5e-7`): a sign always, at least two digits.
fn go_exponent(rust_e: &str) -> (String, i32) {
    let (mantissa, exponent) = rust_e.split_once('e').unwrap();
    (mantissa.to_string(), exponent.parse().unwrap())
}

/// What Go prints, built from Rust's shortest round-trip formatting (`{}` is Go's `'f'` with
/// precision -1, `{:e}` its `'e'` with other exponent spelling).
fn go_format_json(value: f64) -> String {
    let abs = value.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return format!("{value}");
    }
    let (mantissa, exponent) = go_exponent(&format!("{value:e}"));
    // encoding/json trims `e-07` to `e-7`.
    if exponent < 0 {
        format!("{mantissa}e-{}", -exponent)
    } else {
        format!("{mantissa}e+{exponent:02}")
    }
}

fn go_format_g(value: f64) -> String {
    let (mantissa, exponent) = go_exponent(&format!("{value:e}"));
    if value == 0.0 || (-4..6).contains(&exponent) {
        return format!("{value}");
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// Whether `ours` and `rust` are the two shortest candidates of a tie, ours ending in the even
/// digit: same length, same digits but the last, one apart, and both reading back to `value`.
fn is_even_side_of_a_tie(ours: &str, rust: &str, value: f64) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<Vec<char>>();
    let (a, b) = (digits(ours.split(['e']).next().unwrap()), digits(rust.split(['e']).next().unwrap()));
    let last = |d: &[char]| d.last().and_then(|c| c.to_digit(10)).unwrap_or(0) as i32;
    ours.len() == rust.len()
        && a.len() == b.len()
        && a[..a.len() - 1] == b[..b.len() - 1]
        && (last(&a) - last(&b)).abs() == 1
        && last(&a) % 2 == 0
        && rust.parse::<f64>().is_ok_and(|r| r.to_bits() == value.to_bits())
}

#[test]
fn go_floats_read_back_to_the_same_bits_and_match_go_shapes() {
    let mut rng = Rng::new(15);
    let mut ties = 0;
    for _ in 0..100_000 {
        let value = float(&mut rng);
        for (name, text, go) in
            [("json", gofloat::format_json(value), go_format_json(value)), ("g", gofloat::format_g(value), go_format_g(value))]
        {
            let back: f64 = text.parse().unwrap_or_else(|e| panic!("{name} {value:?}: {text:?}: {e}"));
            assert_eq!(back.to_bits(), value.to_bits(), "{name} {value:?} prints {text:?}, which reads back as {back:?}");
            if text != go {
                // Rust's `{}` and Go part ways on an exact tie between two shortest candidates
                // (`-2132107179783797.25`, an exact f64, prints `…797.3` in Rust): Go's ryu
                // rounds half to even (`…797.2`), as ryu does for us. Both candidates read back
                // to the value; any other difference is a bug.
                assert!(is_even_side_of_a_tie(&text, &go, value), "{name} {value:?}: ours {text:?}, Go's {go:?}");
                ties += 1;
            }
        }
    }
    println!("{ties} exact ties between shortest candidates, printed half to even");
    assert!(ties < 100, "{ties}");
    // Non-finite values: go-yaml's spellings for 'g'; JSON has none.
    assert_eq!((gofloat::format_g(f64::NAN), gofloat::format_g(f64::NEG_INFINITY)), (".nan".to_string(), "-.inf".to_string()));
}
