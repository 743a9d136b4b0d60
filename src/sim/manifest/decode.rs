//! One document → objects, through kubectl's client-side checks and the API server's decoding,
//! field validation, defaulting (for validation only) and validation.
//!
//! Order, as in kubectl and the API server: apiVersion/kind present (kubectl,
//! `ValidateSchema` → `getObjectKind`) → the kind is served (kubectl's REST mapping) → the
//! body decodes into the Go types (400, the first type error) → unknown fields (400 with strict
//! field validation, warnings with warn) → defaulting and validation (422) → warnings.

use super::path::{self, Segment};
use super::validate::{validate, warnings};
use super::walk::walk_object;
use super::{apply_defaults, Decoded, Document, ErrorKind, FieldError, ManifestError, ObjectRef, Validation};
use crate::sim::objects::kinds::{builtin_kinds, Registry};
use crate::sim::objects::Object;
use serde_json::{Map, Value};

/// Decodes one parsed document (a `List` gives its items) as `kubectl create -f` would with
/// `--validate=validation`: either every object, with the API warnings, or the first error.
pub fn decode(document: &Document, registry: &Registry, validation: Validation) -> Result<Decoded, ManifestError> {
    let mut decoded = Decoded::default();
    let value = &document.value;
    let context = Context { document, validation };
    context.type_meta(value, "")?;
    let is_list = value.get("kind").and_then(Value::as_str).is_some_and(|k| k == "List" || k.ends_with("List"))
        && value.get("items").is_some_and(Value::is_array);
    if is_list {
        let items = value.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        for (index, item) in items.iter().enumerate() {
            let base = format!("items[{index}]");
            context.type_meta(item, &base)?;
            context.object(item, &base, registry, &mut decoded)?;
        }
    } else {
        context.object(value, "", registry, &mut decoded)?;
    }
    Ok(decoded)
}

struct Context<'a> {
    document: &'a Document,
    validation: Validation,
}

fn join(base: &str, relative: &str) -> String {
    match (base.is_empty(), relative.is_empty()) {
        (true, _) => relative.to_string(),
        (_, true) => base.to_string(),
        _ if relative.starts_with('[') => format!("{base}{relative}"),
        _ => format!("{base}.{relative}"),
    }
}

fn string_at<'a>(value: &'a Value, name: &str) -> &'a str {
    value.get(name).and_then(Value::as_str).unwrap_or("")
}

fn object_ref(value: &Value) -> ObjectRef {
    let metadata = value.get("metadata").unwrap_or(&Value::Null);
    ObjectRef {
        api_version: string_at(value, "apiVersion").to_string(),
        kind: string_at(value, "kind").to_string(),
        name: string_at(metadata, "name").to_string(),
        namespace: string_at(metadata, "namespace").to_string(),
    }
}

/// `schema.ParseGroupVersion`'s error, if any.
fn group_version_error(api_version: &str) -> Option<String> {
    (api_version.matches('/').count() > 1).then(|| format!("unexpected GroupVersion string: {api_version}"))
}

