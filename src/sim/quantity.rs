//! resource.Quantity parsing: CPU in millicores, everything else in bytes (or plain units).

/// Parses a quantity (`100m`, `2`, `1.5`, `128Mi`, `1G`, `8Gi`) to thousandths of a unit, so
/// `"100m"` → 100 and `"2"` → 2000 and `"1Ki"` → 1_024_000.
pub fn parse_milli(text: &str) -> Option<i128> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    if number.is_empty() || number == "+" || number == "-" {
        return None;
    }
    let (numerator, scale) = match suffix {
        "" => (1i128, 1000i128),
        "m" => (1, 1),
        "k" => (1_000, 1000),
        "M" => (1_000_000, 1000),
        "G" => (1_000_000_000, 1000),
        "T" => (1_000_000_000_000, 1000),
        "P" => (1_000_000_000_000_000, 1000),
        "Ki" => (1 << 10, 1000),
        "Mi" => (1 << 20, 1000),
        "Gi" => (1 << 30, 1000),
        "Ti" => (1 << 40, 1000),
        "Pi" => (1 << 50, 1000),
        _ => {
            let exponent: i32 = suffix.strip_prefix(['e', 'E'])?.parse().ok()?;
            let value: f64 = number.parse().ok()?;
            return Some((value * 10f64.powi(exponent) * 1000.0).round() as i128);
        }
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let negative = whole.starts_with('-');
    let digits = whole.trim_start_matches(['+', '-']);
    let whole: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    let mut value = whole.checked_mul(numerator)?.checked_mul(scale)?;
    let mut divisor = 1i128;
    let mut fraction_value = 0i128;
    // Beyond 18 fractional digits nothing measurable remains.
    for digit in fraction.bytes().take(18) {
        if !digit.is_ascii_digit() {
            return None;
        }
        fraction_value = fraction_value * 10 + (digit - b'0') as i128;
        divisor *= 10;
    }
    value = value.checked_add((fraction_value.checked_mul(numerator)?.checked_mul(scale)? + divisor - 1) / divisor)?;
    Some(if negative { -value } else { value })
}

/// Whether a string is a valid quantity, for validation.
pub fn is_valid(text: &str) -> bool {
    parse_milli(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu_and_memory() {
        assert_eq!(parse_milli("100m"), Some(100));
        assert_eq!(parse_milli("2"), Some(2000));
        assert_eq!(parse_milli("0.5"), Some(500));
        assert_eq!(parse_milli("1Ki"), Some(1_024_000));
        assert_eq!(parse_milli("8Gi"), Some(8 * (1 << 30) * 1000));
        assert_eq!(parse_milli("1e3"), Some(1_000_000));
        assert_eq!(parse_milli("lots"), None);
        assert_eq!(parse_milli("1Qi"), None);
        assert_eq!(parse_milli(&"9".repeat(60)), None);
        assert_eq!(parse_milli("+"), None);
    }
}
