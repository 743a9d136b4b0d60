//! `kubectl get -o yaml|json|name`.
//!
//! kubectl reads objects as unstructured maps, so both YAML and JSON come out with keys sorted
//! at every level (JSON by byte order, as Go's `encoding/json` sorts map keys; YAML in
//! go-yaml's natural order, see [`super::yaml`]). `metadata.managedFields` is removed, as
//! kubectl does unless `--show-managed-fields`.
//!
//! Several objects (or a list request such as `kubectl get pods`, even with one result) print
//! as a `List`: `{"apiVersion": "v1", "items": [...], "kind": "List", "metadata":
//! {"resourceVersion": ""}}`. A single named object (`kubectl get pod web-0`) prints alone.

use super::table::kind_prefix;
use super::yaml::to_yaml;
use crate::sim::objects::Object;
use serde_json::{Map, Number, Value};
use std::borrow::Borrow;

/// The object as kubectl prints it: its API JSON without `metadata.managedFields`.
pub fn printable_json(obj: &Object) -> Value {
    let mut v = obj.to_json();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    v
}

/// The `List` kubectl wraps several objects in.
pub fn list_value<O: Borrow<Object>>(objs: &[O]) -> Value {
    let mut metadata = Map::new();
    metadata.insert("resourceVersion".into(), Value::String(String::new()));
    let mut list = Map::new();
    list.insert("apiVersion".into(), Value::String("v1".into()));
    list.insert("items".into(), Value::Array(objs.iter().map(|o| printable_json(o.borrow())).collect()));
    list.insert("kind".into(), Value::String("List".into()));
    list.insert("metadata".into(), Value::Object(metadata));
    Value::Object(list)
}

/// `kubectl get <kind> <name> -o yaml`.
pub fn object_yaml(obj: &Object) -> String {
    to_yaml(&printable_json(obj))
}

/// `kubectl get <kind> -o yaml` (a List).
pub fn list_yaml<O: Borrow<Object>>(objs: &[O]) -> String {
    to_yaml(&list_value(objs))
}

/// `kubectl get <kind> <name> -o json`.
pub fn object_json(obj: &Object) -> String {
    to_json(&printable_json(obj))
}

/// `kubectl get <kind> -o json` (a List).
pub fn list_json<O: Borrow<Object>>(objs: &[O]) -> String {
    to_json(&list_value(objs))
}

/// `-o name` for one object: `pod/web-0`, `daemonset.apps/nginx-ds`.
pub fn object_name(obj: &Object) -> String {
    format!("{}/{}", kind_prefix(obj), obj.name())
}

/// `-o name` for several objects: one per line.
pub fn names<O: Borrow<Object>>(objs: &[O]) -> String {
    objs.iter().map(|o| object_name(o.borrow()) + "\n").collect()
}

/// Go's `json.MarshalIndent(v, "", "    ")` plus the newline kubectl's JSON printer appends:
/// keys sorted by bytes, `{}`/`[]` for empty collections, HTML-safe escaping (`<` is
/// `\u003c`).
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, 0, &mut out);
    out.push('\n');
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn write_json(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_json_number(n)),
        Value::String(s) => write_json_string(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, level + 1);
                write_json(item, level + 1, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                indent(out, level + 1);
                write_json_string(key, out);
                out.push_str(": ");
                if let Some(v) = map.get(*key) {
                    write_json(v, level + 1, out);
                }
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push('}');
        }
    }
}

/// Go's `encoding/json` string encoding with HTML escaping (Go ≥ 1.22 writes `\b` and `\f`).
fn write_json_string(s: &str, out: &mut String) {
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

/// Go's float64 JSON encoding: shortest digits, exponent form below 1e-6 or from 1e21
/// (`1e+21`, `1e-7`). Integers print as integers.
fn go_json_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    crate::sim::gofloat::format_json(n.as_f64().unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_indented_by_four_with_sorted_keys() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"labels": {}, "name": "a<b>&c"},
                       "spec": {"containers": []}, "n": 1.5, "big": 1e21, "tiny": 1e-7, "i": 3});
        assert_eq!(
            to_json(&v),
            "{\n    \"apiVersion\": \"v1\",\n    \"big\": 1e+21,\n    \"i\": 3,\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"labels\": {},\n        \"name\": \"a\\u003cb\\u003e\\u0026c\"\n    },\n    \"n\": 1.5,\n    \"spec\": {\n        \"containers\": []\n    },\n    \"tiny\": 1e-7\n}\n"
        );
    }
}
