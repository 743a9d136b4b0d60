//! Go's `strconv.FormatFloat` shapes for float64, built on the shortest round-trip digits that
//! serde_json already prints (ryu). Formatting floats with Rust's `{}`/`{:e}` would link core's
//! second float printer (Grisu + Dragon, ~18 KB of wasm) for the few floats a manifest holds.

use serde_json::Number;

/// The shortest digits that read back as `value` (finite, non-zero): whether it is negative,
/// the significant digits (no leading or trailing zeros), and the decimal exponent of the first
/// digit (`1.5` → `(false, "15", 0)`, `0.00012` → `(false, "12", -4)`).
fn shortest_digits(value: f64) -> (bool, String, i32) {
    // ryu writes `1.5`, `100.0`, `1e-7`, `1.2e21`.
    let text = Number::from_f64(value).map(|n| n.to_string()).unwrap_or_default();
    let negative = text.starts_with('-');
    let unsigned = text.trim_start_matches('-');
    let (mantissa, exponent_text) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let exponent_written: i32 = exponent_text.parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = format!("{whole}{fraction}");
    let leading_zeros = all_digits.len() - all_digits.trim_start_matches('0').len();
    let digits = all_digits.trim_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let exponent = whole.len() as i32 - 1 - leading_zeros as i32 + exponent_written;
    (negative, digits.to_string(), exponent)
}

/// `%e` with the shortest digits: `1.234567e+06`, `-2.5e-07` (at least two exponent digits).
fn exponent_form(negative: bool, digits: &str, exponent: i32) -> String {
    let sign = if negative { "-" } else { "" };
    let (head, tail) = digits.split_at(1);
    let fraction = if tail.is_empty() { String::new() } else { format!(".{tail}") };
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!("{sign}{head}{fraction}e{exponent_sign}{:02}", exponent.abs())
}

/// `%f` with the shortest digits: `0.0001`, `100`, `1.5`.
fn decimal_form(negative: bool, digits: &str, exponent: i32) -> String {
    let sign = if negative { "-" } else { "" };
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = (exponent + 1) as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` with go-yaml's spellings of the specials (`.inf`,
/// `.nan`): exponent form below 1e-4 and from 1e6 (the shortest form decides with precision 6).
pub fn format_g(value: f64) -> String {
    if value.is_nan() {
        return ".nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let (negative, digits, exponent) = shortest_digits(value);
    if !(-4..6).contains(&exponent) {
        exponent_form(negative, &digits, exponent)
    } else {
        decimal_form(negative, &digits, exponent)
    }
}

/// encoding/json's float64: `'f'` from 1e-6 up to 1e21, else `'e'` with a one-digit negative
/// exponent left as is (`1e-7`, `1e+21`). Non-finite values are not JSON; they print as 0.
pub fn format_json(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    // Go keeps the sign of zero (`json.Marshal(math.Copysign(0, -1))` is `-0`); printing `0`
    // lost it (found by tests/differential.rs).
    if value == 0.0 {
        return if value.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let (negative, digits, exponent) = shortest_digits(value);
    let abs = value.abs();
    if (1e-6..1e21).contains(&abs) {
        return decimal_form(negative, &digits, exponent);
    }
    let text = exponent_form(negative, &digits, exponent);
    // Go trims `e-07` to `e-7`.
    match text.split_once("e-0") {
        Some((mantissa, last)) => format!("{mantissa}e-{last}"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_matches_go() {
        for (value, go) in [
            (1.5, "1.5"),
            (3.0, "3"),
            (100.0, "100"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (1e21, "1e+21"),
            (-0.0, "-0"),
            (f64::INFINITY, ".inf"),
        ] {
            assert_eq!(format_g(value), go, "{value:?}");
        }
    }

    #[test]
    fn json_matches_go() {
        for (value, go) in [
            (1.5, "1.5"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (1.25e-12, "1.25e-12"),
            (0.000001, "0.000001"),
            (123456789.5, "123456789.5"),
            (-3.0e22, "-3e+22"),
            (0.0, "0"),
            (-0.0, "-0"),
        ] {
            assert_eq!(format_json(value), go, "{value:?}");
        }
    }
}
