//! CustomResourceDefinitions (apiextensions.k8s.io/v1) → the discovery entry of their kind.

use crate::sim::objects::kinds::KindInfo;
use serde_json::Value;

/// The [`KindInfo`] a CRD adds to discovery: its group, kind, plural, short names and scope, at
/// the version that is served and stored (or the first served one). `fields` lists the
/// top-level properties of that version's schema (without apiVersion/kind/metadata), or `*`
/// when the schema keeps unknown fields (`x-kubernetes-preserve-unknown-fields: true`).
pub fn kind_info_from_crd(crd: &Value) -> Result<KindInfo, String> {
    let spec = crd.get("spec").filter(|s| s.is_object()).ok_or("spec: Required value")?;
    let text = |value: &Value, name: &str| value.get(name).and_then(Value::as_str).unwrap_or("").to_string();
    let group = text(spec, "group");
    if group.is_empty() {
        return Err("spec.group: Required value".into());
    }
    let names = spec.get("names").unwrap_or(&Value::Null);
    let kind = text(names, "kind");
    if kind.is_empty() {
        return Err("spec.names.kind: Required value".into());
    }
    let plural = text(names, "plural");
    if plural.is_empty() {
        return Err("spec.names.plural: Required value".into());
    }
    let short_names = names
        .get("shortNames")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let namespaced = match text(spec, "scope").as_str() {
        "Namespaced" => true,
        "Cluster" => false,
        other => return Err(format!("spec.scope: Unsupported value: {other:?}: supported values: \"Cluster\", \"Namespaced\"")),
    };
    let versions = spec.get("versions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let flag = |version: &Value, name: &str| version.get(name).and_then(Value::as_bool) == Some(true);
    let chosen = versions
        .iter()
        .find(|v| flag(v, "served") && flag(v, "storage"))
        .or_else(|| versions.iter().find(|v| flag(v, "served")))
        .ok_or("spec.versions: no served version")?;
    let version = text(chosen, "name");
    if version.is_empty() {
        return Err("spec.versions[].name: Required value".into());
    }
    let schema = chosen.get("schema").and_then(|s| s.get("openAPIV3Schema")).unwrap_or(&Value::Null);
    let fields = if schema.get("x-kubernetes-preserve-unknown-fields").and_then(Value::as_bool) == Some(true) {
        vec!["*".to_string()]
    } else {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().filter(|k| !matches!(k.as_str(), "apiVersion" | "kind" | "metadata")).cloned().collect())
            .unwrap_or_default()
    };
    Ok(KindInfo { kind, group, version, plural, short_names, namespaced, fields })
}
