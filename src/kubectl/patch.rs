//! `kubectl patch TYPE NAME -p PATCH [--type=strategic|merge|json]`: the API server's three
//! patch types on any kind, then its decoding, defaulting and validation, as an update.
//!
//! - merge (RFC 7386): maps merge recursively, `null` deletes, anything else replaces.
//! - strategic: a merge patch, except for the lists Kubernetes declares with a
//!   `patchMergeKey` (containers, volumes, env, ports…), whose items merge by that key
//!   (`$patch: delete` in an item removes it), and `$patch: replace` on a map.
//! - json (RFC 6902): `add`, `remove`, `replace`, `test`, `move`, `copy` with JSON pointers.

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session};
use crate::sim::manifest::{self, Document, ErrorKind, Validation};
use crate::sim::objects::Object;
use serde_json::{Map, Value};

const SPECS: &[flags::FlagSpec] = &[
    value("patch", Some('p')),
    value("patch-file", None),
    value("type", None),
    value("filename", Some('f')),
    value("dry-run", None),
    value("output", Some('o')),
    value("subresource", None),
    boolean("local", None),
    value("field-manager", None),
    boolean("record", None),
];

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, SPECS).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl patch --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let patch_type = parsed.get("type").unwrap_or("strategic");
    if !matches!(patch_type, "json" | "merge" | "strategic") {
        return Err(CommandError::plain(format!("--type must be one of [json merge strategic], not \"{patch_type}\"")));
    }
    let text = match (parsed.get("patch"), parsed.get("patch-file")) {
        (Some(text), _) => text.to_string(),
        (None, Some(file)) => session.read_file(file, None)?,
        (None, None) => return Err(CommandError::plain("must specify --patch or --patch-file containing the contents of the patch")),
    };
    let dry_run = match parsed.get("dry-run") {
        None | Some("none") => "",
        Some("client") | Some("true") => " (dry run)",
        Some("server") => " (server dry run)",
        Some(other) => {
            return Err(CommandError::plain(format!("Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")))
        }
    };
    let targets = if parsed.has("filename") { session.manifest_targets(&parsed)? } else { session.resource_args(&parsed.args)? };
    if targets.is_empty() {
        return Err(CommandError::new(
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let patch = parse_patch(&text)?;
    if patch_type != "json" && !patch.is_object() {
        return Err(CommandError::new(format!(
            "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_type_name(&patch)
        )));
    }
    for (kind, name) in targets {
        let live = session.get_object(&kind, &namespace, &name)?;
        let before = live.to_json();
        let patched = match patch_type {
            "merge" => merge_patch(&before, &patch),
            "strategic" => strategic_patch(&before, &patch, ""),
            _ => json_patch(&before, &patch)?,
        };
        let label = format!("{}/{name}", kind.group_kind_lower());
        let object = rebuild(session, &live, patched)?;
        let mut compared = object.clone();
        crate::sim::admission::admit_update(&live, &mut compared);
        if compared == *live {
            session.print(&format!("{label} patched (no change){dry_run}"));
            continue;
        }
        if dry_run.is_empty() {
            session.cluster.update_admitted(object).map_err(|e| CommandError::api(&e))?;
            session.cluster.flush_watch_events();
        }
        session.print(&format!("{label} patched{dry_run}"));
    }
    Ok(())
}

/// kubectl turns the patch text (JSON or YAML) into JSON before sending it.
fn parse_patch(text: &str) -> Result<Value, CommandError> {
    if let Some(value) = crate::sim::gojson::parse(text) {
        return Ok(value);
    }
    match manifest::parse(text) {
        Ok(documents) => Ok(documents.into_iter().next().map(|d| d.value).unwrap_or(Value::Null)),
        Err(error) => Err(CommandError::plain(format!("unable to parse \"{text}\": {}", error.message))),
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
        Value::Object(_) => "object",
    }
}

/// The patched JSON back into an object, through the API server's decoding, validation and
/// defaults; identity fields (kind, name, uid) cannot change.
fn rebuild(session: &Session, live: &Object, mut patched: Value) -> Result<Object, CommandError> {
    if let Some(map) = patched.as_object_mut() {
        map.insert("apiVersion".into(), Value::String(live.api_version().to_string()));
        map.insert("kind".into(), Value::String(live.kind().to_string()));
        if let Some(meta) = map.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert("name".into(), Value::String(live.name().to_string()));
            meta.insert("uid".into(), Value::String(live.meta().uid.clone()));
            if !live.namespace().is_empty() {
                meta.insert("namespace".into(), Value::String(live.namespace().to_string()));
            }
        }
    }
    let document = Document { index: 0, value: patched.clone(), positions: Default::default(), line: 1, col: 1 };
    let decoded = manifest::decode(&document, &session.cluster.store.registry, Validation::Strict).map_err(|error| {
        CommandError::new(match error.kind {
            ErrorKind::Invalid => error.message.clone(),
            _ => format!("Error from server (BadRequest): {}", error.message),
        })
    })?;
    let mut object = decoded.objects.into_iter().next().ok_or_else(|| CommandError::plain("no object in the patched result"))?;
    manifest::apply_defaults(&mut object);
    // The store keeps the live metadata the patch could not have meant to drop.
    let meta = object.meta_mut();
    meta.resource_version = live.meta().resource_version.clone();
    meta.creation_timestamp = live.meta().creation_timestamp;
    meta.generation = live.meta().generation;
    keep_status(&mut object, live);
    Ok(object)
}

/// A patch of the main resource does not change the status (the status subresource does).
fn keep_status(object: &mut Object, live: &Object) {
    match (object, live) {
        (Object::Pod(new), Object::Pod(old)) => new.status = old.status.clone(),
        (Object::Node(new), Object::Node(old)) => new.status = old.status.clone(),
        (Object::DaemonSet(new), Object::DaemonSet(old)) => new.status = old.status.clone(),
        (Object::Service(new), Object::Service(old)) => new.status = old.status.clone(),
        (Object::StatefulSet(new), Object::StatefulSet(old)) => new.status = old.status.clone(),
        (Object::PersistentVolume(new), Object::PersistentVolume(old)) => new.status = old.status.clone(),
        (Object::PersistentVolumeClaim(new), Object::PersistentVolumeClaim(old)) => new.status = old.status.clone(),
        (Object::Generic(new), Object::Generic(old)) => match old.body.get("status") {
            Some(status) => {
                new.body.insert("status".into(), status.clone());
            }
            None => {
                new.body.remove("status");
            }
        },
        _ => {}
    }
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(patch_map) = patch else { return patch.clone() };
    let mut result = match target {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch_map {
        if value.is_null() {
            result.remove(key);
        } else {
            let merged = merge_patch(result.get(key).unwrap_or(&Value::Null), value);
            result.insert(key.clone(), merged);
        }
    }
    Value::Object(result)
}

/// The merge key of a list field, from the Go types' `patchMergeKey` tags.
fn merge_key(parent_path: &str, field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "conditions" => "type",
        "ownerReferences" => "uid",
        "topologySpreadConstraints" => "topologyKey",
        "ports" if parent_path.ends_with("containers") || parent_path.ends_with("initContainers") => "containerPort",
        "ports" if parent_path == "spec" => "port",
        _ => return None,
    })
}

