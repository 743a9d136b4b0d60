//! API defaults (`pkg/apis/*/v1/defaults.go` `SetDefaults_*`), the admission plugins that fill
//! fields on Pods (ServiceAccount, Priority, DefaultTolerationSeconds, NODE-06), and what the
//! registries do on create ([`on_create`]).
//!
//! Everything works on the object's JSON, so typed and JSON-kept kinds share one
//! implementation; fields the user wrote are never replaced.

use crate::sim::objects::apps::TEMPLATE_GENERATION_ANNOTATION;
use crate::sim::objects::Object;
use crate::sim::quantity::Quantity;
use serde_json::{json, Map, Value};

/// Fills defaults as the API server does on create, including the admission plugins for Pods.
/// Idempotent. Kinds of other groups (custom resources) are left alone.
pub fn apply_defaults(object: &mut Object) {
    rewrite(object, default_object);
}

/// What the registry does when the object is created (after [`apply_defaults`]): DaemonSets get
/// `deprecated.daemonset.template.generation: "1"`; the status is reset as `PrepareForCreate`
/// resets it (Pods: `Pending` with their QoS class; DaemonSets: zero counters; Services: an
/// empty load balancer; StatefulSets: zero replicas; PersistentVolumes and claims:
/// `Pending`; Namespaces: `Active`, with the `kubernetes` finalizer). Nodes keep their status.
pub fn on_create(object: &mut Object) {
    rewrite(object, create_object);
}

/// Applies `change` to the object's JSON and rebuilds it; a failed rebuild keeps the original.
fn rewrite(object: &mut Object, change: impl FnOnce(&str, &mut Map<String, Value>) -> bool) {
    let kind = object.kind().to_string();
    let api_version = object.api_version().to_string();
    if !is_builtin(&api_version) {
        return;
    }
    let Value::Object(mut map) = object.to_json() else {
        return;
    };
    if !change(&kind, &mut map) {
        return;
    }
    map.remove("apiVersion");
    map.remove("kind");
    if let Ok(rebuilt) = Object::from_parts(&api_version, &kind, map) {
        *object = rebuilt;
    }
}

fn is_builtin(api_version: &str) -> bool {
    matches!(api_version, "v1" | "apps/v1" | "storage.k8s.io/v1" | "rbac.authorization.k8s.io/v1" | "discovery.k8s.io/v1")
}

/// Sets `key` when absent; says whether it did.
fn set(map: &mut Map<String, Value>, key: &str, value: Value) -> bool {
    if map.get(key).is_none_or(Value::is_null) {
        map.insert(key.to_string(), value);
        true
    } else {
        false
    }
}

/// The object at `key`, created (or replacing a non-object) when absent.
fn child<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    as_object(map.entry(key.to_string()).or_insert(Value::Null))
}

fn as_object(value: &mut Value) -> &mut Map<String, Value> {
    match value {
        Value::Object(inner) => inner,
        other => {
            *other = Value::Object(Map::new());
            as_object(other)
        }
    }
}

fn items_mut<'a>(map: &'a mut Map<String, Value>, key: &str) -> impl Iterator<Item = &'a mut Map<String, Value>> {
    map.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut)
}

