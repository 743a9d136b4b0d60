//! YAML exactly as `kubectl get -o yaml` writes it: `sigs.k8s.io/yaml.Marshal` = JSON, read
//! back by go-yaml v2 (`yaml.Unmarshal` into `interface{}`) and written by go-yaml v2's
//! encoder. This is a port of the parts of go-yaml v2 that JSON-shaped data reaches:
//!
//! - `sorter.go` (`keyList.Less`): map keys sorted "naturally" — digit runs compare as
//!   numbers, and a non-letter sorts before a letter;
//! - `encode.go` (`stringv`, `floatv`) and `resolve.go` (`resolve`, `parseTimestamp`,
//!   `isBase60Float`): strings that would read back as another type (`"1001"`, `"true"`,
//!   `""`, `"2026-01-01T00:00:00Z"`, `"1:20"`) are double-quoted, multi-line ones are literal
//!   blocks;
//! - `emitterc.go` (`yaml_emitter_*`): block mappings, "indentless" sequences under mapping
//!   keys, `{}`/`[]` for empty collections, `'…'` when a plain scalar is not allowed, `"…"`
//!   with escapes, `|`/`|-`/`|+` block scalars, complex keys (`? `) over 128 bytes, and the
//!   80-column folding of long plain and quoted scalars at spaces.

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// `sigs.k8s.io/yaml.Marshal` of a JSON value.
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::new();
    e.emit_node(value, true, false, false, false);
    // Document end: an implicit document just ends the last line.
    e.write_indent();
    e.out
}

// ---------------------------------------------------------------------------------------------
// Key order (sorter.go)

fn go_is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn go_is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// `keyList.Less` for two string keys.
pub fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = go_is_letter(ar[i]);
        let bl = go_is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && go_is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && go_is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && go_is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    crate::sort::sort_by(&mut entries, |(a, _), (b, _)| {
        if key_less(a, b) {
            Ordering::Less
        } else if key_less(b, a) {
            Ordering::Greater
        } else {
            a.cmp(b)
        }
    });
    entries
}

// ---------------------------------------------------------------------------------------------
// Scalars (encode.go, resolve.go)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        let f = n.as_f64().unwrap_or(0.0);
        // go-yaml decodes an integral JSON number written with a fraction ("3.0") as a float
        // and re-encodes it with 'g' formatting ("3").
        crate::sim::gofloat::format_g(f)
    }
}

/// `resolve("", s)` tag is not `!!str`, or `isBase60Float(s)`: the string would not read back
/// as a string if written plain.
fn needs_quotes(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return true; // "" resolves to null
    };
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO" | "false"
        | "False" | "FALSE" | "off" | "Off" | "OFF" | "~" | "null" | "Null" | "NULL" | ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf"
        | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | "<<" => return true,
        _ => {}
    }
    let resolves_to_non_string = match first {
        b'.' => is_dot_float(s),
        b'+' | b'-' | b'0'..=b'9' => {
            let plain: String = s.chars().filter(|c| *c != '_').collect();
            parse_timestamp(s)
                || go_parse_int_syntax(&plain)
                || (is_yaml_style_float(&plain) && plain.parse::<f64>().is_ok_and(f64::is_finite))
                || binary_int(&plain)
        }
        _ => false,
    };
    resolves_to_non_string || is_base60_float(s)
}