/// A strategic merge patch for the fields the simulation models (see the module docs).
pub fn strategic_patch(target: &Value, patch: &Value, path: &str) -> Value {
    let Value::Object(patch_map) = patch else { return patch.clone() };
    if patch_map.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut replaced = patch_map.clone();
        replaced.remove("$patch");
        return Value::Object(replaced);
    }
    let mut result = match target {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch_map {
        if key.starts_with('$') {
            continue;
        }
        let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        if value.is_null() {
            result.remove(key);
            continue;
        }
        let merged = match (result.get(key), value, merge_key(path, key)) {
            (Some(Value::Array(live)), Value::Array(items), Some(merge_key)) => {
                Value::Array(merge_list(live, items, merge_key, &child_path))
            }
            (Some(Value::Array(live)), Value::Array(items), None) if key == "finalizers" => {
                let mut union = live.clone();
                for item in items {
                    if !union.contains(item) {
                        union.push(item.clone());
                    }
                }
                Value::Array(union)
            }
            (Some(existing), Value::Object(_), _) => strategic_patch(existing, value, &child_path),
            (None, Value::Object(_), _) => strategic_patch(&Value::Null, value, &child_path),
            _ => value.clone(),
        };
        result.insert(key.clone(), merged);
    }
    Value::Object(result)
}

/// Items with the same merge key merge; new ones are appended in patch order.
fn merge_list(live: &[Value], items: &[Value], key: &str, path: &str) -> Vec<Value> {
    let mut result: Vec<Value> = live.to_vec();
    for item in items {
        let id = item.get(key);
        let position = id.and_then(|id| result.iter().position(|existing| existing.get(key) == Some(id)));
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (position, delete) {
            (Some(index), true) => {
                result.remove(index);
            }
            (None, true) => {}
            (Some(index), false) => result[index] = strategic_patch(&result[index], item, path),
            (None, false) => result.push(strategic_patch(&Value::Null, item, path)),
        }
    }
    result
}