fn default_object(kind: &str, object: &mut Map<String, Value>) -> bool {
    match kind {
        "Pod" => {
            let spec = child(object, "spec");
            pod_spec(spec, true);
            admission(spec);
        }
        "DaemonSet" => {
            let spec = child(object, "spec");
            let strategy = child(spec, "updateStrategy");
            set(strategy, "type", Value::from("RollingUpdate"));
            if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                let rolling = child(strategy, "rollingUpdate");
                set(rolling, "maxUnavailable", Value::from(1));
                set(rolling, "maxSurge", Value::from(0));
            }
            set(spec, "revisionHistoryLimit", Value::from(10));
            template(spec);
        }
        "StatefulSet" => {
            let spec = child(object, "spec");
            set(spec, "podManagementPolicy", Value::from("OrderedReady"));
            let strategy = child(spec, "updateStrategy");
            if set(strategy, "type", Value::from("RollingUpdate")) {
                set(strategy, "rollingUpdate", json!({}));
            }
            if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                if let Some(Value::Object(rolling)) = strategy.get_mut("rollingUpdate") {
                    set(rolling, "partition", Value::from(0));
                }
            }
            let retention = child(spec, "persistentVolumeClaimRetentionPolicy");
            set(retention, "whenDeleted", Value::from("Retain"));
            set(retention, "whenScaled", Value::from("Retain"));
            set(spec, "replicas", Value::from(1));
            set(spec, "revisionHistoryLimit", Value::from(10));
            template(spec);
            for claim in items_mut(spec, "volumeClaimTemplates") {
                set(claim, "apiVersion", Value::from("v1"));
                set(claim, "kind", Value::from("PersistentVolumeClaim"));
                claim_spec(child(claim, "spec"));
                set(child(claim, "status"), "phase", Value::from("Pending"));
            }
        }
        "Deployment" => {
            let spec = child(object, "spec");
            set(spec, "replicas", Value::from(1));
            let strategy = child(spec, "strategy");
            set(strategy, "type", Value::from("RollingUpdate"));
            if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                let rolling = child(strategy, "rollingUpdate");
                set(rolling, "maxUnavailable", Value::from("25%"));
                set(rolling, "maxSurge", Value::from("25%"));
            }
            set(spec, "revisionHistoryLimit", Value::from(10));
            set(spec, "progressDeadlineSeconds", Value::from(600));
            template(spec);
        }
        "ReplicaSet" => {
            let spec = child(object, "spec");
            set(spec, "replicas", Value::from(1));
            template(spec);
        }
        "Service" => service(child(object, "spec")),
        "Node" => {
            if let Some(Value::Object(status)) = object.get_mut("status") {
                if let Some(capacity) = status.get("capacity").cloned() {
                    set(status, "allocatable", capacity);
                }
            }
        }
        "PersistentVolume" => {
            let spec = child(object, "spec");
            set(spec, "persistentVolumeReclaimPolicy", Value::from("Retain"));
            set(spec, "volumeMode", Value::from("Filesystem"));
            if let Some(Value::Object(host_path)) = spec.get_mut("hostPath") {
                set(host_path, "type", Value::from(""));
            }
            set(child(object, "status"), "phase", Value::from("Pending"));
        }
        "PersistentVolumeClaim" => {
            claim_spec(child(object, "spec"));
            set(child(object, "status"), "phase", Value::from("Pending"));
        }
        "StorageClass" => {
            set(object, "reclaimPolicy", Value::from("Delete"));
            set(object, "volumeBindingMode", Value::from("Immediate"));
        }
        "Secret" => {
            set(object, "type", Value::from("Opaque"));
        }
        "Namespace" => {
            let name = object.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
            if !name.is_empty() {
                let labels = child(child(object, "metadata"), "labels");
                labels.insert("kubernetes.io/metadata.name".into(), json!(name));
            }
            set(child(object, "status"), "phase", Value::from("Active"));
        }
        _ => return false,
    }
    true
}

fn template(spec: &mut Map<String, Value>) {
    let template = child(spec, "template");
    pod_spec(child(template, "spec"), false);
}

fn claim_spec(spec: &mut Map<String, Value>) {
    set(spec, "volumeMode", Value::from("Filesystem"));
}

/// `SetDefaults_PodSpec` (+ `SetDefaults_Pod` when `is_pod`) and everything below it.
fn pod_spec(spec: &mut Map<String, Value>, is_pod: bool) {
    set(spec, "dnsPolicy", Value::from("ClusterFirst"));
    set(spec, "restartPolicy", Value::from("Always"));
    set(spec, "securityContext", json!({}));
    set(spec, "terminationGracePeriodSeconds", Value::from(30));
    set(spec, "schedulerName", Value::from("default-scheduler"));
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for container in items_mut(spec, list) {
            self::container(container);
            if is_pod && list != "ephemeralContainers" {
                requests_from_limits(container);
                if host_network {
                    for port in items_mut(container, "ports") {
                        if let Some(number) = port.get("containerPort").cloned() {
                            set(port, "hostPort", number);
                        }
                    }
                }
            }
        }
    }
    for volume in items_mut(spec, "volumes") {
        self::volume(volume);
    }
    if is_pod {
        set(spec, "enableServiceLinks", Value::from(true));
    }
}