/// `strconv.ParseFloat` for text starting with '.': `.5`, `.5e3`.
fn is_dot_float(s: &str) -> bool {
    let rest = &s[1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let exp = &rest[digits..];
    if exp.is_empty() {
        return true;
    }
    let Some(e) = exp.strip_prefix(['e', 'E']) else {
        return false;
    };
    let e = e.strip_prefix(['+', '-']).unwrap_or(e);
    !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
}

/// `strconv.ParseInt(s, 0, 64)` syntax (any magnitude: out-of-range integers still resolve
/// to `!!int` through the big-integer fallback).
fn go_parse_int_syntax(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s.is_empty() {
        return false;
    }
    let b = s.as_bytes();
    let (digits, radix) = if b[0] == b'0' && s.len() >= 3 && matches!(b[1], b'b' | b'B') {
        (&s[2..], 2)
    } else if b[0] == b'0' && s.len() >= 3 && matches!(b[1], b'o' | b'O') {
        (&s[2..], 8)
    } else if b[0] == b'0' && s.len() >= 3 && matches!(b[1], b'x' | b'X') {
        (&s[2..], 16)
    } else if b[0] == b'0' {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    digits.chars().all(|c| c.is_digit(radix))
}

fn binary_int(plain: &str) -> bool {
    let digits = plain.strip_prefix("0b").or_else(|| plain.strip_prefix("-0b"));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c == b'0' || c == b'1'))
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if int_digits > 0 {
        i += int_digits;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
    } else {
        if i >= b.len() || b[i] != b'.' {
            return false;
        }
        i += 1;
        let frac = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return false;
        }
        i += frac;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        match digits {
            1 => i += 1,
            2 if b[i] <= b'5' => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// Up to two digits (`getnum` with fixed=false); returns (value, rest).
fn getnum(s: &str) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return None;
    }
    if b.len() < 2 || !b[1].is_ascii_digit() {
        return Some(((b[0] - b'0') as u32, &s[1..]));
    }
    Some((((b[0] - b'0') * 10 + (b[1] - b'0')) as u32, &s[2..]))
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `parseTimestamp`: go-yaml v2 resolves `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`
/// (`T` or `t`) and `2006-1-2 15:4:5.999999999` as timestamps (Go's `time.Parse`).
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.len() == 4 || b[4] != b'-' {
        return false;
    }
    let year: i64 = s[..4].parse().unwrap_or(0);
    let Some((month, rest)) = getnum(&s[5..]) else { return false };
    if !(1..=12).contains(&month) {
        return false;
    }
    let Some(rest) = rest.strip_prefix('-') else { return false };
    let Some((day, rest)) = getnum(rest) else { return false };
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    if rest.is_empty() {
        return true; // "2006-1-2"
    }
    let (with_zone, rest) = if let Some(r) = rest.strip_prefix(['T', 't']) {
        (true, r)
    } else if let Some(r) = rest.strip_prefix(' ') {
        (false, r)
    } else {
        return false;
    };
    let Some((hour, rest)) = getnum(rest) else { return false };
    let Some(rest) = rest.strip_prefix(':') else { return false };
    let Some((minute, rest)) = getnum(rest) else { return false };
    let Some(rest) = rest.strip_prefix(':') else { return false };
    let Some((second, mut rest)) = getnum(rest) else { return false };
    if hour >= 24 || minute >= 60 || second >= 60 {
        return false;
    }
    // Optional fraction: '.' or ',' then digits.
    let rb = rest.as_bytes();
    if rb.len() >= 2 && (rb[0] == b'.' || rb[0] == b',') && rb[1].is_ascii_digit() {
        let digits = rb[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        rest = &rest[1 + digits..];
    }
    if !with_zone {
        return rest.is_empty();
    }
    if rest == "Z" {
        return true;
    }
    let zb = rest.as_bytes();
    zb.len() == 6
        && (zb[0] == b'+' || zb[0] == b'-')
        && zb[1].is_ascii_digit()
        && zb[2].is_ascii_digit()
        && zb[3] == b':'
        && zb[4].is_ascii_digit()
        && zb[5].is_ascii_digit()
}

// ---------------------------------------------------------------------------------------------
// Character classes (yamlh.go), on UTF-8 bytes.

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn width(c: u8) -> usize {
    if c & 0x80 == 0x00 {
        1
    } else if c & 0xE0 == 0xC0 {
        2
    } else if c & 0xF0 == 0xE0 {
        3
    } else if c & 0xF8 == 0xF0 {
        4
    } else {
        1
    }
}

fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && at(b, i + 1) >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && at(b, i + 1) < 0xA0)
        || c == 0xEE
        || (c == 0xEF
            && !(at(b, i + 1) == 0xBB && at(b, i + 2) == 0xBF)
            && !(at(b, i + 1) == 0xBF && (at(b, i + 2) == 0xBE || at(b, i + 2) == 0xBF)))
}

fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    at(b, i) == b' ' || at(b, i) == b'\t'
}

fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9))
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || i >= b.len() || at(b, i) == 0
}

fn is_bom(b: &[u8], i: usize) -> bool {
    at(b, i) == 0xEF && at(b, i + 1) == 0xBB && at(b, i + 2) == 0xBF
}

