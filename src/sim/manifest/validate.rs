//! The API server's create validation (`pkg/apis/*/validation`), on the defaulted object as JSON,
//! in the order the Go code appends errors, with its wording (`field.Error.ErrorBody`).
//!
//! Covered: ObjectMeta (name rules per kind, generateName, namespace, labels, annotation keys);
//! PodSpec (volumes and their common sources, containers and init containers: names, image,
//! ports, probes, volume mounts, resources, pull policy, termination message policy; restart
//! and DNS policy, node selector, affinity, tolerations, host network ports, hostname,
//! subdomain, activeDeadlineSeconds, serviceAccountName, nodeName); pod templates
//! (DaemonSet, Deployment, ReplicaSet: labels vs selector, restartPolicy Always); DaemonSet
//! (update strategy, DS-33); StatefulSet (selector, template labels, restartPolicy, policies,
//! replicas, ordinals — the pod spec of a StatefulSet template is not validated by the API
//! server either); Service; Node (taints, capacity); PersistentVolume; PersistentVolumeClaim;
//! Namespace; StorageClass; CustomResourceDefinition basics.

use super::names::*;
use crate::sim::quantity::Quantity;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One validation error: `path: message`, located at `at` (usually `path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub path: String,
    pub message: String,
    /// Where to point in the text (a display path); differs from `path` for the few errors
    /// the API server reports on a path nobody writes (`spec.template.labels`).
    pub at: String,
}

#[derive(Default)]
struct Causes(Vec<Cause>);

impl Causes {
    fn push(&mut self, path: &str, message: String) {
        self.0.push(Cause { path: path.to_string(), message, at: path.to_string() });
    }

    fn push_at(&mut self, path: &str, at: &str, message: String) {
        self.0.push(Cause { path: path.to_string(), message, at: at.to_string() });
    }

    fn required(&mut self, path: &str, detail: &str) {
        self.push(path, with_detail("Required value".into(), detail));
    }

    fn invalid(&mut self, path: &str, value: String, detail: &str) {
        self.push(path, with_detail(format!("Invalid value: {value}"), detail));
    }

    fn invalid_at(&mut self, path: &str, at: &str, value: String, detail: &str) {
        self.push_at(path, at, with_detail(format!("Invalid value: {value}"), detail));
    }

    fn not_supported(&mut self, path: &str, value: String, supported: &[&str]) {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            format!("supported values: {}", supported.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", "))
        };
        self.push(path, with_detail(format!("Unsupported value: {value}"), &detail));
    }

    fn forbidden(&mut self, path: &str, detail: &str) {
        self.push(path, with_detail("Forbidden".into(), detail));
    }

    fn duplicate(&mut self, path: &str, value: String) {
        self.push(path, format!("Duplicate value: {value}"));
    }

    fn not_found(&mut self, path: &str, value: String) {
        self.push(path, format!("Not found: {value}"));
    }
}

fn with_detail(body: String, detail: &str) -> String {
    if detail.is_empty() {
        body
    } else {
        format!("{body}: {detail}")
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

fn key(parent: &str, k: &str) -> String {
    format!("{parent}[{k}]")
}

fn object<'a>(value: &'a Value, name: &str) -> Option<&'a Map<String, Value>> {
    value.get(name).and_then(Value::as_object)
}

fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value.get(name).and_then(Value::as_str).unwrap_or("")
}

fn integer(value: &Value, name: &str) -> Option<i64> {
    value.get(name).and_then(Value::as_i64)
}

fn list<'a>(value: &'a Value, name: &str) -> &'a [Value] {
    value.get(name).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn string_map(value: &Value, name: &str) -> Option<BTreeMap<String, String>> {
    let mut strings = BTreeMap::new();
    for (k, v) in object(value, name)? {
        strings.insert(k.clone(), v.as_str().unwrap_or("").to_string());
    }
    Some(strings)
}

/// How a kind's `metadata.name` is checked.
#[derive(Clone, Copy)]
enum NameRule {
    Subdomain,
    Label,
    Dns1035,
    PathSegment,
}

fn name_rule(kind: &str) -> NameRule {
    match kind {
        "StatefulSet" | "Namespace" => NameRule::Label,
        "Service" => NameRule::Dns1035,
        "PersistentVolume" | "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => NameRule::PathSegment,
        _ => NameRule::Subdomain,
    }
}

fn check_name(rule: NameRule, name: &str) -> Vec<String> {
    match rule {
        NameRule::Subdomain => is_dns1123_subdomain(name),
        NameRule::Label => is_dns1123_label(name),
        NameRule::Dns1035 => is_dns1035_label(name),
        NameRule::PathSegment => is_path_segment_name(name),
    }
}

/// Validates a (defaulted) object. `namespaced` comes from the registry.
pub fn validate(object: &Value, namespaced: bool) -> Vec<Cause> {
    // A null is the same as an absent field in Go (typed objects serialize unset options so).
    let cleaned = without_nulls(object);
    let object = &cleaned;
    let mut causes = Causes::default();
    let kind = text(object, "kind");
    let api_version = text(object, "apiVersion");
    object_meta(&mut causes, object.get("metadata").unwrap_or(&Value::Null), name_rule(kind), namespaced);
    let builtin = !api_version.contains('/') || api_version.starts_with("apps/") || api_version.contains(".k8s.io/");
    if !builtin {
        return causes.0;
    }
    let spec = object.get("spec").unwrap_or(&Value::Null);
    match kind {
        "Pod" => pod_spec(&mut causes, spec, "spec", true),
        "DaemonSet" => daemon_set(&mut causes, spec),
        "StatefulSet" => stateful_set(&mut causes, spec),
        "Deployment" | "ReplicaSet" => replicated(&mut causes, kind, spec),
        "Service" => service(&mut causes, spec),
        "Node" => node(&mut causes, object),
        "PersistentVolume" => persistent_volume(&mut causes, spec),
        "PersistentVolumeClaim" => claim_spec(&mut causes, spec, "spec"),
        "StorageClass" => storage_class(&mut causes, object),
        "CustomResourceDefinition" => custom_resource_definition(&mut causes, object),
        _ => {}
    }
    causes.0
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut kept = Map::new();
            kept.extend(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))));
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn object_meta(causes: &mut Causes, metadata: &Value, rule: NameRule, namespaced: bool) {
    let name = text(metadata, "name");
    let generate_name = text(metadata, "generateName");
    if !generate_name.is_empty() {
        // `MaskTrailingDash`: a generated name gets a suffix after the dash.
        let masked = match generate_name.strip_suffix('-') {
            Some(stem) if !stem.is_empty() => format!("{stem}a"),
            _ => generate_name.to_string(),
        };
        for message in check_name(rule, &masked) {
            causes.invalid("metadata.generateName", go_quote(generate_name), &message);
        }
    }
    if name.is_empty() {
        if generate_name.is_empty() {
            causes.required("metadata.name", "name or generateName is required");
        }
    } else {
        for message in check_name(rule, name) {
            causes.invalid("metadata.name", go_quote(name), &message);
        }
    }
    let namespace = text(metadata, "namespace");
    if namespaced && !namespace.is_empty() {
        for message in is_dns1123_label(namespace) {
            causes.invalid("metadata.namespace", go_quote(namespace), &message);
        }
    }
    labels(causes, metadata.get("labels"), "metadata.labels", "metadata.labels");
    annotations(causes, metadata.get("annotations"), "metadata.annotations");
}

/// `ValidateLabels`: the whole map is the path; `at` is where the map is written.
fn labels(causes: &mut Causes, labels: Option<&Value>, path: &str, at: &str) {
    let Some(map) = labels.and_then(Value::as_object) else {
        return;
    };
    for (k, v) in map {
        let position = join(at, k);
        for message in is_qualified_name(k) {
            causes.invalid_at(path, &position, go_quote(k), &message);
        }
        let value = v.as_str().unwrap_or("");
        for message in is_valid_label_value(value) {
            causes.invalid_at(path, &position, go_quote(value), &message);
        }
    }
}

fn annotations(causes: &mut Causes, annotations: Option<&Value>, path: &str) {
    let Some(map) = annotations.and_then(Value::as_object) else {
        return;
    };
    let mut total = 0usize;
    for (k, v) in map {
        for message in is_qualified_name(&k.to_ascii_lowercase()) {
            causes.invalid_at(path, &join(path, k), go_quote(k), &message);
        }
        total += k.len() + v.as_str().map(str::len).unwrap_or(0);
    }
    const LIMIT: usize = 256 * 1024;
    if total > LIMIT {
        causes.push(path, format!("Too long: may not be more than {LIMIT} bytes"));
    }
}

/// `ValidateLabelSelector`.
fn label_selector(causes: &mut Causes, selector: &Value, path: &str) {
    for (i, requirement) in list(selector, "matchExpressions").iter().enumerate() {
        let requirement_path = index(&join(path, "matchExpressions"), i);
        let operator = text(requirement, "operator");
        let values = list(requirement, "values");
        match operator {
            "In" | "NotIn" => {
                if values.is_empty() {
                    causes.required(&join(&requirement_path, "values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    causes.forbidden(
                        &join(&requirement_path, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            _ => causes.invalid(&join(&requirement_path, "operator"), go_quote(operator), "not a valid selector operator"),
        }
        let key_text = text(requirement, "key");
        for message in is_qualified_name(key_text) {
            causes.invalid(&join(&requirement_path, "key"), go_quote(key_text), &message);
        }
    }
    labels(causes, selector.get("matchLabels"), &join(path, "matchLabels"), &join(path, "matchLabels"));
}

/// `metav1.LabelSelectorAsSelector(…).Matches(labels)`; a missing selector matches nothing.
fn selector_matches(selector: Option<&Value>, labels: &BTreeMap<String, String>) -> bool {
    let Some(selector) = selector else {
        return false;
    };
    let match_labels = object(selector, "matchLabels").map(|m| m.iter().all(|(k, v)| labels.get(k).map(String::as_str) == v.as_str()));
    let expressions = list(selector, "matchExpressions").iter().all(|requirement| {
        let value = labels.get(text(requirement, "key"));
        let values: Vec<&str> = list(requirement, "values").iter().filter_map(Value::as_str).collect();
        match text(requirement, "operator") {
            "In" => value.is_some_and(|v| values.contains(&v.as_str())),
            "NotIn" => value.is_none_or(|v| !values.contains(&v.as_str())),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    match_labels.unwrap_or(true) && expressions
}

fn selector_is_empty(selector: &Value) -> bool {
    object(selector, "matchLabels").is_none_or(Map::is_empty) && list(selector, "matchExpressions").is_empty()
}

/// Go's `%#v` of a `*metav1.LabelSelector` (dereferenced by field.Invalid).
fn go_label_selector(selector: &Value) -> String {
    let match_labels = string_map(selector, "matchLabels");
    let match_labels = match_labels.as_ref().filter(|m| !m.is_empty());
    let expressions = if list(selector, "matchExpressions").is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        "[]v1.LabelSelectorRequirement{…}".to_string()
    };
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{expressions}}}", go_string_map(match_labels))
}

