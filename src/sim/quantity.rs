//! `resource.Quantity` (`k8s.io/apimachinery/pkg/api/resource`): the one grammar that
//! validation, the controllers' arithmetic (CPU in millicores, bytes) and the printers'
//! canonical form (`Quantity.String()`) share.
//!
//! [`Quantity::parse`] follows `ParseQuantity`: Go's scanner (`parseQuantityString`), which is
//! looser than the regular expression its error message quotes (`Gi`, `-` and `.` are zero),
//! the suffixes of `quantitySuffixer`, and the rounding of non-zero values up to 1n.

/// `ErrFormatWrong` / `ErrSuffix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    Format,
    Suffix,
}

impl QuantityError {
    pub fn message(self) -> &'static str {
        match self {
            QuantityError::Format => "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        }
    }
}

impl std::fmt::Display for QuantityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi` (12 × 2^20)
    BinarySI,
    /// `12M` (12 × 10^6)
    DecimalSI,
}

/// A parsed quantity: ±digits × 10^exp10 × 2^binary, exactly (no float on the way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    negative: bool,
    /// The decimal digits, without the point and without leading zeros ("" is zero).
    digits: String,
    exp10: i32,
    binary: u32,
    pub format: Format,
}

/// Quantities keep nine decimal places (`Nano`); a finer non-zero value rounds up to it.
const NANO: i32 = -9;
/// Beyond this the value is not something a cluster can hold; exponents are clamped here
/// so arithmetic on them cannot overflow (Go keeps arbitrary precision in inf.Dec).
const MAX_EXPONENT: i32 = 10_000;

impl Quantity {
    /// `ParseQuantity`.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::Format);
        }
        let (negative, num, denom, suffix) = scan(text)?;
        let (base, exponent, format) = interpret(suffix).ok_or(QuantityError::Suffix)?;
        let mut digits: String = format!("{num}{denom}").trim_start_matches('0').to_string();
        let (mut exp10, binary) = if base == 10 { (exponent.clamp(-MAX_EXPONENT, MAX_EXPONENT), 0) } else { (0, exponent as u32) };
        exp10 -= denom.len().min(MAX_EXPONENT as usize) as i32;
        // Round a non-zero value up to nano precision (`amount.Round(Nano, RoundUp)`).
        if !digits.is_empty() && binary == 0 && exp10 < NANO {
            let drop = (NANO - exp10) as usize;
            let (kept, dropped) = if drop >= digits.len() { ("", digits.as_str()) } else { digits.split_at(digits.len() - drop) };
            let kept = kept.trim_start_matches('0');
            digits = if dropped.bytes().all(|b| b == b'0') { kept.to_string() } else { increment(kept) };
            exp10 = NANO;
        }
        let mut quantity = Quantity { negative, digits, exp10, binary, format };
        // A binary quantity below one is shown in decimal (`0.5Ki` is `512`, `0.1Ki` is `102400m`).
        if quantity.format == Format::BinarySI && quantity.magnitude_below_one() {
            quantity.format = Format::DecimalSI;
        }
        if quantity.digits.is_empty() {
            quantity.negative = false;
        }
        Ok(quantity)
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// -1, 0 or 1.
    pub fn sign(&self) -> i32 {
        match (self.is_zero(), self.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }

    /// `AsApproximateFloat64`.
    pub fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let mantissa: f64 = self.digits.parse().unwrap_or(f64::INFINITY);
        let value = mantissa * 10f64.powi(self.exp10) * 2f64.powi(self.binary as i32);
        if self.negative {
            -value
        } else {
            value
        }
    }

    /// The value × 10^scale, rounded up away from zero (`ScaledValue`), or None when it does
    /// not fit an i128.
    pub fn scaled(&self, scale: i32) -> Option<i128> {
        if self.is_zero() {
            return Some(0);
        }
        let mut value: i128 = self.digits.parse().ok()?;
        value = value.checked_mul(1i128.checked_shl(self.binary)?)?;
        let exponent = self.exp10.checked_add(scale)?;
        if exponent >= 0 {
            value = value.checked_mul(10i128.checked_pow(exponent as u32)?)?;
        } else {
            match 10i128.checked_pow((-exponent) as u32) {
                Some(divisor) => value = value / divisor + i128::from(value % divisor != 0),
                None => value = 1, // Smaller than any unit of this scale: rounds up to one.
            }
        }
        Some(if self.negative { -value } else { value })
    }

    /// `MilliValue`: `100m` → 100, `2` → 2000, `1Ki` → 1_024_000.
    pub fn milli(&self) -> Option<i128> {
        self.scaled(3)
    }

    /// `String()`: the canonical form (`1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`, `1000M` → `1G`,
    /// `0.5` → `500m`), or None when the value is too large to reduce exactly.
    pub fn canonical(&self) -> Option<String> {
        if self.is_zero() {
            return Some("0".to_string());
        }
        let sign = if self.negative { "-" } else { "" };
        let mut mantissa: i128 = self.digits.parse().ok()?;
        if self.format == Format::BinarySI {
            mantissa = mantissa.checked_mul(1i128.checked_shl(self.binary)?)?;
            // The exact value as an integer, if it is one (`AsScale(0)` exact).
            let integer = if self.exp10 >= 0 {
                mantissa.checked_mul(10i128.checked_pow(self.exp10 as u32)?)
            } else {
                let divisor = 10i128.checked_pow((-self.exp10) as u32)?;
                (mantissa % divisor == 0).then(|| mantissa / divisor)
            };
            if let Some(value) = integer.filter(|v| *v >= 1024) {
                let (mut amount, mut exponent) = (value, 0);
                while amount % 1024 == 0 && exponent < 6 {
                    amount /= 1024;
                    exponent += 1;
                }
                let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][exponent];
                return Some(format!("{sign}{amount}{suffix}"));
            }
        }
        // Decimal: strip factors of ten, then lower the exponent to a multiple of three.
        let (mut amount, mut exponent) = (mantissa, self.exp10);
        while amount % 10 == 0 {
            amount /= 10;
            exponent += 1;
        }
        match exponent.rem_euclid(3) {
            1 => (amount, exponent) = (amount.checked_mul(10)?, exponent - 1),
            2 => (amount, exponent) = (amount.checked_mul(100)?, exponent - 2),
            _ => {}
        }
        let suffix = match (self.format, exponent) {
            (Format::DecimalExponent, 0) => String::new(),
            (Format::DecimalExponent, e) => format!("e{e}"),
            (_, -9) => "n".into(),
            (_, -6) => "u".into(),
            (_, -3) => "m".into(),
            (_, 0) => String::new(),
            (_, 3) => "k".into(),
            (_, 6) => "M".into(),
            (_, 9) => "G".into(),
            (_, 12) => "T".into(),
            (_, 15) => "P".into(),
            (_, 18) => "E".into(),
            // DecimalSI has no suffix beyond E: Go falls back to the exponent form.
            (_, e) => format!("e{e}"),
        };
        Some(format!("{sign}{amount}{suffix}"))
    }

    /// digits × 10^exp10 × 2^binary < 1 (a binary suffix on a small fraction).
    fn magnitude_below_one(&self) -> bool {
        !self.is_zero() && self.to_f64().abs() < 1.0
    }
}

/// `parseQuantityString`: (negative, numerator digits, denominator digits, suffix).
fn scan(text: &str) -> Result<(bool, &str, &str, &str), QuantityError> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut position = 0;
    let negative = bytes[0] == b'-';
    if matches!(bytes[0], b'+' | b'-') {
        position += 1;
    }
    while position < end && bytes[position] == b'0' {
        position += 1;
    }
    if position >= end {
        return Ok((negative, "", "", ""));
    }
    let start = position;
    while position < end && bytes[position].is_ascii_digit() {
        position += 1;
    }
    let num = &text[start..position];
    let mut denom = "";
    if position < end && bytes[position] == b'.' {
        position += 1;
        let start = position;
        while position < end && bytes[position].is_ascii_digit() {
            position += 1;
        }
        denom = &text[start..position];
    }
    let suffix_start = position;
    while position < end && b"eEinumkKMGTP".contains(&bytes[position]) {
        position += 1;
    }
    if position < end && matches!(bytes[position], b'+' | b'-') {
        position += 1;
    }
    while position < end {
        if !bytes[position].is_ascii_digit() {
            return Err(QuantityError::Format);
        }
        position += 1;
    }
    Ok((negative, num, denom, &text[suffix_start..]))
}

/// `quantitySuffixer.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let decimal = |exponent| Some((10, exponent, Format::DecimalSI));
    let binary = |exponent| Some((2, exponent, Format::BinarySI));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ if suffix.len() > 1 && suffix.starts_with(['e', 'E']) => {
            // strconv.ParseInt(s[1:], 10, 64), then int32(...) as Go converts it.
            let exponent: i64 = suffix[1..].parse().ok()?;
            Some((10, exponent as i32, Format::DecimalExponent))
        }
        _ => None,
    }
}