fn container(container: &mut Map<String, Value>) {
    if container.get("imagePullPolicy").is_none_or(Value::is_null) {
        let image = container.get("image").and_then(Value::as_str).unwrap_or("");
        container.insert("imagePullPolicy".into(), json!(pull_policy_for(image)));
    }
    set(container, "terminationMessagePath", Value::from("/dev/termination-log"));
    set(container, "terminationMessagePolicy", Value::from("File"));
    for port in items_mut(container, "ports") {
        set(port, "protocol", Value::from("TCP"));
    }
    for name in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(Value::Object(probe)) = container.get_mut(name) {
            set(probe, "timeoutSeconds", Value::from(1));
            set(probe, "periodSeconds", Value::from(10));
            set(probe, "successThreshold", Value::from(1));
            set(probe, "failureThreshold", Value::from(3));
            http_get(probe);
        }
    }
    if let Some(Value::Object(lifecycle)) = container.get_mut("lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(Value::Object(handler)) = lifecycle.get_mut(hook) {
                http_get(handler);
            }
        }
    }
    for variable in items_mut(container, "env") {
        if let Some(Value::Object(source)) = variable.get_mut("valueFrom") {
            if let Some(Value::Object(field_ref)) = source.get_mut("fieldRef") {
                set(field_ref, "apiVersion", Value::from("v1"));
            }
        }
    }
}

fn http_get(handler: &mut Map<String, Value>) {
    if let Some(Value::Object(action)) = handler.get_mut("httpGet") {
        set(action, "path", Value::from("/"));
        set(action, "scheme", Value::from("HTTP"));
    }
}

/// `SetDefaults_Container`: `Always` for `:latest` or no tag (and no digest), else
/// `IfNotPresent` (also for references `ParseImageName` rejects).
pub fn pull_policy_for(image: &str) -> &'static str {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last_segment = name.rsplit('/').next().unwrap_or(name);
    let (repository, tag) = match last_segment.split_once(':') {
        Some((_, tag)) => (&name[..name.len() - tag.len() - 1], Some(tag)),
        None => (name, None),
    };
    let valid = !repository.is_empty() && !repository.bytes().any(|b| b.is_ascii_uppercase()) && !image.contains(char::is_whitespace);
    if !valid {
        return "IfNotPresent";
    }
    match (tag, digest) {
        (Some("latest"), _) => "Always",
        (None, None) => "Always",
        _ => "IfNotPresent",
    }
}

/// `SetDefaults_Pod`: requests default to limits.
fn requests_from_limits(container: &mut Map<String, Value>) {
    let Some(Value::Object(resources)) = container.get_mut("resources") else {
        return;
    };
    let Some(Value::Object(limits)) = resources.get("limits").cloned() else {
        return;
    };
    let requests = child(resources, "requests");
    for (name, value) in limits {
        requests.entry(name).or_insert(value);
    }
}

fn volume(volume: &mut Map<String, Value>) {
    if !volume.keys().any(|k| k != "name") {
        volume.insert("emptyDir".into(), json!({}));
    }
    if let Some(Value::Object(host_path)) = volume.get_mut("hostPath") {
        set(host_path, "type", Value::from(""));
    }
    for source in ["configMap", "secret", "projected", "downwardAPI"] {
        if let Some(Value::Object(body)) = volume.get_mut(source) {
            set(body, "defaultMode", Value::from(420));
        }
    }
    if let Some(Value::Object(downward)) = volume.get_mut("downwardAPI") {
        for item in items_mut(downward, "items") {
            if let Some(Value::Object(field_ref)) = item.get_mut("fieldRef") {
                set(field_ref, "apiVersion", Value::from("v1"));
            }
        }
    }
    if let Some(Value::Object(ephemeral)) = volume.get_mut("ephemeral") {
        if let Some(Value::Object(template)) = ephemeral.get_mut("volumeClaimTemplate") {
            claim_spec(child(template, "spec"));
        }
    }
}