impl Context<'_> {
    fn error(&self, kind: ErrorKind, message: String, at: &str, value: &Value) -> ManifestError {
        let (line, col) = self.document.position(at);
        ManifestError {
            kind,
            message,
            path: at.to_string(),
            line,
            col,
            document: self.document.index,
            object: object_ref(value),
            causes: Vec::new(),
        }
    }

    fn located(&self, base: &str, relative_display: &str, message: String) -> FieldError {
        let (line, col) = self.document.position(&join(base, relative_display));
        FieldError { path: relative_display.to_string(), message, line, col }
    }

    /// kubectl's apiVersion/kind check (`getObjectKind`), or with `--validate=false` the
    /// unstructured decoder's.
    fn type_meta(&self, value: &Value, base: &str) -> Result<(), ManifestError> {
        if self.validation == Validation::Ignore {
            let kind_missing = value.get("kind").and_then(Value::as_str).is_none_or(str::is_empty);
            if !value.is_object() {
                let message = format!("json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_kind(value));
                return Err(self.error(ErrorKind::UnableToDecode, message, base, value));
            }
            if kind_missing {
                let data = crate::sim::gojson::compact(value);
                return Err(self.error(ErrorKind::UnableToDecode, format!("Object 'Kind' is missing in '{data}'"), base, value));
            }
            return Ok(());
        }
        let Some(fields) = value.as_object() else {
            return Err(self.error(ErrorKind::TypeMeta, "error validating data: invalid object to validate".into(), base, value));
        };
        let mut problems = Vec::new();
        let mut at = base.to_string();
        match fields.get("apiVersion") {
            None | Some(Value::Null) => problems.push("apiVersion not set".to_string()),
            Some(Value::String(api_version)) => {
                if let Some(problem) = group_version_error(api_version) {
                    problems.push(problem);
                    at = join(base, "apiVersion");
                }
            }
            Some(_) => {
                problems.push("apiVersion isn't string type".to_string());
                at = join(base, "apiVersion");
            }
        }
        match fields.get("kind") {
            None | Some(Value::Null) => problems.push("kind not set".to_string()),
            Some(Value::String(_)) => {}
            Some(_) => {
                problems.push("kind isn't string type".to_string());
                if at == base {
                    at = join(base, "kind");
                }
            }
        }
        if problems.is_empty() {
            if string_at(value, "kind").is_empty() {
                // Passes kubectl's check, then fails its decoding.
                let data = crate::sim::gojson::compact(value);
                return Err(self.error(
                    ErrorKind::UnableToDecode,
                    format!("Object 'Kind' is missing in '{data}'"),
                    &join(base, "kind"),
                    value,
                ));
            }
            return Ok(());
        }
        let message = if problems.len() == 1 { problems.remove(0) } else { format!("[{}]", problems.join(", ")) };
        Err(self.error(ErrorKind::TypeMeta, format!("error validating data: {message}"), &at, value))
    }

    fn object(&self, value: &Value, base: &str, registry: &Registry, decoded: &mut Decoded) -> Result<(), ManifestError> {
        let api_version = string_at(value, "apiVersion").to_string();
        let kind = string_at(value, "kind").to_string();
        let Some(info) = registry.lookup(&api_version, &kind).cloned() else {
            let at = if registry.by_kind(&kind).is_some() { "apiVersion" } else { "kind" };
            let message = format!("no matches for kind \"{kind}\" in version \"{api_version}\"");
            return Err(self.error(ErrorKind::NoMatch, message, &join(base, at), value));
        };
        let builtin = builtin_kinds().iter().any(|k| k.kind == info.kind && k.group == info.group);
        let version = api_version.rsplit('/').next().unwrap_or(&api_version).to_string();
        let prefix = format!("{kind} in version \"{version}\" cannot be handled as a {kind}: ");
        let mut json = value.clone();
        let walk = walk_object(&kind, &mut json, builtin, &info.fields);
        if let Some(type_error) = walk.type_error {
            let at = join(base, &path::display(&type_error.path));
            let mut error = self.error(ErrorKind::BadRequest, format!("{prefix}{}", type_error.message), &at, value);
            error.path = path::display(&type_error.path);
            return Err(error);
        }
        let mut unknown = walk.unknown;
        crate::sort::sort(&mut unknown);
        unknown.dedup();
        if !unknown.is_empty() {
            let causes: Vec<FieldError> = unknown
                .iter()
                .map(|p| self.located(base, &path::json_path(p), format!("unknown field \"{}\"", path::json_path(p))))
                .collect();
            match self.validation {
                Validation::Strict => {
                    let list: Vec<&str> = causes.iter().map(|c| c.message.as_str()).collect();
                    let message = format!("{prefix}strict decoding error: {}", list.join(", "));
                    let mut error = self.error(ErrorKind::StrictDecoding, message, base, value);
                    if let Some(first) = causes.iter().min_by_key(|c| (c.line, c.col)) {
                        (error.line, error.col, error.path) = (first.line, first.col, first.path.clone());
                    }
                    error.causes = causes;
                    return Err(error);
                }
                Validation::Warn => {
                    for cause in causes {
                        decoded.warnings.push(format!("Warning: {}", cause.message));
                        decoded.warning_details.push(cause);
                    }
                }
                Validation::Ignore => {}
            }
            for path in &unknown {
                remove_path(&mut json, path);
            }
        }
        let Value::Object(mut body) = json else {
            return Err(self.error(ErrorKind::BadRequest, format!("{prefix}invalid object"), base, value));
        };
        body.remove("apiVersion");
        body.remove("kind");
        let object = Object::from_parts(&api_version, &kind, body)
            .map_err(|e| self.error(ErrorKind::BadRequest, format!("{prefix}{e}"), base, value))?;
        let mut defaulted = object.clone();
        apply_defaults(&mut defaulted);
        let stored = defaulted.to_json();
        let causes = validate(&stored, info.namespaced);
        if !causes.is_empty() {
            let located: Vec<FieldError> = causes
                .iter()
                .map(|cause| {
                    let mut field_error = self.located(base, &cause.at, cause.message.clone());
                    field_error.path = cause.path.clone();
                    field_error
                })
                .collect();
            let name = object.name().to_string();
            let head = format!("The {kind} \"{name}\" is invalid: ");
            let message = if located.len() == 1 {
                format!("{head}{}", located[0])
            } else {
                let lines: Vec<String> = located.iter().map(|c| format!("* {c}")).collect();
                format!("{head}\n{}", lines.join("\n"))
            };
            let mut error = self.error(ErrorKind::Invalid, message, base, value);
            if let Some(first) = located.iter().min_by_key(|c| (c.line, c.col)) {
                (error.line, error.col, error.path) = (first.line, first.col, first.path.clone());
            }
            error.causes = located;
            return Err(error);
        }
        for (field_path, message) in warnings(&stored) {
            let located = self.located(base, &field_path, message);
            decoded.warnings.push(format!("Warning: {located}"));
            decoded.warning_details.push(located);
        }
        decoded.objects.push(object);
        Ok(())
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Drops an unknown field, as the API server's decoder does.
fn remove_path(value: &mut Value, segments: &[Segment]) {
    let Some((last, parents)) = segments.split_last() else {
        return;
    };
    let mut current = value;
    for segment in parents {
        let next = match (segment, current) {
            (Segment::Field(name) | Segment::Key(name), Value::Object(map)) => map.get_mut(name),
            (Segment::Index(index), Value::Array(items)) => items.get_mut(*index),
            _ => None,
        };
        match next {
            Some(next) => current = next,
            None => return,
        }
    }
    if let (Segment::Field(name) | Segment::Key(name), Value::Object(map)) = (last, current) {
        let _: Option<Value> = Map::remove(map, name);
    }
}
