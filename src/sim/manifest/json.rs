//! A stream of JSON values with positions, and Go's `encoding/json` syntax errors
//! (`json: offset N: invalid character '}' looking for beginning of object key string`,
//! wrapped by apimachinery's `JSONSyntaxError`; a truncated value is `unexpected EOF`).

use super::path::{child_index, child_key};
use super::yaml::{float_value, Budget};
use super::{Document, LIMITS};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(super) struct JsonError {
    pub message: String,
    pub line: usize,
    pub col: usize,
    /// Byte where the failing top-level value's input starts (after the last good one).
    pub resume: usize,
    /// A limit was hit: do not retry as YAML.
    pub fatal: bool,
}

pub(super) struct JsonOutcome {
    pub documents: Vec<Document>,
    /// Top-level values decoded, including `null`s that make no document.
    pub objects: usize,
    pub error: Option<JsonError>,
}

pub(super) fn parse_stream(text: &str, budget: &mut Budget) -> JsonOutcome {
    let mut reader = Reader { bytes: text.as_bytes(), text, position: 0, line: 1, col: 1, budget, positions: BTreeMap::new(), depth: 0 };
    let mut documents = Vec::new();
    let mut objects = 0;
    loop {
        let resume = reader.position;
        reader.skip_whitespace();
        if reader.position >= reader.bytes.len() {
            return JsonOutcome { documents, objects, error: None };
        }
        let start = (reader.line, reader.col);
        reader.positions = BTreeMap::new();
        match reader.value(String::new()) {
            Ok(value) => {
                objects += 1;
                if !value.is_null() {
                    let positions = std::mem::take(&mut reader.positions);
                    documents.push(Document { index: documents.len(), value, positions, line: start.0, col: start.1 });
                }
            }
            Err(failure) => {
                let (message, fatal) = match failure.kind {
                    Failure::Syntax(message) => (format!("json: offset {}: {message}", failure.offset), false),
                    Failure::Eof => ("unexpected EOF".to_string(), false),
                    Failure::Limit(message) => (message, true),
                };
                let error = JsonError { message, line: failure.line, col: failure.col, resume, fatal };
                return JsonOutcome { documents, objects, error: Some(error) };
            }
        }
    }
}

enum Failure {
    Syntax(String),
    Eof,
    Limit(String),
}

struct Located {
    kind: Failure,
    offset: usize,
    line: usize,
    col: usize,
}

struct Reader<'a, 'b> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
    line: usize,
    col: usize,
    budget: &'b mut Budget,
    positions: BTreeMap<String, (usize, usize)>,
    depth: usize,
}

/// Go's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => {
            let quoted = format!("{c:?}");
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

