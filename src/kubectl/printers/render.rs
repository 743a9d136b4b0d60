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
use serde_json::{Map, Value};
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

/// Go's `json.MarshalIndent(v, "", "    ")` plus the newline kubectl's JSON printer appends.
pub fn to_json(value: &Value) -> String {
    let mut out = crate::sim::gojson::indented(value);
    out.push('\n');
    out
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