/// A decimal digit string plus one ("" is zero, so "" + 1 is "1").
fn increment(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).expect("digits");
        }
    }
    let mut text = String::from("1");
    text.push_str(std::str::from_utf8(&bytes).expect("digits"));
    text
}

/// The value in thousandths of a unit, for the scheduler and the volume binder:
/// `"100m"` → 100, `"2"` → 2000, `"1Ki"` → 1_024_000. None when it does not parse or fit.
pub fn parse_milli(text: &str) -> Option<i128> {
    Quantity::parse(text).ok()?.milli()
}

/// Whether a string is a valid quantity, for validation.
pub fn is_valid(text: &str) -> bool {
    Quantity::parse(text).is_ok()
}

/// `resource.MustParse(s).String()`, for CAPACITY columns; text that does not parse (or
/// cannot be reduced) is returned unchanged.
pub fn canonical(text: &str) -> String {
    Quantity::parse(text).ok().and_then(|q| q.canonical()).unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milli_values_for_cpu_and_memory() {
        assert_eq!(parse_milli("100m"), Some(100));
        assert_eq!(parse_milli("2"), Some(2000));
        assert_eq!(parse_milli("0.5"), Some(500));
        assert_eq!(parse_milli("1Ki"), Some(1_024_000));
        assert_eq!(parse_milli("8Gi"), Some(8 * (1 << 30) * 1000));
        assert_eq!(parse_milli("1e3"), Some(1_000_000));
        assert_eq!(parse_milli("1.5m"), Some(2), "MilliValue rounds up");
        assert_eq!(parse_milli("-1.5m"), Some(-2), "away from zero");
        assert_eq!(parse_milli("lots"), None);
        assert_eq!(parse_milli("1Qi"), None);
        assert_eq!(parse_milli(&"9".repeat(60)), None, "valid, but too large for the arithmetic");
        assert!(is_valid(&"9".repeat(60)));
    }

    /// `ParseQuantity`'s scanner, not the regular expression it quotes, decides.
    #[test]
    fn parses_like_parse_quantity() {
        let value = |text: &str| Quantity::parse(text).map(|q| q.to_f64());
        assert_eq!(value("100m"), Ok(0.1));
        assert_eq!(value("1Gi"), Ok(1073741824.0));
        assert_eq!(value("1e3"), Ok(1000.0));
        assert_eq!(value("1E"), Ok(1e18));
        assert_eq!(value("1.G"), Ok(1e9), "Go allows an empty fraction");
        for zero in ["0", "Gi", "-", "+", ".", "000"] {
            assert_eq!(value(zero), Ok(0.0), "{zero:?}");
        }
        assert_eq!(value(""), Err(QuantityError::Format));
        assert_eq!(value("1GB"), Err(QuantityError::Format));
        assert_eq!(value("1.5.5"), Err(QuantityError::Format));
        assert_eq!(value("1Qi"), Err(QuantityError::Format));
        assert_eq!(value(" 1"), Err(QuantityError::Format));
        assert_eq!(value("1e"), Err(QuantityError::Suffix));
        assert_eq!(value("1mi"), Err(QuantityError::Suffix));
        assert_eq!(value("1Ki5"), Err(QuantityError::Suffix));
        assert_eq!(Quantity::parse("-5").unwrap().sign(), -1);
        assert!(Quantity::parse("0.0").unwrap().is_zero());
    }

    #[test]
    fn prints_the_canonical_form() {
        for (input, want) in [
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000Mi", "1000Mi"),
            ("1.5Gi", "1536Mi"),
            ("512", "512"),
            ("0.5Ki", "512"),
            ("1000M", "1G"),
            ("1.5M", "1500k"),
            ("0.5", "500m"),
            ("100", "100"),
            ("10", "10"),
            ("0", "0"),
            ("0Gi", "0"),
            ("1e3", "1e3"),
            ("5Gi", "5Gi"),
            ("200Mi", "200Mi"),
            ("1e-12", "1e-9"),
            ("0.0000000001", "1n"),
            ("1000e-12", "1e-9"),
            ("1001e-12", "2e-9"),
            ("1000E", "1e21"),
            ("-2048Ki", "-2Mi"),
            ("1.1Ki", "1126400m"),
            ("garbage", "garbage"),
        ] {
            assert_eq!(canonical(input), want, "{input}");
        }
    }

    #[test]
    fn increments_digit_strings() {
        assert_eq!(increment(""), "1");
        assert_eq!(increment("129"), "130");
        assert_eq!(increment("99"), "100");
    }
}