/// ServiceAccount, Priority and DefaultTolerationSeconds admission (Pods only).
fn admission(spec: &mut Map<String, Value>) {
    let account = spec.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty());
    let account =
        account.or_else(|| spec.get("serviceAccount").and_then(Value::as_str).filter(|s| !s.is_empty())).unwrap_or("default").to_string();
    spec.insert("serviceAccountName".into(), json!(account));
    spec.insert("serviceAccount".into(), json!(account));
    let class = spec.get("priorityClassName").and_then(Value::as_str).unwrap_or("");
    let priority = match class {
        "" => Some(0),
        "system-node-critical" => Some(2_000_001_000),
        "system-cluster-critical" => Some(2_000_000_000),
        _ => None,
    };
    if let Some(priority) = priority {
        set(spec, "priority", json!(priority));
    }
    set(spec, "preemptionPolicy", Value::from("PreemptLowerPriority"));
    let tolerations: Vec<Value> = spec.get("tolerations").and_then(Value::as_array).cloned().unwrap_or_default();
    let tolerates = |taint_key: &str| {
        tolerations.iter().any(|t| {
            let key = t.get("key").and_then(Value::as_str).unwrap_or("");
            let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
            (key == taint_key || key.is_empty()) && (effect == "NoExecute" || effect.is_empty())
        })
    };
    let mut added = Vec::new();
    for taint_key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        if !tolerates(taint_key) {
            added.push(json!({"key": taint_key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
        }
    }
    if !added.is_empty() {
        let mut all = tolerations;
        all.extend(added);
        spec.insert("tolerations".into(), Value::Array(all));
    }
}

/// `SetDefaults_Service`, plus the IP family fields the registry fills (single-stack IPv4).
fn service(spec: &mut Map<String, Value>) {
    set(spec, "sessionAffinity", Value::from("None"));
    match spec.get("sessionAffinity").and_then(Value::as_str) {
        Some("None") => {
            spec.remove("sessionAffinityConfig");
        }
        Some("ClientIP") => {
            let has_timeout =
                spec.get("sessionAffinityConfig").and_then(|c| c.get("clientIP")).and_then(|c| c.get("timeoutSeconds")).is_some();
            if !has_timeout {
                spec.insert("sessionAffinityConfig".into(), json!({"clientIP": {"timeoutSeconds": 10800}}));
            }
        }
        _ => {}
    }
    set(spec, "type", Value::from("ClusterIP"));
    for port in items_mut(spec, "ports") {
        set(port, "protocol", Value::from("TCP"));
        let target_unset = match port.get("targetPort") {
            None | Some(Value::Null) => true,
            Some(Value::Number(n)) => n.as_i64() == Some(0),
            Some(Value::String(s)) => s.is_empty(),
            _ => false,
        };
        if target_unset {
            if let Some(number) = port.get("port").cloned() {
                port.insert("targetPort".into(), number);
            }
        }
    }
    let service_type = spec.get("type").and_then(Value::as_str).unwrap_or("").to_string();
    if service_type == "NodePort" || service_type == "LoadBalancer" {
        set(spec, "externalTrafficPolicy", Value::from("Cluster"));
    }
    if matches!(service_type.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") {
        set(spec, "internalTrafficPolicy", Value::from("Cluster"));
    }
    if service_type == "LoadBalancer" {
        set(spec, "allocateLoadBalancerNodePorts", Value::from(true));
    }
    if service_type != "ExternalName" {
        let headless = spec.get("clusterIP").and_then(Value::as_str) == Some("None");
        if headless {
            set(spec, "clusterIPs", json!(["None"]));
        }
        let selectorless = spec.get("selector").and_then(Value::as_object).is_none_or(Map::is_empty);
        let policy = if headless && selectorless { "RequireDualStack" } else { "SingleStack" };
        set(spec, "ipFamilyPolicy", json!(policy));
        set(spec, "ipFamilies", json!(["IPv4"]));
    }
}

fn create_object(kind: &str, object: &mut Map<String, Value>) -> bool {
    match kind {
        "DaemonSet" => {
            let metadata = child(object, "metadata");
            let annotations = child(metadata, "annotations");
            let current = annotations.get(TEMPLATE_GENERATION_ANNOTATION).and_then(Value::as_str).and_then(|v| v.parse::<i64>().ok());
            if current.is_none_or(|generation| generation < 1) {
                annotations.insert(TEMPLATE_GENERATION_ANNOTATION.into(), Value::from("1"));
            }
            object.insert(
                "status".into(),
                json!({"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0}),
            );
        }
        "Pod" => {
            let class = quality_of_service(object.get("spec").unwrap_or(&Value::Null));
            object.insert("status".into(), json!({"phase": "Pending", "qosClass": class}));
        }
        "Service" => {
            object.insert("status".into(), json!({"loadBalancer": {}}));
        }
        "StatefulSet" => {
            object.insert("status".into(), json!({"replicas": 0, "availableReplicas": 0}));
        }
        "PersistentVolume" | "PersistentVolumeClaim" => {
            object.insert("status".into(), json!({"phase": "Pending"}));
        }
        "Namespace" => {
            let spec = child(object, "spec");
            set(spec, "finalizers", json!(["kubernetes"]));
            object.insert("status".into(), json!({"phase": "Active"}));
        }
        _ => return false,
    }
    true
}

/// `qos.GetPodQOS` over cpu and memory (after requests default to limits).
pub fn quality_of_service(spec: &Value) -> &'static str {
    let mut requests: Vec<(String, f64)> = Vec::new();
    let mut limits: Vec<(String, f64)> = Vec::new();
    let mut guaranteed = true;
    let containers = ["initContainers", "containers"]
        .iter()
        .flat_map(|list| spec.get(*list).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]));
    for container in containers {
        let resources = container.get("resources").unwrap_or(&Value::Null);
        let read = |list: &str| -> Vec<(String, f64)> {
            resources
                .get(list)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(name, _)| *name == "cpu" || *name == "memory")
                .filter_map(|(name, value)| {
                    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
                    Quantity::parse(&text).map(|q| q.to_f64()).ok().filter(|v| *v != 0.0).map(|v| (name.clone(), v))
                })
                .collect()
        };
        let container_limits = read("limits");
        let mut container_requests = read("requests");
        for (name, value) in &container_limits {
            if !container_requests.iter().any(|(n, _)| n == name) {
                container_requests.push((name.clone(), *value));
            }
        }
        if !(container_limits.iter().any(|(n, _)| n == "cpu") && container_limits.iter().any(|(n, _)| n == "memory")) {
            guaranteed = false;
        }
        for (target, source) in [(&mut requests, container_requests), (&mut limits, container_limits)] {
            for (name, value) in source {
                match target.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, total)) => *total += value,
                    None => target.push((name, value)),
                }
            }
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed {
        let equal = requests.iter().all(|(name, value)| limits.iter().any(|(n, v)| n == name && (v - value).abs() < 1e-9));
        if equal && requests.len() == limits.len() {
            return "Guaranteed";
        }
    }
    "Burstable"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(pull_policy_for("nginx"), "Always");
        assert_eq!(pull_policy_for("nginx:latest"), "Always");
        assert_eq!(pull_policy_for("nginx:1.7.9"), "IfNotPresent");
        assert_eq!(pull_policy_for("localhost:5000/nginx"), "Always");
        assert_eq!(pull_policy_for("nginx@sha256:abc"), "IfNotPresent");
        assert_eq!(pull_policy_for(""), "IfNotPresent");
    }

    #[test]
    fn quality_of_service_classes() {
        assert_eq!(quality_of_service(&json!({"containers": [{"name": "a"}]})), "BestEffort");
        let guaranteed = json!({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]});
        assert_eq!(quality_of_service(&guaranteed), "Guaranteed");
        let burstable = json!({"containers": [{"resources": {"requests": {"cpu": "100m"}}}]});
        assert_eq!(quality_of_service(&burstable), "Burstable");
    }
}