fn bad_request(message: String) -> CommandError {
    CommandError::new(format!("Error from server (BadRequest): {message}"))
}

/// RFC 6902 JSON patch, with evanphx/json-patch's error texts.
pub fn json_patch(target: &Value, patch: &Value) -> Result<Value, CommandError> {
    let Value::Array(operations) = patch else {
        return Err(bad_request(format!("json: cannot unmarshal {} into Go value of type jsonpatch.Patch", json_type_name(patch))));
    };
    let mut doc = target.clone();
    for operation in operations {
        let op = operation.get("op").and_then(Value::as_str).unwrap_or("");
        let path = operation.get("path").and_then(Value::as_str).unwrap_or("");
        let value = operation.get("value").cloned().unwrap_or(Value::Null);
        match op {
            "add" => add(&mut doc, path, value)
                .map_err(|_| bad_request(format!("add operation does not apply: doc is missing path: \"{path}\": missing value")))?,
            "remove" => {
                remove(&mut doc, path).ok_or_else(|| {
                    bad_request(format!("remove operation does not apply: doc is missing path: \"{path}\": missing value"))
                })?;
            }
            "replace" => {
                let slot = doc
                    .pointer_mut(path)
                    .ok_or_else(|| bad_request(format!("replace operation does not apply: doc is missing key: {path}: missing value")))?;
                *slot = value;
            }
            "test" => {
                if doc.pointer(path) != Some(&value) {
                    return Err(CommandError::new(
                        "The request is invalid: the server rejected our request due to an error in our request",
                    ));
                }
            }
            "move" | "copy" => {
                let from = operation.get("from").and_then(Value::as_str).unwrap_or("");
                let moved = if op == "move" { remove(&mut doc, from) } else { doc.pointer(from).cloned() };
                let moved = moved.ok_or_else(|| {
                    bad_request(format!("{op} operation does not apply: doc is missing from path: \"{from}\": missing value"))
                })?;
                add(&mut doc, path, moved).map_err(|_| {
                    bad_request(format!("{op} operation does not apply: doc is missing destination path: {path}: missing value"))
                })?;
            }
            other => return Err(bad_request(format!("Unexpected kind: {other}"))),
        }
    }
    Ok(doc)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn split_pointer(path: &str) -> Option<(&str, String)> {
    let (parent, last) = path.rsplit_once('/')?;
    Some((parent, unescape(last)))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), ()> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = split_pointer(path).ok_or(())?;
    match doc.pointer_mut(parent).ok_or(())? {
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        Value::Array(items) => {
            let index = if last == "-" { items.len() } else { last.parse::<usize>().map_err(|_| ())? };
            if index > items.len() {
                return Err(());
            }
            items.insert(index, value);
            Ok(())
        }
        _ => Err(()),
    }
}

fn remove(doc: &mut Value, path: &str) -> Option<Value> {
    let (parent, last) = split_pointer(path)?;
    match doc.pointer_mut(parent)? {
        Value::Object(map) => map.remove(&last),
        Value::Array(items) => {
            let index = last.parse::<usize>().ok().filter(|i| *i < items.len())?;
            Some(items.remove(index))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_containers_by_name_and_merge_replaces_lists() {
        let live = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:1"}]}}}});
        let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "y:2"}]}}}});
        let merged = strategic_patch(&live, &patch, "");
        assert_eq!(merged.pointer("/spec/template/spec/containers/0/image"), Some(&json!("x:1")));
        assert_eq!(merged.pointer("/spec/template/spec/containers/1/image"), Some(&json!("y:2")));
        let replaced = merge_patch(&live, &patch);
        assert_eq!(replaced.pointer("/spec/template/spec/containers").and_then(Value::as_array).map(Vec::len), Some(1));
        let deleted =
            strategic_patch(&live, &json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}}), "");
        assert_eq!(deleted.pointer("/spec/template/spec/containers/0/name"), Some(&json!("b")));
    }

    #[test]
    fn json_patch_operations() {
        let live = json!({"spec": {"replicas": 2, "list": [1, 2]}});
        let ops = json!([{"op": "replace", "path": "/spec/replicas", "value": 3}, {"op": "add", "path": "/spec/list/-", "value": 3},
            {"op": "remove", "path": "/spec/list/0"}, {"op": "test", "path": "/spec/replicas", "value": 3}]);
        assert_eq!(json_patch(&live, &ops).unwrap(), json!({"spec": {"replicas": 3, "list": [2, 3]}}));
        assert!(json_patch(&live, &json!([{"op": "test", "path": "/spec/replicas", "value": 9}])).is_err());
        assert!(json_patch(&live, &json!([{"op": "remove", "path": "/spec/nope"}])).is_err());
    }
}
