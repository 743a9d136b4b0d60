//! One pass over a decoded document with the Go type table: normalizes the JSON the way Go's
//! decoding into typed structs would see it (nulls are no-ops, numeric quantities are strings,
//! a null list item or map value is the zero value), finds the first type error (Go keeps
//! decoding but reports the first one, in document order), and collects unknown fields.
//!
//! The table of Go types is the judge for every struct, typed in Rust or not; the tests check
//! that the table and the Rust structs agree.

use super::gotypes::{self, go_type_name, parse_type, StructType, Type};
use super::path::{field, Segment};
use crate::sim::quantity::{Quantity, QuantityError};
use serde_json::{Map, Value};

/// The first decode error, with its field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TypeError {
    pub path: Vec<Segment>,
    /// Go's error text: `json: cannot unmarshal …`, a quantity or time parse error.
    pub message: String,
}

#[derive(Default)]
pub(crate) struct Walk {
    pub type_error: Option<TypeError>,
    pub unknown: Vec<Vec<Segment>>,
    /// Built-in kinds decode into Go structs, where a JSON null is a no-op.
    strip_nulls: bool,
}

/// Walks a whole object of `kind`. `allowed_fields` (from the registry) is used when the table
/// does not know the kind; `*` allows anything.
pub(crate) fn walk_object(kind: &str, value: &mut Value, builtin: bool, allowed_fields: &[String]) -> Walk {
    let mut walk = Walk { strip_nulls: builtin, ..Walk::default() };
    let mut path = Vec::new();
    match (gotypes::root_struct(kind), value) {
        (Some(structure), Value::Object(map)) if builtin => {
            walk.structure(map, structure, &mut path, true);
        }
        (_, Value::Object(map)) => {
            let open = allowed_fields.iter().any(|f| f == "*");
            if builtin {
                map.retain(|key, value| !value.is_null() || !(open || allowed_fields.contains(key) || key == "metadata"));
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                match key.as_str() {
                    "apiVersion" | "kind" => {}
                    "metadata" => {
                        if let Some(metadata) = map.get_mut("metadata") {
                            path.push(field("metadata"));
                            walk.value(metadata, "ObjectMeta", &mut path, kind_owner(kind));
                            path.pop();
                        }
                    }
                    _ if open || allowed_fields.contains(&key) => {}
                    _ => walk.unknown.push(vec![Segment::Field(key)]),
                }
            }
        }
        _ => {}
    }
    walk
}

/// The Go struct name that owns top-level fields of a kind without a table entry.
fn kind_owner(kind: &str) -> &'static str {
    gotypes::root_struct(kind).map(|s| s.name).unwrap_or("Unstructured")
}

/// The value a Go zero of this type marshals to, for a JSON null in a list or map.
fn zero_value(expression: &'static str) -> Option<Value> {
    match parse_type(expression) {
        Type::String | Type::Bytes => Some(Value::String(String::new())),
        Type::Bool => Some(Value::Bool(false)),
        Type::Int32 | Type::Int64 | Type::Float64 | Type::IntOrString => Some(Value::from(0)),
        Type::Quantity => Some(Value::String("0".into())),
        Type::Struct(_) => Some(Value::Object(Map::new())),
        _ => None,
    }
}

/// Go's description of a JSON value in UnmarshalTypeError (`string`, `number 1.5`, …).
fn json_kind(value: &Value, numeric_literal: bool) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(n) if numeric_literal => format!("number {n}"),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
    }
}