impl Reader<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn current_char(&self) -> char {
        self.text.get(self.position..).and_then(|s| s.chars().next()).unwrap_or('\u{fffd}')
    }

    fn bump(&mut self) {
        if let Some(byte) = self.peek() {
            self.position += 1;
            if byte == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if byte & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn fail(&self, context: &str) -> Located {
        if self.position >= self.bytes.len() {
            return Located { kind: Failure::Eof, offset: self.position, line: self.line, col: self.col };
        }
        let message = format!("invalid character {} {context}", quote_char(self.current_char()));
        Located { kind: Failure::Syntax(message), offset: self.position + 1, line: self.line, col: self.col }
    }

    fn limit(&self, message: String) -> Located {
        Located { kind: Failure::Limit(message), offset: self.position, line: self.line, col: self.col }
    }

    fn value(&mut self, path: String) -> Result<Value, Located> {
        self.skip_whitespace();
        if let Err(message) = self.budget.take(1, false) {
            return Err(self.limit(format!("json: {message}")));
        }
        match self.peek() {
            Some(b'{') => self.object(path),
            Some(b'[') => self.array(path),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            _ => Err(self.fail("looking for beginning of value")),
        }
    }

    fn enter(&mut self) -> Result<(), Located> {
        self.depth += 1;
        if self.depth > LIMITS.depth_max {
            return Err(self.limit(format!("json: exceeded max depth of {}", LIMITS.depth_max)));
        }
        Ok(())
    }

    fn object(&mut self, path: String) -> Result<Value, Located> {
        self.enter()?;
        self.bump();
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            self.depth -= 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.fail("looking for beginning of object key string"));
            }
            let key_position = (self.line, self.col);
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.fail("after object key"));
            }
            self.bump();
            let child = child_key(&path, &key);
            self.positions.insert(child.clone(), key_position);
            let value = self.value(child)?;
            map.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    self.depth -= 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.fail("after object key:value pair")),
            }
        }
    }

    fn array(&mut self, path: String) -> Result<Value, Located> {
        self.enter()?;
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            let child = child_index(&path, items.len());
            self.positions.insert(child.clone(), (self.line, self.col));
            items.push(self.value(child)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.fail("after array element")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Located> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| (b as char).to_digit(16));
            match digit {
                Some(d) => {
                    value = value * 16 + d;
                    self.bump();
                }
                None => return Err(self.fail("in \\u hexadecimal character escape")),
            }
        }
        Ok(value)
    }

    fn string(&mut self) -> Result<String, Located> {
        self.bump();
        let mut out = String::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.fail(""));
            };
            match byte {
                b'"' => {
                    self.bump();
                    return Ok(out);
                }
                b'\\' => {
                    self.bump();
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.bump();
                            let first = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&first) && self.bytes.get(self.position..self.position + 2) == Some(b"\\u")
                            {
                                let saved = (self.position, self.line, self.col);
                                self.bump();
                                self.bump();
                                let second = self.hex4()?;
                                if (0xDC00..0xE000).contains(&second) {
                                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)).unwrap_or('\u{fffd}')
                                } else {
                                    (self.position, self.line, self.col) = saved;
                                    '\u{fffd}'
                                }
                            } else {
                                char::from_u32(first).unwrap_or('\u{fffd}')
                            };
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.fail("in string escape code")),
                    };
                    self.bump();
                    out.push(escaped);
                }
                0..=0x1f => return Err(self.fail("in string literal")),
                _ => {
                    let c = self.current_char();
                    out.push(c);
                    for _ in 0..c.len_utf8() {
                        self.bump();
                    }
                }
            }
        }
    }

    fn digits(&mut self) -> usize {
        let mut count = 0;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
            count += 1;
        }
        count
    }

    fn number(&mut self) -> Result<Value, Located> {
        let start = self.position;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("in numeric literal")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.bump();
            if self.digits() == 0 {
                return Err(self.fail("after decimal point in numeric literal"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integral = false;
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(self.fail("in exponent of numeric literal"));
            }
        }
        let literal = &self.text[start..self.position];
        if integral {
            if let Ok(i) = literal.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
        }
        // kubectl decodes other numbers as float64 and marshals them back.
        let value: f64 = literal.parse().unwrap_or(f64::INFINITY);
        float_value(value).map_err(|message| self.limit(message))
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Located> {
        for (index, expected) in word.bytes().enumerate() {
            if self.peek() != Some(expected) {
                let context = format!("in literal {word} (expecting {})", quote_char(expected as char));
                if index == 0 {
                    return Err(self.fail("looking for beginning of value"));
                }
                return Err(self.fail(&context));
            }
            self.bump();
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> String {
        let mut budget = Budget::default();
        parse_stream(text, &mut budget).error.map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn go_syntax_errors() {
        assert_eq!(first_error(r#"{"a": 1,}"#), "json: offset 9: invalid character '}' looking for beginning of object key string");
        assert_eq!(first_error(r#"{"a" 1}"#), "json: offset 6: invalid character '1' after object key");
        assert_eq!(first_error(r#"{"a": 1 "b": 2}"#), "json: offset 9: invalid character '\"' after object key:value pair");
        assert_eq!(first_error(r#"{"a": [1 2]}"#), "json: offset 10: invalid character '2' after array element");
        assert_eq!(first_error(r#"{"a": tru}"#), "json: offset 10: invalid character '}' in literal true (expecting 'e')");
        assert_eq!(first_error(r#"{"a": 1"#), "unexpected EOF");
    }

    #[test]
    fn positions_and_numbers() {
        let mut budget = Budget::default();
        let outcome = parse_stream("{\n  \"a\": {\"b\": [1.0, 2.5, \"\\u00e9\\ud83d\\ude00\"]}\n}\n{\"c\": 1}", &mut budget);
        assert!(outcome.error.is_none());
        assert_eq!(outcome.documents.len(), 2);
        let document = &outcome.documents[0];
        assert_eq!(document.value["a"]["b"][0], Value::from(1));
        assert_eq!(document.value["a"]["b"][1], Value::from(2.5));
        assert_eq!(document.value["a"]["b"][2], Value::from("é😀"));
        assert_eq!(document.positions["a"], (2, 3));
        assert_eq!(document.positions["a.b"], (2, 9));
        assert_eq!(document.positions["a.b[1]"], (2, 20));
        assert_eq!(outcome.documents[1].line, 4);
    }
}
