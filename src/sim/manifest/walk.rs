//! One pass over a decoded document with the Go type table: normalizes the JSON the way Go's
//! decoding into typed structs would see it (nulls are no-ops, numeric quantities are strings,
//! a null list item or map value is the zero value), finds the first type error (Go keeps
//! decoding but reports the first one, in document order), and collects unknown fields —
//! from the table for "closed" structs, and from serde_ignored on the Rust types for "open"
//! ones.

use super::gotypes::{self, go_type_name, parse_type, StructType, Type};
use super::names::{parse_quantity, QuantityError};
use super::path::{field, Segment};
use crate::sim::objects::{apps, core, meta, node, pod};
use serde::de::DeserializeOwned;
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
            walk.structure(map, structure, &mut path, true, true);
        }
        (_, Value::Object(map)) => {
            if builtin {
                strip_nulls(map);
            }
            let open = allowed_fields.iter().any(|f| f == "*");
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                match key.as_str() {
                    "apiVersion" | "kind" => {}
                    "metadata" => {
                        if let Some(metadata) = map.get_mut("metadata") {
                            path.push(field("metadata"));
                            walk.value(metadata, "ObjectMeta", &mut path, kind_owner(kind), true);
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

fn strip_nulls(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
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
    /// last field; `from_closed` says the parent is not covered by a Rust type.
    fn value(&mut self, value: &mut Value, expression: &'static str, path: &mut Vec<Segment>, owner: &'static str, from_closed: bool) {
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
                let (min, max) = if matches!(parse_type(expression), Type::Int64) {
                    (i64::MIN, i64::MAX)
                } else {
                    (i32::MIN as i64, i32::MAX as i64)
                };
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
                match parse_quantity(&text) {
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
                        self.value(item, element, path, owner, from_closed);
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
                        self.value(item, element, path, owner, from_closed);
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
                    Value::Object(map) => self.structure(map, structure, path, from_closed, false),
                    _ => self.mismatch(value, false, owner, path, expression),
                }
            }
        }
    }

    fn structure(&mut self, map: &mut Map<String, Value>, structure: &'static StructType, path: &mut Vec<Segment>, from_closed: bool, root: bool) {
        if self.strip_nulls {
            strip_nulls(map);
        }
        for (key, child) in map.iter_mut() {
            if root && (key == "apiVersion" || key == "kind") {
                continue;
            }
            path.push(Segment::Field(key.clone()));
            match structure.field(key) {
                Some(expression) => self.value(child, expression, path, structure.name, structure.closed),
                None if structure.closed => self.unknown.push(path.clone()),
                None => {}
            }
            path.pop();
        }
        if !structure.closed && (from_closed || root) {
            // The Rust type covers this struct: its unknown fields come from serde_ignored.
            let type_meta: Vec<(String, Value)> = if root {
                ["apiVersion", "kind"].iter().filter_map(|k| map.remove(*k).map(|v| (k.to_string(), v))).collect()
            } else {
                Vec::new()
            };
            let subject = Value::Object(std::mem::take(map));
            let (unknown, error) = serde_check(structure.name, &subject);
            if let Value::Object(restored) = subject {
                *map = restored;
            }
            map.extend(type_meta);
            for relative in unknown {
                let mut full = path.clone();
                full.extend(relative);
                self.unknown.push(full);
            }
            if let Some((relative, message)) = error {
                let mut full = path.clone();
                full.extend(relative);
                let message = describe_serde_error(structure.name, &full[path.len()..], &message, &full);
                self.type_error(&full, message);
            }
        }
    }
}

/// serde's own message, reworded with the table where possible (`invalid type: string "x",
/// expected i64` → Go's unmarshal message).
fn describe_serde_error(root: &'static str, relative: &[Segment], serde_message: &str, full: &[Segment]) -> String {
    let mut owner = root;
    let mut expression: Option<&'static str> = None;
    let mut current: Option<&'static StructType> = gotypes::struct_type(root);
    for segment in relative {
        match segment {
            Segment::Field(name) => {
                let Some(structure) = current else { break };
                let Some(found) = structure.field(name) else { break };
                owner = structure.name;
                expression = Some(found);
                current = element_struct(found);
            }
            Segment::Index(_) | Segment::Key(_) => {
                if let Some(found) = expression {
                    expression = Some(match parse_type(found) {
                        Type::Slice(inner) | Type::Map(inner) => inner,
                        _ => found,
                    });
                }
            }
        }
    }
    let kind = serde_message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split(',').next())
        .map(|unexpected| {
            let word = unexpected.split_whitespace().next().unwrap_or("");
            match word {
                "string" => "string",
                "integer" | "floating" => "number",
                "boolean" => "bool",
                "sequence" => "array",
                "map" => "object",
                "null" => "null",
                _ => "value",
            }
        });
    match (kind, expression) {
        (Some(kind), Some(expression)) => unmarshal_message(kind, owner, full, &go_type_name(expression)),
        _ => serde_message.to_string(),
    }
}

fn element_struct(expression: &'static str) -> Option<&'static StructType> {
    match parse_type(expression) {
        Type::Struct(name) => gotypes::struct_type(name),
        Type::Slice(inner) | Type::Map(inner) => element_struct(inner),
        _ => None,
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

/// serde_ignored + serde_path_to_error on the Rust type of an open struct.
fn serde_check(name: &str, value: &Value) -> (Vec<Vec<Segment>>, Option<(Vec<Segment>, String)>) {
    match name {
        "ObjectMeta" => run::<meta::ObjectMeta>(value),
        "OwnerReference" => run::<meta::OwnerReference>(value),
        "LabelSelector" => run::<meta::LabelSelector>(value),
        "LabelSelectorRequirement" => run::<meta::LabelSelectorRequirement>(value),
        "Toleration" => run::<meta::Toleration>(value),
        "Taint" => run::<meta::Taint>(value),
        "Pod" => run::<pod::Pod>(value),
        "PodTemplateSpec" => run::<pod::PodTemplateSpec>(value),
        "PodSpec" => run::<pod::PodSpec>(value),
        "Container" => run::<pod::Container>(value),
        "ContainerPort" => run::<pod::ContainerPort>(value),
        "ResourceRequirements" => run::<pod::ResourceRequirements>(value),
        "VolumeMount" => run::<pod::VolumeMount>(value),
        "Volume" => run::<pod::Volume>(value),
        "PersistentVolumeClaimVolumeSource" => run::<pod::ClaimVolumeSource>(value),
        "Probe" => run::<pod::Probe>(value),
        "Affinity" => run::<pod::Affinity>(value),
        "NodeAffinity" => run::<pod::NodeAffinity>(value),
        "NodeSelector" => run::<pod::NodeSelector>(value),
        "NodeSelectorTerm" => run::<pod::NodeSelectorTerm>(value),
        "NodeSelectorRequirement" => run::<pod::NodeSelectorRequirement>(value),
        "PodStatus" => run::<pod::PodStatus>(value),
        "DaemonSet" => run::<apps::DaemonSet>(value),
        "DaemonSetSpec" => run::<apps::DaemonSetSpec>(value),
        "ControllerRevision" => run::<apps::ControllerRevision>(value),
        "Service" => run::<core::Service>(value),
        "ServiceSpec" => run::<core::ServiceSpec>(value),
        "ServicePort" => run::<core::ServicePort>(value),
        "Event" => run::<core::Event>(value),
        "ObjectReference" => run::<core::ObjectReference>(value),
        "Node" => run::<node::Node>(value),
        "NodeSpec" => run::<node::NodeSpec>(value),
        "NodeStatus" => run::<node::NodeStatus>(value),
        _ => (Vec::new(), None),
    }
}

fn run<T: DeserializeOwned>(value: &Value) -> (Vec<Vec<Segment>>, Option<(Vec<Segment>, String)>) {
    let mut unknown = Vec::new();
    let mut callback = |ignored: serde_ignored::Path| unknown.push(ignored_segments(&ignored));
    let deserializer = serde_ignored::Deserializer::new(value, &mut callback);
    let result: Result<T, _> = serde_path_to_error::deserialize(deserializer);
    let error = result.err().map(|error| {
        let segments = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Segment::Field(key.clone())),
                _ => None,
            })
            .collect();
        (segments, error.inner().to_string())
    });
    (unknown, error)
}

/// serde_ignored's path without the `?` of Options, as the API server spells it.
fn ignored_segments(path: &serde_ignored::Path) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = path;
    loop {
        match current {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                segments.push(Segment::Index(*index));
                current = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                segments.push(Segment::Field(key.clone()));
                current = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => current = parent,
        }
    }
    segments.reverse();
    segments
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