/// The template's labels check shared by workload kinds.
fn template_selector(causes: &mut Causes, spec: &Value, selector: Option<&Value>) {
    let template_metadata = spec.get("template").and_then(|t| t.get("metadata")).unwrap_or(&Value::Null);
    let template_labels = string_map(template_metadata, "labels");
    if !selector_matches(selector, &template_labels.clone().unwrap_or_default()) {
        causes.invalid(
            "spec.template.metadata.labels",
            go_string_map(template_labels.as_ref().filter(|m| !m.is_empty())),
            "`selector` does not match template `labels`",
        );
    }
}

/// `ValidatePodTemplateSpec` at `spec.template`.
fn pod_template(causes: &mut Causes, spec: &Value) {
    let template = spec.get("template").unwrap_or(&Value::Null);
    let metadata = template.get("metadata").unwrap_or(&Value::Null);
    labels(causes, metadata.get("labels"), "spec.template.labels", "spec.template.metadata.labels");
    annotations(causes, metadata.get("annotations"), "spec.template.annotations");
    pod_spec(causes, template.get("spec").unwrap_or(&Value::Null), "spec.template.spec", false);
    if !list(template.get("spec").unwrap_or(&Value::Null), "ephemeralContainers").is_empty() {
        causes.forbidden("spec.template.spec.ephemeralContainers", "ephemeral containers not allowed in pod template");
    }
}

fn template_policies(causes: &mut Causes, spec: &Value, kind: &str) {
    let pod = spec.get("template").and_then(|t| t.get("spec")).unwrap_or(&Value::Null);
    let restart_policy = text(pod, "restartPolicy");
    if restart_policy != "Always" {
        causes.not_supported("spec.template.spec.restartPolicy", go_quote(restart_policy), &["Always"]);
    }
    if pod.get("activeDeadlineSeconds").is_some() {
        causes.forbidden("spec.template.spec.activeDeadlineSeconds", &format!("activeDeadlineSeconds in {kind} is not Supported"));
    }
}