fn go_fields(path: &[Segment]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Segment::Field(name) => Some(name.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `json: cannot unmarshal KIND into Go struct field OWNER.PATH of type T`.
pub(crate) fn unmarshal_message(kind: &str, owner: &str, path: &[Segment], go_type: &str) -> String {
    format!("json: cannot unmarshal {kind} into Go struct field {owner}.{} of type {go_type}", go_fields(path))
}

fn fits(value: &Value, min: i64, max: i64) -> bool {
    value.as_i64().is_some_and(|i| (min..=max).contains(&i))
}

impl Walk {
    fn type_error(&mut self, path: &[Segment], message: String) {
        if self.type_error.is_none() {
            self.type_error = Some(TypeError { path: path.to_vec(), message });
        }
    }

    fn mismatch(&mut self, value: &Value, numeric_literal: bool, owner: &str, path: &[Segment], expression: &'static str) {
        let message = unmarshal_message(&json_kind(value, numeric_literal), owner, path, &go_type_name(expression));
        self.type_error(path, message);
    }

    /// Checks and normalizes `value` of type `expression`; `owner` is the Go struct holding the
    /// last field.
    fn value(&mut self, value: &mut Value, expression: &'static str, path: &mut Vec<Segment>, owner: &'static str) {
        match parse_type(expression) {
            Type::Any => {}
            Type::String => {
                if !value.is_string() {
                    self.mismatch(value, false, owner, path, expression);
                }
            }
            Type::Bool => {
                if !value.is_boolean() {
                    self.mismatch(value, false, owner, path, expression);
                }
            }
            Type::Int32 | Type::Int64 | Type::IntOrString => {
                let (min, max) =
                    if matches!(parse_type(expression), Type::Int64) { (i64::MIN, i64::MAX) } else { (i32::MIN as i64, i32::MAX as i64) };
                match value {
                    Value::String(_) if matches!(parse_type(expression), Type::IntOrString) => {}
                    Value::Number(_) if fits(value, min, max) => {}
                    Value::Number(_) => self.mismatch(value, true, owner, path, expression),
                    _ => self.mismatch(value, false, owner, path, expression),
                }
            }
            Type::Float64 => {
                if !value.is_number() {
                    self.mismatch(value, false, owner, path, expression);
                }
            }
            Type::Quantity => {
                let text = match value {
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => "{".to_string(),
                };
                match Quantity::parse(&text).map(|q| q.to_f64()) {
                    Ok(_) => {
                        if value.is_number() {
                            *value = Value::String(text);
                        }
                    }
                    Err(QuantityError::Format) => self.type_error(path, QuantityError::Format.message().to_string()),
                    Err(QuantityError::Suffix) => self.type_error(path, QuantityError::Suffix.message().to_string()),
                }
            }
            Type::Time => match value {
                Value::String(text) => {
                    // Checked here, before the core's Time deserializer sees the text.
                    let valid = text.is_ascii() && crate::sim::time::parse_rfc3339(text).is_some();
                    if !valid {
                        let message = format!("parsing time {text:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse {text:?} as \"2006\"");
                        self.type_error(path, message);
                    }
                }
                _ => self.mismatch(value, false, owner, path, expression),
            },
            Type::Bytes => match value {
                Value::String(text) => {
                    if let Some(position) = invalid_base64_at(text) {
                        self.type_error(path, format!("illegal base64 data at input byte {position}"));
                    }
                }
                _ => self.mismatch(value, false, owner, path, expression),
            },
            Type::Slice(element) => match value {
                Value::Array(items) => {
                    for (index, item) in items.iter_mut().enumerate() {
                        if item.is_null() && self.strip_nulls {
                            if let Some(zero) = zero_value(element) {
                                *item = zero;
                            }
                        }
                        path.push(Segment::Index(index));
                        self.value(item, element, path, owner);
                        path.pop();
                    }
                }
                _ => self.mismatch(value, false, owner, path, expression),
            },
            Type::Map(element) => match value {
                Value::Object(map) => {
                    for (key, item) in map.iter_mut() {
                        if item.is_null() && self.strip_nulls {
                            if let Some(zero) = zero_value(element) {
                                *item = zero;
                            }
                        }
                        path.push(Segment::Key(key.clone()));
                        self.value(item, element, path, owner);
                        path.pop();
                    }
                }
                _ => self.mismatch(value, false, owner, path, expression),
            },
            Type::Struct(name) => {
                let Some(structure) = gotypes::struct_type(name) else {
                    return;
                };
                match value {
                    Value::Object(map) => self.structure(map, structure, path, false),
                    _ => self.mismatch(value, false, owner, path, expression),
                }
            }
        }
    }

    fn structure(&mut self, map: &mut Map<String, Value>, structure: &'static StructType, path: &mut Vec<Segment>, root: bool) {
        if self.strip_nulls {
            // A null is a no-op for a known field; an unknown key is reported whatever its value.
            map.retain(|key, value| !value.is_null() || structure.field(key).is_none());
        }
        for (key, child) in map.iter_mut() {
            if root && (key == "apiVersion" || key == "kind") {
                continue;
            }
            path.push(Segment::Field(key.clone()));
            match structure.field(key) {
                Some(expression) => self.value(child, expression, path, structure.name),
                None => self.unknown.push(path.clone()),
            }
            path.pop();
        }
    }
}

/// Position of the first byte base64.StdEncoding rejects, if any.
fn invalid_base64_at(text: &str) -> Option<usize> {
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    let mut padding_from: Option<usize> = None;
    for (index, byte) in bytes.iter().enumerate() {
        let valid = byte.is_ascii_alphanumeric() || *byte == b'+' || *byte == b'/';
        if *byte == b'=' {
            padding_from.get_or_insert(index);
            continue;
        }
        if !valid || padding_from.is_some() {
            return Some(index);
        }
    }
    let length = bytes.len();
    if length % 4 != 0 {
        return Some(length - length % 4);
    }
    if let Some(start) = padding_from {
        if length - start > 2 {
            return Some(start);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_unknown_fields_in_typed_and_table_structs() {
        let mut value = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "labelz": {}},
            "spec": {"replicas": 2, "foo": 1, "template": {"spec": {"contaners": [], "containers": [{"name": "a", "env": [{"nme": "x"}]}]}}}
        });
        let walk = walk_object("StatefulSet", &mut value, true, &[]);
        let found: Vec<String> = walk.unknown.iter().map(|p| super::super::path::json_path(p)).collect();
        assert!(found.contains(&"metadata.labelz".to_string()), "{found:?}");
        assert!(found.contains(&"spec.foo".to_string()), "{found:?}");
        assert!(found.contains(&"spec.template.spec.contaners".to_string()), "{found:?}");
        assert!(found.contains(&"spec.template.spec.containers[0].env[0].nme".to_string()), "{found:?}");
        assert!(walk.type_error.is_none());
    }

    #[test]
    fn first_type_error_names_the_go_struct_and_type() {
        let mut value = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "ports": [{"containerPort": "80"}]}]}}}});
        let walk = walk_object("DaemonSet", &mut value, true, &[]);
        let error = walk.type_error.unwrap();
        assert_eq!(
            error.message,
            "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"
        );
        assert_eq!(super::super::path::display(&error.path), "spec.template.spec.containers[0].ports[0].containerPort");
    }

    #[test]
    fn base64_errors_point_at_the_bad_byte() {
        assert_eq!(invalid_base64_at("aGVsbG8="), None);
        assert_eq!(invalid_base64_at("aGVs*G8="), Some(4));
        assert_eq!(invalid_base64_at("abc"), Some(0));
    }
}