/// `yaml_emitter_analyze_scalar`.
#[derive(Clone, Copy, Debug)]
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze_scalar(value: &[u8]) -> Analysis {
    if value.is_empty() {
        return Analysis { multiline: false, block_plain_allowed: true, single_quoted_allowed: true, block_allowed: false };
    }
    let mut block_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.len() >= 3 && (value.starts_with(b"---") || value.starts_with(b"...")) {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut i = 0;
    while i < value.len() {
        let w = width(value[i]);
        let followed_by_whitespace = i + w >= value.len() || is_blank(value, i + w);
        if i == 0 {
            match value[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                    block_indicators = true
                }
                b'?' | b':' | b'-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match value[i] {
                b':' if followed_by_whitespace => block_indicators = true,
                b'#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(value, i) {
            special_characters = true;
        }
        if is_space(value, i) {
            if i == 0 {
                leading_space = true;
            }
            if i + w == value.len() {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(value, i) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + w == value.len() {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(value, i);
        i += w;
    }

    let mut a = Analysis { multiline: line_breaks, block_plain_allowed: true, single_quoted_allowed: true, block_allowed: true };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.block_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

// ---------------------------------------------------------------------------------------------
// The emitter (emitterc.go), block styles only (JSON data never needs flow collections beyond
// `{}` and `[]`).

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i32,
    indents: Vec<i32>,
    best_indent: i32,
    best_width: usize,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
            best_indent: 2,
            best_width: 80,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `write`: copies one character.
    fn write(&mut self, value: &[u8], i: &mut usize) {
        let w = width(value[*i]);
        let end = (*i + w).min(value.len());
        self.out.push_str(&String::from_utf8_lossy(&value[*i..end]));
        self.column += 1;
        *i = end;
    }

    fn write_break(&mut self, value: &[u8], i: &mut usize) {
        if value[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(value, i);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            self.indent += self.best_indent;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn emit_node(&mut self, value: &Value, _root: bool, _sequence: bool, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match value {
            Value::Object(map) if map.is_empty() => {
                self.write_indicator("{", true, true, false);
                self.write_indicator("}", false, false, false);
            }
            Value::Object(map) => self.emit_block_mapping(map),
            Value::Array(items) if items.is_empty() => {
                self.write_indicator("[", true, true, false);
                self.write_indicator("]", false, false, false);
            }
            Value::Array(items) => self.emit_block_sequence(items),
            Value::Null => self.emit_scalar("null", Style::Plain),
            Value::Bool(b) => self.emit_scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Number(n) => self.emit_scalar(&number_text(n), Style::Plain),
            Value::String(s) => {
                let style = if s.contains('\n') {
                    Style::Literal
                } else if !needs_quotes(s) {
                    Style::Plain
                } else {
                    Style::DoubleQuoted
                };
                self.emit_scalar(s, style);
            }
        }
    }

    fn emit_block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        for (key, value) in sorted_entries(map) {
            self.write_indent();
            let key_value = Value::String(key.clone());
            // yaml_emitter_check_simple_key: a single-line scalar of at most 128 bytes.
            let simple = !analyze_scalar(key.as_bytes()).multiline && key.len() <= 128;
            if simple {
                self.emit_node(&key_value, false, false, true, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.emit_node(&key_value, false, false, true, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.emit_node(value, false, false, true, false);
        }
        self.pop_indent();
    }

    fn emit_block_sequence(&mut self, items: &[Value]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, false, true, false, false);
        }
        self.pop_indent();
    }

    /// `yaml_emitter_select_scalar_style` + `yaml_emitter_process_scalar`.
    fn emit_scalar(&mut self, value: &str, requested: Style) {
        let bytes = value.as_bytes();
        let a = analyze_scalar(bytes);
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if !a.block_plain_allowed {
                style = Style::SingleQuoted;
            }
            if value.is_empty() && self.simple_key_context {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(bytes, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(bytes, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(bytes, allow_breaks),
            Style::Literal => self.write_literal(bytes),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &[u8], allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks && !spaces && self.column > self.best_width && !is_space(value, i + 1) {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks && !spaces && self.column > self.best_width && i > 0 && i < value.len() - 1 && !is_space(value, i + 1) {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if value[i] == b'\'' {
                    self.put('\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let mut i = 0;
        while i < value.len() {
            if !is_printable(value, i) || is_bom(value, i) || is_break(value, i) || value[i] == b'"' || value[i] == b'\\' {
                let w = width(value[i]);
                let end = (i + w).min(value.len());
                let v = std::str::from_utf8(&value[i..end]).ok().and_then(|s| s.chars().next()).map(|c| c as u32);
                let v = v.unwrap_or(value[i] as u32);
                i = end;
                self.put('\\');
                match v {
                    0x00 => self.put('0'),
                    0x07 => self.put('a'),
                    0x08 => self.put('b'),
                    0x09 => self.put('t'),
                    0x0A => self.put('n'),
                    0x0B => self.put('v'),
                    0x0C => self.put('f'),
                    0x0D => self.put('r'),
                    0x1B => self.put('e'),
                    0x22 => self.put('"'),
                    0x5C => self.put('\\'),
                    0x85 => self.put('N'),
                    0xA0 => self.put('_'),
                    0x2028 => self.put('L'),
                    0x2029 => self.put('P'),
                    _ => {
                        let (prefix, digits) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(prefix);
                        for k in (0..digits).rev() {
                            let digit = (v >> (k * 4)) & 0x0F;
                            let c = if digit < 10 { (b'0' + digit as u8) as char } else { (b'A' + digit as u8 - 10) as char };
                            self.put(c);
                        }
                    }
                }
                spaces = false;
            } else if is_space(value, i) {
                if allow_breaks && !spaces && self.column > self.best_width && i > 0 && i < value.len() - 1 {
                    self.write_indent();
                    if is_space(value, i + 1) {
                        self.put('\\');
                    }
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = ((b'0' + self.best_indent as u8) as char).to_string();
            self.write_indicator(&hint, false, false, false);
        }
        let chomp = if value.is_empty() {
            Some("-")
        } else {
            let mut i = value.len() - 1;
            while i > 0 && value[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(value, i) {
                Some("-")
            } else if i == 0 {
                Some("+")
            } else {
                i -= 1;
                while i > 0 && value[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if is_break(value, i) {
                    Some("+")
                } else {
                    None
                }
            }
        };
        if let Some(c) = chomp {
            self.write_indicator(c, false, false, false);
        }
    }

    fn write_literal(&mut self, value: &[u8]) {
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_sort_like_go_yaml() {
        let mut keys = vec!["b", "a10", "a9", "A", "_x", "a", "a-b", "a.b", "key2", "key10", "apiVersion", "kind"];
        keys.sort_by(|a, b| {
            if key_less(a, b) {
                Ordering::Less
            } else if key_less(b, a) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        });
        assert_eq!(keys, vec!["_x", "A", "a", "a-b", "a.b", "a9", "a10", "apiVersion", "b", "key2", "key10", "kind"]);
    }

    #[test]
    fn scalars_are_quoted_when_they_would_change_type() {
        for s in [
            "",
            "1001",
            "true",
            "False",
            "yes",
            "n",
            "null",
            "~",
            "2026-01-01T00:00:00Z",
            "2026-1-2",
            "1.5",
            "1e3",
            ".5",
            "0x1F",
            "0777",
            "08",
            "1_000",
            "+1",
            "1:20",
            "-.inf",
        ] {
            assert!(needs_quotes(s), "{s:?} should be quoted");
        }
        for s in ["nginx", "1.2.3", "10.96.0.1", "80/TCP", "-", "2026-13-01", "v1", "a:b", "0x", "1e", "12:60"] {
            assert!(!needs_quotes(s), "{s:?} should be plain");
        }
    }

    #[test]
    fn renders_block_styles() {
        let v = json!({
            "metadata": {"name": "x", "labels": {}, "resourceVersion": "1001"},
            "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}]}],
                     "args": ["a", "b"], "empty": [], "nested": [["a"], {}]},
            "data": {"script": "echo hi\necho bye\n", "nope": "a: b", "star": "*", "q": "it's"},
            "n": null, "t": true, "f": 0.5
        });
        assert_eq!(
            to_yaml(&v),
            "data:\n  nope: 'a: b'\n  q: it's\n  script: |\n    echo hi\n    echo bye\n  star: '*'\n\
             f: 0.5\n\
             metadata:\n  labels: {}\n  name: x\n  resourceVersion: \"1001\"\n\
             \"n\": null\n\
             spec:\n  args:\n  - a\n  - b\n  containers:\n  - image: nginx\n    name: nginx\n    ports:\n    - containerPort: 80\n  empty: []\n  nested:\n  - - a\n  - {}\n\
             t: true\n"
        );
    }

    #[test]
    fn block_scalar_chomping_and_indent_hints() {
        assert_eq!(to_yaml(&json!({"k": "a\nb"})), "k: |-\n  a\n  b\n");
        assert_eq!(to_yaml(&json!({"k": "a\n\n"})), "k: |+\n  a\n\n");
        assert_eq!(to_yaml(&json!({"k": "  a\nb\n"})), "k: |2\n    a\n  b\n");
        assert_eq!(to_yaml(&json!({"k": "a \nb"})), "k: \"a \\nb\"\n");
        assert_eq!(to_yaml(&json!({"k": "tab\there"})), "k: \"tab\\there\"\n");
        assert_eq!(to_yaml(&json!([{"a": "x\ny"}])), "- a: |-\n    x\n    y\n");
    }

    #[test]
    fn long_plain_scalars_fold_after_column_80() {
        let text = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value.";
        assert_eq!(
            to_yaml(&json!({"description": text})),
            "description: APIVersion defines the versioned schema of this representation of an\n  object. Servers should convert recognized schemas to the latest internal value.\n"
        );
        let quoted = "container nginx: back-off 10s restarting failed container=nginx pod=web-0_default(0123) and more text";
        assert_eq!(
            to_yaml(&json!({"message": quoted})),
            "message: 'container nginx: back-off 10s restarting failed container=nginx pod=web-0_default(0123)\n  and more text'\n"
        );
    }

    #[test]
    fn special_keys() {
        assert_eq!(to_yaml(&json!({"80": "x", "": "y", "a b": "z"})), "\"\": \"y\"\n\"80\": x\na b: z\n");
        let long = "k".repeat(129);
        assert_eq!(to_yaml(&json!({ long.clone(): "v" })), format!("? {long}\n: v\n"));
    }
}