fn nonnegative(causes: &mut Causes, value: &Value, name: &str, path: &str) {
    if let Some(number) = integer(value, name) {
        if number < 0 {
            causes.invalid(path, number.to_string(), "must be greater than or equal to 0");
        }
    }
}

/// Go's `%#v` of an `intstr.IntOrString` value (its String method needs a pointer).
fn go_int_or_string(value: &Value) -> String {
    match value {
        Value::String(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", go_quote(s)),
        other => format!("intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}", other.as_i64().unwrap_or(0)),
    }
}

/// `getIntOrPercentValue`.
fn int_or_percent_value(value: Option<&Value>) -> i64 {
    match value {
        Some(Value::String(s)) => match s.strip_suffix('%') {
            Some(digits) if is_valid_percent(s).is_empty() => digits.parse().unwrap_or(0),
            _ => s.parse().unwrap_or(0),
        },
        Some(other) => other.as_i64().unwrap_or(0),
        None => 0,
    }
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(causes: &mut Causes, value: Option<&Value>, path: &str) {
    match value {
        None => {}
        Some(Value::String(s)) => {
            for message in is_valid_percent(s) {
                causes.invalid(path, go_int_or_string(&Value::String(s.clone())), &message);
            }
        }
        Some(other) => {
            let number = other.as_i64().unwrap_or(0);
            if number < 0 {
                causes.invalid(path, number.to_string(), "must be greater than or equal to 0");
            }
        }
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(causes: &mut Causes, value: Option<&Value>, path: &str) {
    if let Some(value @ Value::String(s)) = value {
        if is_valid_percent(s).is_empty() && int_or_percent_value(Some(value)) > 100 {
            causes.invalid(path, go_int_or_string(value), "must not be greater than 100%");
        }
    }
}

fn daemon_set(causes: &mut Causes, spec: &Value) {
    let selector = spec.get("selector");
    if let Some(selector) = selector {
        label_selector(causes, selector, "spec.selector");
    }
    template_selector(causes, spec, selector);
    if let Some(selector) = selector {
        if selector_is_empty(selector) {
            causes.invalid("spec.selector", go_label_selector(selector), "empty selector is invalid for daemonset");
        }
    }
    pod_template(causes, spec);
    template_policies(causes, spec, "DaemonSet");
    nonnegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
    let strategy = spec.get("updateStrategy").unwrap_or(&Value::Null);
    match text(strategy, "type") {
        "OnDelete" => {}
        "RollingUpdate" => match strategy.get("rollingUpdate") {
            None => causes.required("spec.updateStrategy.rollingUpdate", ""),
            Some(rolling) => {
                let unavailable = rolling.get("maxUnavailable");
                let surge = rolling.get("maxSurge");
                let base = "spec.updateStrategy.rollingUpdate";
                positive_int_or_percent(causes, unavailable, &join(base, "maxUnavailable"));
                positive_int_or_percent(causes, surge, &join(base, "maxSurge"));
                not_more_than_100_percent(causes, unavailable, &join(base, "maxUnavailable"));
                not_more_than_100_percent(causes, surge, &join(base, "maxSurge"));
                let has_unavailable = int_or_percent_value(unavailable) != 0;
                let has_surge = int_or_percent_value(surge) != 0;
                if has_unavailable && has_surge {
                    causes.invalid(
                        &join(base, "maxSurge"),
                        go_int_or_string(surge.unwrap_or(&Value::Null)),
                        "may not be set when maxUnavailable is non-zero",
                    );
                } else if !has_unavailable && !has_surge {
                    causes.required(&join(base, "maxUnavailable"), "cannot be 0 when maxSurge is 0");
                }
            }
        },
        other => {
            let rolling = if strategy.get("rollingUpdate").is_some() {
                "(*apps.RollingUpdateDaemonSet)(0xc000000000)"
            } else {
                "(*apps.RollingUpdateDaemonSet)(nil)"
            };
            let value = format!("apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:{rolling}}}", go_quote(other));
            causes.not_supported("spec.updateStrategy", value, &["RollingUpdate", "OnDelete"]);
        }
    }
    nonnegative(causes, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
}

fn stateful_set(causes: &mut Causes, spec: &Value) {
    match text(spec, "podManagementPolicy") {
        "" => causes.required("spec.podManagementPolicy", ""),
        "OrderedReady" | "Parallel" => {}
        other => causes.invalid("spec.podManagementPolicy", go_quote(other), "must be 'OrderedReady' or 'Parallel'"),
    }
    let strategy = spec.get("updateStrategy").unwrap_or(&Value::Null);
    match text(strategy, "type") {
        "" => causes.required("spec.updateStrategy", ""),
        "OnDelete" => {
            if strategy.get("rollingUpdate").is_some() {
                causes.invalid(
                    "spec.updateStrategy.rollingUpdate",
                    "apps.RollingUpdateStatefulSetStrategy{…}".into(),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        "RollingUpdate" => {
            if let Some(rolling) = strategy.get("rollingUpdate") {
                nonnegative(causes, rolling, "partition", "spec.updateStrategy.rollingUpdate.partition");
                if let Some(unavailable) = rolling.get("maxUnavailable") {
                    let path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
                    positive_int_or_percent(causes, Some(unavailable), path);
                    if int_or_percent_value(Some(unavailable)) == 0 {
                        causes.invalid(path, go_int_or_string(unavailable), "cannot be 0");
                    }
                    not_more_than_100_percent(causes, Some(unavailable), path);
                }
            }
        }
        other => causes.invalid(
            "spec.updateStrategy",
            format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}}",
                go_quote(other)
            ),
            "must be 'RollingUpdate' or 'OnDelete'",
        ),
    }
    if let Some(policy) = spec.get("persistentVolumeClaimRetentionPolicy") {
        for name in ["whenDeleted", "whenScaled"] {
            let value = text(policy, name);
            if value != "Retain" && value != "Delete" {
                causes.not_supported(&format!("spec.persistentVolumeClaimRetentionPolicy.{name}"), go_quote(value), &["Retain", "Delete"]);
            }
        }
    }
    nonnegative(causes, spec, "replicas", "spec.replicas");
    nonnegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
    if let Some(ordinals) = spec.get("ordinals") {
        nonnegative(causes, ordinals, "start", "spec.ordinals.start");
    }
    required_selector(causes, spec, "statefulset");
    // `ValidatePodTemplateSpecForStatefulSet`: labels only, the pod spec is not validated.
    let metadata = spec.get("template").and_then(|t| t.get("metadata")).unwrap_or(&Value::Null);
    labels(causes, metadata.get("labels"), "spec.template.labels", "spec.template.metadata.labels");
    annotations(causes, metadata.get("annotations"), "spec.template.annotations");
    template_policies(causes, spec, "StatefulSet");
}

/// A replicated workload's required, non-empty selector, and that the template's labels match
/// it (checked unless the selector is empty, which is already an error).
fn required_selector(causes: &mut Causes, spec: &Value, kind_lower: &str) {
    let selector = spec.get("selector");
    match selector {
        None => causes.required("spec.selector", ""),
        Some(selector) => {
            label_selector(causes, selector, "spec.selector");
            if selector_is_empty(selector) {
                causes.invalid("spec.selector", go_label_selector(selector), &format!("empty selector is invalid for {kind_lower}"));
            }
        }
    }
    if selector.is_none_or(|s| !selector_is_empty(s)) {
        template_selector(causes, spec, selector);
    }
}

/// Deployment and ReplicaSet: selector, template and the pod spec.
fn replicated(causes: &mut Causes, kind: &str, spec: &Value) {
    nonnegative(causes, spec, "replicas", "spec.replicas");
    required_selector(causes, spec, &kind.to_ascii_lowercase());
    pod_template(causes, spec);
    template_policies(causes, spec, kind);
    nonnegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
}

const VOLUME_SOURCES: &[&str] = &[
    "hostPath",
    "emptyDir",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "quobyte",
    "cephfs",
    "cinder",
    "flexVolume",
    "downwardAPI",
    "fc",
    "azureFile",
    "configMap",
    "vsphereVolume",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
    "projected",
    "csi",
    "ephemeral",
    "image",
];

fn volume_source(causes: &mut Causes, volume: &Value, path: &str, sources: &[&str]) {
    let mut count = 0;
    for source in sources {
        let Some(body) = volume.get(*source) else {
            continue;
        };
        let source_path = join(path, source);
        if count > 0 {
            causes.forbidden(&source_path, "may not specify more than 1 volume type");
            continue;
        }
        count += 1;
        match *source {
            "hostPath" => {
                if text(body, "path").is_empty() {
                    causes.required(&join(&source_path, "path"), "");
                }
                let kind = text(body, "type");
                const TYPES: &[&str] =
                    &["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
                if !TYPES.contains(&kind) {
                    causes.not_supported(&join(&source_path, "type"), go_quote(kind), TYPES);
                }
            }
            "secret" if text(body, "secretName").is_empty() => causes.required(&join(&source_path, "secretName"), ""),
            "configMap" if text(body, "name").is_empty() => causes.required(&join(&source_path, "name"), ""),
            "persistentVolumeClaim" if text(body, "claimName").is_empty() => causes.required(&join(&source_path, "claimName"), ""),
            "nfs" => {
                if text(body, "server").is_empty() {
                    causes.required(&join(&source_path, "server"), "");
                }
                let nfs_path = text(body, "path");
                if nfs_path.is_empty() {
                    causes.required(&join(&source_path, "path"), "");
                } else if !nfs_path.starts_with('/') {
                    causes.invalid(&join(&source_path, "path"), go_quote(nfs_path), "must be an absolute path");
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        causes.required(path, "must specify a volume type");
    }
}

/// Volume names declared in a pod spec.
fn volumes(causes: &mut Causes, spec: &Value, base: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, volume) in list(spec, "volumes").iter().enumerate() {
        let path = index(&join(base, "volumes"), i);
        volume_source(causes, volume, &path, VOLUME_SOURCES);
        let name = text(volume, "name");
        let name_path = join(&path, "name");
        if name.is_empty() {
            causes.required(&name_path, "");
        } else {
            for message in is_dns1123_label(name) {
                causes.invalid(&name_path, go_quote(name), &message);
            }
        }
        if !names.insert(name.to_string()) {
            causes.duplicate(&name_path, go_quote(name));
        }
    }
    names
}

fn pod_spec(causes: &mut Causes, spec: &Value, base: &str, is_pod: bool) {
    let volume_names = volumes(causes, spec, base);
    let containers = list(spec, "containers");
    let containers_path = join(base, "containers");
    if containers.is_empty() {
        causes.required(&containers_path, "");
    } else {
        let mut names = BTreeSet::new();
        for (i, container) in containers.iter().enumerate() {
            let path = index(&containers_path, i);
            container_common(causes, container, &path, &volume_names);
            let name = text(container, "name");
            if !names.insert(name.to_string()) {
                causes.duplicate(&join(&path, "name"), go_quote(name));
            }
            probe(causes, container.get("livenessProbe"), &join(&path, "livenessProbe"), true);
            probe(causes, container.get("readinessProbe"), &join(&path, "readinessProbe"), false);
            probe(causes, container.get("startupProbe"), &join(&path, "startupProbe"), true);
            if container.get("restartPolicy").is_some() {
                causes.forbidden(&join(&path, "restartPolicy"), "may not be set for non-init containers");
            }
        }
    }
    let mut all_names = BTreeSet::new();
    all_names.extend(containers.iter().map(|c| text(c, "name").to_string()));
    for (i, container) in list(spec, "initContainers").iter().enumerate() {
        let path = index(&join(base, "initContainers"), i);
        container_common(causes, container, &path, &volume_names);
        let name = text(container, "name");
        if !all_names.insert(name.to_string()) {
            causes.duplicate(&join(&path, "name"), go_quote(name));
        }
        let restartable = text(container, "restartPolicy") == "Always";
        for probe_name in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if container.get(probe_name).is_some() && !restartable {
                causes.forbidden(&join(&path, probe_name), "may not be set for init containers without restartPolicy=Always");
            }
        }
        if restartable {
            probe(causes, container.get("livenessProbe"), &join(&path, "livenessProbe"), true);
            probe(causes, container.get("readinessProbe"), &join(&path, "readinessProbe"), false);
            probe(causes, container.get("startupProbe"), &join(&path, "startupProbe"), true);
        }
    }
    if spec.get("hostNetwork").and_then(Value::as_bool) == Some(true) {
        for (i, container) in containers.iter().enumerate() {
            for (j, port) in list(container, "ports").iter().enumerate() {
                let host_port = integer(port, "hostPort").unwrap_or(0);
                let container_port = integer(port, "containerPort").unwrap_or(0);
                if (is_pod || host_port != 0) && host_port != container_port {
                    let path = join(&index(&join(&index(&containers_path, i), "ports"), j), "hostPort");
                    causes.invalid(&path, host_port.to_string(), "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }
    let restart_policy = text(spec, "restartPolicy");
    match restart_policy {
        "Always" | "OnFailure" | "Never" => {}
        "" => causes.required(&join(base, "restartPolicy"), ""),
        other => causes.not_supported(&join(base, "restartPolicy"), go_quote(other), &["Always", "OnFailure", "Never"]),
    }
    let dns_policy = text(spec, "dnsPolicy");
    match dns_policy {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => causes.required(&join(base, "dnsPolicy"), ""),
        other => {
            causes.not_supported(&join(base, "dnsPolicy"), go_quote(other), &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"])
        }
    }
    labels(causes, spec.get("nodeSelector"), &join(base, "nodeSelector"), &join(base, "nodeSelector"));
    if let Some(affinity) = spec.get("affinity") {
        node_affinity(causes, affinity, &join(base, "affinity"));
    }
    let service_account = text(spec, "serviceAccountName");
    if !service_account.is_empty() {
        for message in is_dns1123_subdomain(service_account) {
            causes.invalid(&join(base, "serviceAccountName"), go_quote(service_account), &message);
        }
    }
    let node_name = text(spec, "nodeName");
    if !node_name.is_empty() {
        for message in is_dns1123_subdomain(node_name) {
            causes.invalid(&join(base, "nodeName"), go_quote(node_name), &message);
        }
    }
    if let Some(deadline) = integer(spec, "activeDeadlineSeconds") {
        if !(1..=i32::MAX as i64).contains(&deadline) {
            causes.invalid(&join(base, "activeDeadlineSeconds"), deadline.to_string(), &inclusive_range_error(1, i32::MAX as i64));
        }
    }
    for name in ["hostname", "subdomain"] {
        let value = text(spec, name);
        if !value.is_empty() {
            for message in is_dns1123_label(value) {
                causes.invalid(&join(base, name), go_quote(value), &message);
            }
        }
    }
    tolerations(causes, list(spec, "tolerations"), &join(base, "tolerations"));
    if let Some(policy) = spec.get("preemptionPolicy").and_then(Value::as_str) {
        if policy != "PreemptLowerPriority" && policy != "Never" {
            causes.not_supported(&join(base, "preemptionPolicy"), go_quote(policy), &["Never", "PreemptLowerPriority"]);
        }
    }
}

fn container_common(causes: &mut Causes, container: &Value, path: &str, volume_names: &BTreeSet<String>) {
    let name = text(container, "name");
    let name_path = join(path, "name");
    if name.is_empty() {
        causes.required(&name_path, "");
    } else {
        for message in is_dns1123_label(name) {
            causes.invalid(&name_path, go_quote(name), &message);
        }
    }
    if text(container, "image").is_empty() {
        causes.required(&join(path, "image"), "");
    }
    match text(container, "terminationMessagePolicy") {
        "File" | "FallbackToLogsOnError" => {}
        "" => causes.required(&join(path, "terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'"),
        other => causes.invalid(&join(path, "terminationMessagePolicy"), go_quote(other), "must be 'File' or 'FallbackToLogsOnError'"),
    }
    container_ports(causes, list(container, "ports"), &join(path, "ports"));
    for (i, variable) in list(container, "env").iter().enumerate() {
        if text(variable, "name").is_empty() {
            causes.required(&join(&index(&join(path, "env"), i), "name"), "");
        }
    }
    let mut mount_paths = BTreeSet::new();
    for (i, mount) in list(container, "volumeMounts").iter().enumerate() {
        let mount_path = index(&join(path, "volumeMounts"), i);
        let mount_name = text(mount, "name");
        if mount_name.is_empty() {
            causes.required(&join(&mount_path, "name"), "");
        }
        if !volume_names.contains(mount_name) {
            causes.not_found(&join(&mount_path, "name"), go_quote(mount_name));
        }
        let target = text(mount, "mountPath");
        if target.is_empty() {
            causes.required(&join(&mount_path, "mountPath"), "");
        }
        if !mount_paths.insert(target.to_string()) {
            causes.invalid(&join(&mount_path, "mountPath"), go_quote(target), "must be unique");
        }
    }
    match text(container, "imagePullPolicy") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => causes.required(&join(path, "imagePullPolicy"), ""),
        other => causes.not_supported(&join(path, "imagePullPolicy"), go_quote(other), &["Always", "IfNotPresent", "Never"]),
    }
    resources(causes, container.get("resources").unwrap_or(&Value::Null), &join(path, "resources"));
}

fn container_ports(causes: &mut Causes, ports: &[Value], path: &str) {
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let port_path = index(path, i);
        let name = text(port, "name");
        if !name.is_empty() {
            let messages = is_valid_port_name(name);
            if !messages.is_empty() {
                for message in messages {
                    causes.invalid(&join(&port_path, "name"), go_quote(name), &message);
                }
            } else if !names.insert(name.to_string()) {
                causes.duplicate(&join(&port_path, "name"), go_quote(name));
            }
        }
        let container_port = integer(port, "containerPort").unwrap_or(0);
        if container_port == 0 {
            causes.required(&join(&port_path, "containerPort"), "");
        } else {
            for message in is_valid_port_number(container_port) {
                causes.invalid(&join(&port_path, "containerPort"), container_port.to_string(), &message);
            }
        }
        let host_port = integer(port, "hostPort").unwrap_or(0);
        if host_port != 0 {
            for message in is_valid_port_number(host_port) {
                causes.invalid(&join(&port_path, "hostPort"), host_port.to_string(), &message);
            }
        }
        protocol(causes, port, &join(&port_path, "protocol"));
    }
}

fn protocol(causes: &mut Causes, port: &Value, path: &str) {
    match text(port, "protocol") {
        "TCP" | "UDP" | "SCTP" => {}
        "" => causes.required(path, ""),
        other => causes.not_supported(path, go_quote(other), &["SCTP", "TCP", "UDP"]),
    }
}

fn quantity_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// `ValidateResourceRequirements` for a container.
fn resources(causes: &mut Causes, requirements: &Value, path: &str) {
    let limits = object(requirements, "limits");
    let limits_path = join(path, "limits");
    let requests_path = join(path, "requests");
    let resource_name = |causes: &mut Causes, name: &str, at: &str| {
        if !name.contains('/') && !is_standard_container_resource(name) {
            causes.invalid(at, go_quote(name), "must be a standard resource for containers");
        } else {
            for message in is_qualified_name(name) {
                causes.invalid(at, go_quote(name), &message);
            }
        }
    };
    for (name, value) in limits.into_iter().flatten() {
        let at = key(&limits_path, name);
        resource_name(causes, name, &at);
        let quantity = quantity_text(value);
        if Quantity::parse(&quantity).map(|q| q.to_f64()).is_ok_and(|v| v < 0.0) {
            causes.invalid(&at, go_quote(&quantity), "must be greater than or equal to 0");
        }
    }
    for (name, value) in object(requirements, "requests").into_iter().flatten() {
        let at = key(&requests_path, name);
        resource_name(causes, name, &at);
        let quantity = quantity_text(value);
        let request = Quantity::parse(&quantity).map(|q| q.to_f64()).unwrap_or(0.0);
        if request < 0.0 {
            causes.invalid(&at, go_quote(&quantity), "must be greater than or equal to 0");
        }
        let overcommit = !name.contains('/') || name.starts_with("kubernetes.io/") || name.starts_with("requests.");
        match limits.and_then(|l| l.get(name)) {
            Some(limit_value) => {
                let limit_text = quantity_text(limit_value);
                let limit = Quantity::parse(&limit_text).map(|q| q.to_f64()).unwrap_or(0.0);
                if !overcommit && request != limit {
                    causes.invalid(&requests_path, go_quote(&quantity), &format!("must be equal to {name} limit of {limit_text}"));
                } else if request > limit {
                    causes.invalid(
                        &requests_path,
                        go_quote(&quantity),
                        &format!("must be less than or equal to {name} limit of {limit_text}"),
                    );
                }
            }
            None if !overcommit => causes.required(&key(&limits_path, name), "Limit must be set for non overcommitable resources"),
            None => {}
        }
    }
}

fn port_number_or_name(causes: &mut Causes, value: Option<&Value>, path: &str) {
    match value {
        Some(Value::String(name)) => {
            for message in is_valid_port_name(name) {
                causes.invalid(path, go_quote(name), &message);
            }
        }
        other => {
            let number = other.and_then(Value::as_i64).unwrap_or(0);
            for message in is_valid_port_number(number) {
                causes.invalid(path, number.to_string(), &message);
            }
        }
    }
}

fn probe(causes: &mut Causes, probe: Option<&Value>, path: &str, success_must_be_one: bool) {
    let Some(probe) = probe else {
        return;
    };
    let mut handlers = 0;
    for handler in ["exec", "httpGet", "tcpSocket", "grpc"] {
        let Some(body) = probe.get(handler) else {
            continue;
        };
        let handler_path = join(path, handler);
        if handlers > 0 {
            causes.forbidden(&handler_path, "may not specify more than 1 handler type");
            continue;
        }
        handlers += 1;
        match handler {
            "exec" if list(body, "command").is_empty() => causes.required(&join(&handler_path, "command"), ""),
            "httpGet" => {
                if text(body, "path").is_empty() {
                    causes.required(&join(&handler_path, "path"), "");
                }
                port_number_or_name(causes, body.get("port"), &join(&handler_path, "port"));
                let scheme = text(body, "scheme");
                if scheme != "HTTP" && scheme != "HTTPS" {
                    causes.not_supported(&join(&handler_path, "scheme"), go_quote(scheme), &["HTTP", "HTTPS"]);
                }
            }
            "tcpSocket" => port_number_or_name(causes, body.get("port"), &join(&handler_path, "port")),
            "grpc" => {
                let port = integer(body, "port").unwrap_or(0);
                for message in is_valid_port_number(port) {
                    causes.invalid(&join(&handler_path, "port"), port.to_string(), &message);
                }
            }
            _ => {}
        }
    }
    if handlers == 0 {
        causes.required(path, "must specify a handler type");
    }
    for name in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
        nonnegative(causes, probe, name, &join(path, name));
    }
    if let Some(grace) = integer(probe, "terminationGracePeriodSeconds") {
        if grace <= 0 {
            causes.invalid(&join(path, "terminationGracePeriodSeconds"), grace.to_string(), "must be greater than 0");
        }
    }
    if success_must_be_one {
        let success = integer(probe, "successThreshold").unwrap_or(0);
        if success != 1 {
            causes.invalid(&join(path, "successThreshold"), success.to_string(), "must be 1");
        }
    }
}

fn node_selector_requirement(causes: &mut Causes, requirement: &Value, path: &str) {
    let values = list(requirement, "values");
    match text(requirement, "operator") {
        "In" | "NotIn" => {
            if values.is_empty() {
                causes.required(&join(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'");
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                causes.forbidden(&join(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
            }
        }
        "Gt" | "Lt" => {
            if values.len() != 1 {
                causes.required(&join(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'");
            }
        }
        other => causes.invalid(&join(path, "operator"), go_quote(other), "not a valid selector operator"),
    }
    let key_text = text(requirement, "key");
    for message in is_qualified_name(key_text) {
        causes.invalid(&join(path, "key"), go_quote(key_text), &message);
    }
}

fn node_selector_term(causes: &mut Causes, term: &Value, path: &str) {
    for (i, requirement) in list(term, "matchExpressions").iter().enumerate() {
        node_selector_requirement(causes, requirement, &index(&join(path, "matchExpressions"), i));
    }
}

fn node_affinity(causes: &mut Causes, affinity: &Value, path: &str) {
    let Some(node_affinity) = affinity.get("nodeAffinity") else {
        return;
    };
    let base = join(path, "nodeAffinity");
    if let Some(required) = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") {
        let terms_path = join(&join(&base, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
        let terms = list(required, "nodeSelectorTerms");
        if terms.is_empty() {
            causes.required(&terms_path, "must have at least one node selector term");
        }
        for (i, term) in terms.iter().enumerate() {
            node_selector_term(causes, term, &index(&terms_path, i));
        }
    }
    for (i, preferred) in list(node_affinity, "preferredDuringSchedulingIgnoredDuringExecution").iter().enumerate() {
        let path = index(&join(&base, "preferredDuringSchedulingIgnoredDuringExecution"), i);
        let weight = integer(preferred, "weight").unwrap_or(0);
        if !(1..=100).contains(&weight) {
            causes.invalid(&join(&path, "weight"), weight.to_string(), "must be in the range 1-100");
        }
        node_selector_term(causes, preferred.get("preference").unwrap_or(&Value::Null), &join(&path, "preference"));
    }
}

const TAINT_EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn tolerations(causes: &mut Causes, tolerations: &[Value], path: &str) {
    for (i, toleration) in tolerations.iter().enumerate() {
        let item = index(path, i);
        let key_text = text(toleration, "key");
        if !key_text.is_empty() {
            for message in is_qualified_name(key_text) {
                causes.invalid(&join(&item, "key"), go_quote(key_text), &message);
            }
        }
        let operator = text(toleration, "operator");
        if key_text.is_empty() && operator != "Exists" {
            causes.invalid(
                &join(&item, "operator"),
                go_quote(operator),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        let effect = text(toleration, "effect");
        if toleration.get("tolerationSeconds").is_some() && effect != "NoExecute" {
            causes.invalid(&join(&item, "effect"), go_quote(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set");
        }
        let value = text(toleration, "value");
        match operator {
            "Equal" | "" => {
                let messages = is_valid_label_value(value);
                if !messages.is_empty() {
                    causes.invalid(&join(&item, "operator"), go_quote(value), &messages.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    causes.invalid(
                        &join(&item, "operator"),
                        "core.Toleration{…}".into(),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            other => causes.not_supported(&join(&item, "operator"), go_quote(other), &["Equal", "Exists"]),
        }
        if !effect.is_empty() && !TAINT_EFFECTS.contains(&effect) {
            causes.not_supported(&join(&item, "effect"), go_quote(effect), TAINT_EFFECTS);
        }
    }
}

fn service(causes: &mut Causes, spec: &Value) {
    let service_type = text(spec, "type");
    let cluster_ip = text(spec, "clusterIP");
    let headless = cluster_ip == "None";
    let ports = list(spec, "ports");
    if ports.is_empty() && !headless && service_type != "ExternalName" {
        causes.required("spec.ports", "");
    }
    match service_type {
        "ClusterIP" | "NodePort" | "LoadBalancer" => {}
        "ExternalName" => {
            let external_name = text(spec, "externalName");
            if external_name.is_empty() {
                causes.required("spec.externalName", "");
            } else {
                for message in is_dns1123_subdomain(external_name.trim_end_matches('.')) {
                    causes.invalid("spec.externalName", go_quote(external_name), &message);
                }
            }
        }
        other => causes.not_supported("spec.type", go_quote(other), &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]),
    }
    if !cluster_ip.is_empty() && !headless && cluster_ip.parse::<std::net::IpAddr>().is_err() {
        causes.invalid("spec.clusterIPs[0]", go_quote(cluster_ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let path = index("spec.ports", i);
        let name = text(port, "name");
        if ports.len() > 1 && name.is_empty() {
            causes.required(&join(&path, "name"), "");
        } else if !name.is_empty() {
            for message in is_dns1123_label(name) {
                causes.invalid(&join(&path, "name"), go_quote(name), &message);
            }
            if !names.insert(name.to_string()) {
                causes.duplicate(&join(&path, "name"), go_quote(name));
            }
        }
        let number = integer(port, "port").unwrap_or(0);
        for message in is_valid_port_number(number) {
            causes.invalid(&join(&path, "port"), number.to_string(), &message);
        }
        protocol(causes, port, &join(&path, "protocol"));
        port_number_or_name(causes, port.get("targetPort"), &join(&path, "targetPort"));
    }
    match text(spec, "sessionAffinity") {
        "ClientIP" | "None" => {}
        "" => causes.required("spec.sessionAffinity", ""),
        other => causes.not_supported("spec.sessionAffinity", go_quote(other), &["ClientIP", "None"]),
    }
    if service_type == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if integer(port, "nodePort").unwrap_or(0) != 0 {
                causes.forbidden(&join(&index("spec.ports", i), "nodePort"), "may not be used when `type` is 'ClusterIP'");
            }
        }
    }
    let external_policy = text(spec, "externalTrafficPolicy");
    if !external_policy.is_empty() && service_type != "NodePort" && service_type != "LoadBalancer" {
        causes.invalid(
            "spec.externalTrafficPolicy",
            go_quote(external_policy),
            "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        );
    }
    labels(causes, spec.get("selector"), "spec.selector", "spec.selector");
}

fn node(causes: &mut Causes, node_object: &Value) {
    let spec = node_object.get("spec").unwrap_or(&Value::Null);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, taint) in list(spec, "taints").iter().enumerate() {
        let path = index("spec.taints", i);
        let key_text = text(taint, "key");
        for message in is_qualified_name(key_text) {
            causes.invalid(&join(&path, "key"), go_quote(key_text), &message);
        }
        let value = text(taint, "value");
        let messages = is_valid_label_value(value);
        if !messages.is_empty() {
            causes.invalid(&join(&path, "value"), go_quote(value), &messages.join(";"));
        }
        let effect = text(taint, "effect");
        if effect.is_empty() {
            causes.required(&join(&path, "effect"), "");
        } else if !TAINT_EFFECTS.contains(&effect) {
            causes.not_supported(&join(&path, "effect"), go_quote(effect), TAINT_EFFECTS);
        }
        if !seen.insert((key_text.to_string(), effect.to_string())) {
            let value = format!(
                "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:<nil>}}",
                go_quote(key_text),
                go_quote(value),
                go_quote(effect)
            );
            causes.push(&path, format!("Duplicate value: {value}: taints must be unique by key and effect pair"));
        }
    }
    let status = node_object.get("status").unwrap_or(&Value::Null);
    for list_name in ["capacity", "allocatable"] {
        for (name, value) in object(status, list_name).into_iter().flatten() {
            let quantity = quantity_text(value);
            if Quantity::parse(&quantity).map(|q| q.to_f64()).is_ok_and(|v| v < 0.0) {
                causes.invalid(&format!("status.{list_name}.{name}"), go_quote(&quantity), "must be greater than or equal to 0");
            }
        }
    }
}

const ACCESS_MODES: &[&str] = &["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

fn access_modes(causes: &mut Causes, spec: &Value, path: &str, required_detail: &str) {
    let modes = list(spec, "accessModes");
    if modes.is_empty() {
        causes.required(path, required_detail);
    }
    for mode in modes {
        let mode = mode.as_str().unwrap_or("");
        if !ACCESS_MODES.contains(&mode) {
            causes.not_supported(path, go_quote(mode), ACCESS_MODES);
        }
    }
    if modes.len() > 1 && modes.iter().any(|m| m.as_str() == Some("ReadWriteOncePod")) {
        causes.forbidden(path, "may not use ReadWriteOncePod with other access modes");
    }
}

const PV_SOURCES: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "glusterfs",
    "flexVolume",
    "nfs",
    "rbd",
    "quobyte",
    "cinder",
    "cephfs",
    "fc",
    "flocker",
    "azureFile",
    "vsphereVolume",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "local",
    "storageos",
    "csi",
    "iscsi",
];

fn persistent_volume(causes: &mut Causes, spec: &Value) {
    access_modes(causes, spec, "spec.accessModes", "");
    let capacity = object(spec, "capacity");
    if capacity.is_none_or(Map::is_empty) {
        causes.required("spec.capacity", "");
    }
    let only_storage = capacity.is_some_and(|c| c.contains_key("storage") && c.len() == 1);
    if !only_storage {
        let value =
            if capacity.is_none_or(Map::is_empty) { "core.ResourceList(nil)".to_string() } else { "core.ResourceList{…}".to_string() };
        causes.not_supported("spec.capacity", value, &["storage"]);
    }
    for (name, value) in capacity.into_iter().flatten() {
        let quantity = quantity_text(value);
        if Quantity::parse(&quantity).map(|q| q.to_f64()).is_ok_and(|v| v <= 0.0) {
            causes.invalid(&key("spec.capacity", name), go_quote(&quantity), "must be greater than zero");
        }
    }
    let class = text(spec, "storageClassName");
    if !class.is_empty() {
        for message in is_dns1123_subdomain(class) {
            causes.invalid("spec.storageClassName", go_quote(class), &message);
        }
    }
    let policy = text(spec, "persistentVolumeReclaimPolicy");
    if !["Delete", "Recycle", "Retain"].contains(&policy) {
        causes.not_supported("spec.persistentVolumeReclaimPolicy", go_quote(policy), &["Delete", "Recycle", "Retain"]);
    }
    volume_source(causes, spec, "spec", PV_SOURCES);
    if policy == "Recycle"
        && spec.get("hostPath").is_some_and(|h| text(h, "path").trim_end_matches('/').is_empty() && !text(h, "path").is_empty())
    {
        causes.forbidden("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'");
    }
    let mode = text(spec, "volumeMode");
    if !mode.is_empty() && mode != "Block" && mode != "Filesystem" {
        causes.not_supported("spec.volumeMode", go_quote(mode), &["Block", "Filesystem"]);
    }
}

fn claim_spec(causes: &mut Causes, spec: &Value, path: &str) {
    access_modes(causes, spec, &join(path, "accessModes"), "at least 1 access mode is required");
    if let Some(selector) = spec.get("selector") {
        label_selector(causes, selector, &join(path, "selector"));
    }
    let storage = spec.get("resources").and_then(|r| r.get("requests")).and_then(|r| r.get("storage"));
    let storage_path = key(&join(path, "resources"), "storage");
    match storage {
        None => causes.required(&storage_path, ""),
        Some(value) => {
            let quantity = quantity_text(value);
            if Quantity::parse(&quantity).map(|q| q.to_f64()).is_ok_and(|v| v <= 0.0) {
                causes.invalid(&storage_path, go_quote(&quantity), "must be greater than zero");
            }
        }
    }
    if let Some(class) = spec.get("storageClassName").and_then(Value::as_str) {
        if !class.is_empty() {
            for message in is_dns1123_subdomain(class) {
                causes.invalid(&join(path, "storageClassName"), go_quote(class), &message);
            }
        }
    }
    let mode = text(spec, "volumeMode");
    if !mode.is_empty() && mode != "Block" && mode != "Filesystem" {
        causes.not_supported(&join(path, "volumeMode"), go_quote(mode), &["Block", "Filesystem"]);
    }
}

fn storage_class(causes: &mut Causes, class_object: &Value) {
    if text(class_object, "provisioner").is_empty() {
        causes.required("provisioner", "");
    }
    if let Some(policy) = class_object.get("reclaimPolicy").and_then(Value::as_str) {
        if policy != "Delete" && policy != "Retain" {
            causes.not_supported("reclaimPolicy", go_quote(policy), &["Delete", "Retain"]);
        }
    }
    if let Some(mode) = class_object.get("volumeBindingMode").and_then(Value::as_str) {
        if mode != "Immediate" && mode != "WaitForFirstConsumer" {
            causes.not_supported("volumeBindingMode", go_quote(mode), &["Immediate", "WaitForFirstConsumer"]);
        }
    }
}

fn custom_resource_definition(causes: &mut Causes, definition: &Value) {
    let spec = definition.get("spec").unwrap_or(&Value::Null);
    let group = text(spec, "group");
    let names = spec.get("names").unwrap_or(&Value::Null);
    let plural = text(names, "plural");
    let name = definition.get("metadata").map(|m| text(m, "name")).unwrap_or("");
    if !name.is_empty() && name != format!("{plural}.{group}") {
        causes.invalid("metadata.name", go_quote(name), "must be spec.names.plural+\".\"+spec.group");
    }
    if group.is_empty() {
        causes.required("spec.group", "");
    } else if !group.contains('.') {
        causes.invalid("spec.group", go_quote(group), "should be a domain with at least one dot");
    }
    match text(spec, "scope") {
        "Cluster" | "Namespaced" => {}
        "" => causes.required("spec.scope", ""),
        other => causes.not_supported("spec.scope", go_quote(other), &["Cluster", "Namespaced"]),
    }
    let versions = list(spec, "versions");
    if versions.is_empty() {
        causes.invalid(
            "spec.versions",
            "[]apiextensions.CustomResourceDefinitionVersion(nil)".into(),
            "must have exactly one version marked as storage version",
        );
    } else if versions.iter().filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true)).count() != 1 {
        causes.invalid(
            "spec.versions",
            "[]apiextensions.CustomResourceDefinitionVersion{…}".into(),
            "must have exactly one version marked as storage version",
        );
    }
    for (i, version) in versions.iter().enumerate() {
        if version.get("schema").and_then(|s| s.get("openAPIV3Schema")).is_none() {
            causes.required(&format!("spec.versions[{i}].schema.openAPIV3Schema"), "schemas are required");
        }
    }
    if plural.is_empty() {
        causes.required("spec.names.plural", "");
    }
    if text(names, "kind").is_empty() {
        causes.required("spec.names.kind", "");
    }
}

/// Warnings the API server returns on create (`pkg/api/*/util.go` `GetWarningsFor…`):
/// (path, message).
pub fn warnings(object: &Value) -> Vec<(String, String)> {
    let cleaned = without_nulls(object);
    let object = &cleaned;
    let mut found = Vec::new();
    let kind = text(object, "kind");
    let spec = object.get("spec").unwrap_or(&Value::Null);
    let annotations = object.get("metadata").and_then(|m| m.get("annotations"));
    if matches!(kind, "PersistentVolume" | "PersistentVolumeClaim")
        && annotations.and_then(|a| a.get("volume.beta.kubernetes.io/storage-class")).is_some()
    {
        found.push((
            "metadata.annotations[volume.beta.kubernetes.io/storage-class]".to_string(),
            "deprecated since v1.8; use \"storageClassName\" attribute instead".to_string(),
        ));
    }
    if kind == "PersistentVolume" && text(spec, "persistentVolumeReclaimPolicy") == "Recycle" {
        found.push((
            "spec.persistentVolumeReclaimPolicy".to_string(),
            "The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.".to_string(),
        ));
    }
    found
}
