//! JSON text as Go's `encoding/json` writes it, and reading one JSON value.
//!
//! kubectl and the API server are Go: `-o json`, the `last-applied-configuration` annotation and
//! the object text inside error messages come out of `json.Marshal`/`MarshalIndent`, which sort
//! map keys by bytes, escape `<`, `>` and `&` as `\u003c`-style escapes and print float64s in
//! their own shape ([`super::gofloat::format_json`]). Reading uses the manifest pipeline's JSON
//! reader (Go's grammar and errors), so the page carries one JSON reader and one writer.

use super::gofloat;
use serde_json::{Number, Value};

/// `json.Marshal(v)`: compact, `{"a":1,"b":[true]}`.
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write(value, None, &mut out);
    out
}

/// `json.MarshalIndent(v, "", "    ")`.
pub fn indented(value: &Value) -> String {
    let mut out = String::new();
    write(value, Some(0), &mut out);
    out
}

/// One JSON value and nothing else but whitespace (a patch, a stored intent log, a
/// `--for=jsonpath` value), or None.
pub fn parse(text: &str) -> Option<Value> {
    super::manifest::parse_json_value(text)
}

fn newline(out: &mut String, level: Option<usize>) {
    if let Some(level) = level {
        out.push('\n');
        for _ in 0..level {
            out.push_str("    ");
        }
    }
}

/// `level` is the indentation depth, None for compact output.
fn write(value: &Value, level: Option<usize>, out: &mut String) {
    let inner = level.map(|l| l + 1);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => write_string(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write(item, inner, out);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            // serde_json's Map is a BTreeMap: its keys already come in byte order, as Go sorts them.
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_string(key, out);
                out.push_str(if level.is_some() { ": " } else { ":" });
                write(item, inner, out);
            }
            newline(out, level);
            out.push('}');
        }
    }
}

/// Go's `encoding/json` string encoding with HTML escaping (Go ≥ 1.22 writes `\b` and `\f`).
fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{0}'..='\u{1f}' => {
                let b = c as u32 as u8;
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Integers as integers; float64s in Go's shape.
fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    gofloat::format_json(n.as_f64().unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_is_go_marshal() {
        let value = json!({"b": [1, 2.5, null], "a": {"x": "<tag> & co"}, "e": {}, "l": []});
        assert_eq!(compact(&value), r#"{"a":{"x":"\u003ctag\u003e \u0026 co"},"b":[1,2.5,null],"e":{},"l":[]}"#);
    }

    #[test]
    fn indented_is_go_marshal_indent() {
        let value = json!({"k": [1, {"z": true}], "e": []});
        assert_eq!(
            indented(&value),
            "{\n    \"e\": [],\n    \"k\": [\n        1,\n        {\n            \"z\": true\n        }\n    ]\n}"
        );
    }

    #[test]
    fn parses_one_value_and_nothing_more() {
        assert_eq!(parse(r#" {"a": [1, "x"]} "#), Some(json!({"a": [1, "x"]})));
        assert_eq!(parse("\"Running\""), Some(json!("Running")));
        assert_eq!(parse("3"), Some(json!(3)));
        assert_eq!(parse("null"), Some(Value::Null));
        assert_eq!(parse("{} {}"), None);
        assert_eq!(parse("{\"a\": }"), None);
        assert_eq!(parse(""), None);
    }
}
