//! The server-side table columns, ported from kube-apiserver's
//! `pkg/printers/internalversion/printers.go` (column definitions and `print<Kind>` functions).
//!
//! Like the API server, every printer returns all cells, wide (priority 1) ones included;
//! [`super::table`] drops priority columns unless `-o wide`, as kubectl does client-side.
//!
//! Objects the simulator keeps as written ([`Generic`]) may lack fields the API server would
//! have defaulted; the printers apply those defaults (documented per kind) so the row reads as
//! it would against a real cluster.

use super::duration::translate_timestamp_since;
use crate::sim::objects::apps::{ControllerRevision, DaemonSet};
use crate::sim::objects::core::{Event, Service};
use crate::sim::objects::meta::{format_labels, LabelSelector, Labels, ObjectMeta};
use crate::sim::objects::node::Node;
use crate::sim::objects::pod::{Container, Pod, PodStatus};
use crate::sim::objects::{Generic, Object, PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass};
use crate::sim::time::{parse_rfc3339, Millis, Time, SIM_EPOCH_UNIX_S};
use serde_json::Value;
use std::collections::BTreeSet;

/// A `metav1.TableColumnDefinition`: the name as the server spells it (kubectl upper-cases
/// it), its priority (1 = only with `-o wide`) and whether it has `format: name` (the column
/// `kind/` is prefixed to when kubectl prints several kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: &'static str,
    pub priority: u8,
    pub name_format: bool,
}

const fn col(name: &'static str) -> ColumnDef {
    ColumnDef { name, priority: 0, name_format: false }
}

const fn wide(name: &'static str) -> ColumnDef {
    ColumnDef { name, priority: 1, name_format: false }
}

const NAME: ColumnDef = ColumnDef { name: "Name", priority: 0, name_format: true };
const AGE: ColumnDef = col("Age");

pub const POD_COLUMNS: &[ColumnDef] =
    &[NAME, col("Ready"), col("Status"), col("Restarts"), AGE, wide("IP"), wide("Node"), wide("Nominated Node"), wide("Readiness Gates")];

pub const NODE_COLUMNS: &[ColumnDef] = &[
    NAME,
    col("Status"),
    col("Roles"),
    AGE,
    col("Version"),
    wide("Internal-IP"),
    wide("External-IP"),
    wide("OS-Image"),
    wide("Kernel-Version"),
    wide("Container-Runtime"),
];

pub const DAEMONSET_COLUMNS: &[ColumnDef] = &[
    NAME,
    col("Desired"),
    col("Current"),
    col("Ready"),
    col("Up-to-date"),
    col("Available"),
    col("Node Selector"),
    AGE,
    wide("Containers"),
    wide("Images"),
    wide("Selector"),
];

pub const CONTROLLER_REVISION_COLUMNS: &[ColumnDef] = &[NAME, col("Controller"), col("Revision"), AGE];

pub const EVENT_COLUMNS: &[ColumnDef] = &[
    col("Last Seen"),
    col("Type"),
    col("Reason"),
    col("Object"),
    wide("Subobject"),
    wide("Source"),
    col("Message"),
    wide("First Seen"),
    wide("Count"),
    ColumnDef { name: "Name", priority: 1, name_format: true },
];

pub const SERVICE_COLUMNS: &[ColumnDef] =
    &[NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, wide("Selector")];

pub const NAMESPACE_COLUMNS: &[ColumnDef] = &[NAME, col("Status"), AGE];
pub const CONFIGMAP_COLUMNS: &[ColumnDef] = &[NAME, col("Data"), AGE];
pub const SECRET_COLUMNS: &[ColumnDef] = &[NAME, col("Type"), col("Data"), AGE];
pub const SERVICE_ACCOUNT_COLUMNS: &[ColumnDef] = &[NAME, col("Secrets"), AGE];

pub const STATEFULSET_COLUMNS: &[ColumnDef] = &[NAME, col("Ready"), AGE, wide("Containers"), wide("Images")];

pub const DEPLOYMENT_COLUMNS: &[ColumnDef] =
    &[NAME, col("Ready"), col("Up-to-date"), col("Available"), AGE, wide("Containers"), wide("Images"), wide("Selector")];

pub const REPLICASET_COLUMNS: &[ColumnDef] =
    &[NAME, col("Desired"), col("Current"), col("Ready"), AGE, wide("Containers"), wide("Images"), wide("Selector")];

pub const PERSISTENT_VOLUME_COLUMNS: &[ColumnDef] = &[
    NAME,
    col("Capacity"),
    col("Access Modes"),
    col("Reclaim Policy"),
    col("Status"),
    col("Claim"),
    col("StorageClass"),
    col("VolumeAttributesClass"),
    col("Reason"),
    AGE,
    wide("VolumeMode"),
];

pub const PERSISTENT_VOLUME_CLAIM_COLUMNS: &[ColumnDef] = &[
    NAME,
    col("Status"),
    col("Volume"),
    col("Capacity"),
    col("Access Modes"),
    col("StorageClass"),
    col("VolumeAttributesClass"),
    AGE,
    wide("VolumeMode"),
];

pub const STORAGE_CLASS_COLUMNS: &[ColumnDef] =
    &[NAME, col("Provisioner"), col("ReclaimPolicy"), col("VolumeBindingMode"), col("AllowVolumeExpansion"), AGE];

pub const ENDPOINTS_COLUMNS: &[ColumnDef] = &[NAME, col("Endpoints"), AGE];
pub const ENDPOINT_SLICE_COLUMNS: &[ColumnDef] = &[NAME, col("AddressType"), col("Ports"), col("Endpoints"), AGE];

pub const ROLE_BINDING_COLUMNS: &[ColumnDef] = &[NAME, col("Role"), AGE, wide("Users"), wide("Groups"), wide("ServiceAccounts")];

/// `rest.NewDefaultTableConvertor`: kinds the API server has no printer for (Role,
/// ClusterRole, CustomResourceDefinition).
pub const DEFAULT_CONVERTOR_COLUMNS: &[ColumnDef] = &[NAME, col("Created At")];

/// Custom resources whose CRD declares no `additionalPrinterColumns` (the CRD handler's
/// default `Age` column).
pub const NAME_AGE_COLUMNS: &[ColumnDef] = &[NAME, AGE];

/// The column definitions the API server uses for `kind`.
pub fn columns_for(kind: &str) -> &'static [ColumnDef] {
    match kind {
        "Pod" => POD_COLUMNS,
        "Node" => NODE_COLUMNS,
        "DaemonSet" => DAEMONSET_COLUMNS,
        "ControllerRevision" => CONTROLLER_REVISION_COLUMNS,
        "Event" => EVENT_COLUMNS,
        "Service" => SERVICE_COLUMNS,
        "Namespace" => NAMESPACE_COLUMNS,
        "ConfigMap" => CONFIGMAP_COLUMNS,
        "Secret" => SECRET_COLUMNS,
        "ServiceAccount" => SERVICE_ACCOUNT_COLUMNS,
        "StatefulSet" => STATEFULSET_COLUMNS,
        "Deployment" => DEPLOYMENT_COLUMNS,
        "ReplicaSet" => REPLICASET_COLUMNS,
        "PersistentVolume" => PERSISTENT_VOLUME_COLUMNS,
        "PersistentVolumeClaim" => PERSISTENT_VOLUME_CLAIM_COLUMNS,
        "StorageClass" => STORAGE_CLASS_COLUMNS,
        "Endpoints" => ENDPOINTS_COLUMNS,
        "EndpointSlice" => ENDPOINT_SLICE_COLUMNS,
        "RoleBinding" | "ClusterRoleBinding" => ROLE_BINDING_COLUMNS,
        "Role" | "ClusterRole" | "CustomResourceDefinition" => DEFAULT_CONVERTOR_COLUMNS,
        _ => NAME_AGE_COLUMNS,
    }
}

/// All cells (wide ones included) for one object, in [`columns_for`] order.
pub fn cells_for(obj: &Object, now: Millis) -> Vec<String> {
    match obj {
        Object::Pod(p) => pod_cells(p, now),
        Object::Node(n) => node_cells(n, now),
        Object::DaemonSet(d) => daemonset_cells(d, now),
        Object::ControllerRevision(c) => controller_revision_cells(c, now),
        Object::Event(e) => event_cells(e, now),
        Object::Service(s) => service_cells(s, now),
        Object::StatefulSet(s) => statefulset_cells(s, now),
        Object::PersistentVolume(v) => persistent_volume_cells(v, now),
        Object::PersistentVolumeClaim(c) => persistent_volume_claim_cells(c, now),
        Object::StorageClass(c) => storage_class_cells(c, now),
        Object::Generic(g) => generic_cells(g, now),
    }
}

fn age(meta: &ObjectMeta, now: Millis) -> String {
    translate_timestamp_since(meta.creation_timestamp, now)
}

// ---------------------------------------------------------------------------------------------
// Pods

const NODE_UNREACHABLE_POD_REASON: &str = "NodeLost";

fn is_restartable_init_container(c: Option<&Container>) -> bool {
    c.is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
}

/// `printPod`: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES].
pub fn pod_cells(pod: &Pod, now: Millis) -> Vec<String> {
    let empty = PodStatus::default();
    let status = pod.status.as_ref().unwrap_or(&empty);

    let mut restarts: i64 = 0;
    let mut restartable_init_restarts: i64 = 0;
    let mut total_containers = pod.spec.containers.len();
    let mut ready_containers = 0usize;
    // Zero time is None; Some(t) compares like metav1.Time.Before.
    let mut last_restart: Option<Time> = None;
    let mut last_restartable_init_restart: Option<Time> = None;

    let phase = status.phase.as_str();
    let mut reason = phase.to_string();
    if let Some(r) = status.reason.as_deref().filter(|r| !r.is_empty()) {
        reason = r.to_string();
    }

    for condition in &status.conditions {
        if condition.type_ == "PodScheduled" && condition.reason.as_deref() == Some("SchedulingGated") {
            reason = "SchedulingGated".to_string();
        }
    }

    let init_spec = |name: &str| pod.spec.init_containers.iter().find(|c| c.name == name);
    for c in &pod.spec.init_containers {
        if is_restartable_init_container(Some(c)) {
            total_containers += 1;
        }
    }

    let later = |current: Option<Time>, candidate: Option<Time>| match (current, candidate) {
        (Some(c), Some(t)) if c < t => Some(t),
        (None, Some(t)) => Some(t),
        (c, _) => c,
    };

    let mut initializing = false;
    for (i, container) in status.init_container_statuses.iter().enumerate() {
        restarts = restarts.saturating_add(container.restart_count);
        let last_finished = container.last_state.terminated.as_ref().and_then(|t| t.finished_at);
        if container.last_state.terminated.is_some() {
            last_restart = later(last_restart, last_finished);
        }
        let restartable = is_restartable_init_container(init_spec(&container.name));
        if restartable {
            restartable_init_restarts = restartable_init_restarts.saturating_add(container.restart_count);
            if container.last_state.terminated.is_some() {
                last_restartable_init_restart = later(last_restartable_init_restart, last_finished);
            }
        }
        let terminated = container.state.terminated.as_ref();
        let waiting = container.state.waiting.as_ref();
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && container.started == Some(true) {
            if container.ready {
                ready_containers += 1;
            }
            continue;
        }
        if let Some(t) = terminated {
            // Initialization failed.
            let t_reason = t.reason.as_deref().unwrap_or("");
            reason = if t_reason.is_empty() {
                match t.signal.filter(|s| *s != 0) {
                    Some(signal) => format!("Init:Signal:{signal}"),
                    None => format!("Init:ExitCode:{}", t.exit_code),
                }
            } else {
                format!("Init:{t_reason}")
            };
        } else if let Some(w) = waiting.filter(|w| w.reason.as_deref().is_some_and(|r| !r.is_empty() && r != "PodInitializing")) {
            reason = format!("Init:{}", w.reason.as_deref().unwrap_or(""));
        } else {
            reason = format!("Init:{}/{}", i, pod.spec.init_containers.len());
        }
        initializing = true;
        break;
    }

    let initialized = status.conditions.iter().any(|c| c.type_ == "Initialized" && c.status == "True");
    if !initializing || initialized {
        restarts = restartable_init_restarts;
        last_restart = last_restartable_init_restart;
        let mut has_running = false;
        for container in status.container_statuses.iter().rev() {
            restarts = restarts.saturating_add(container.restart_count);
            if let Some(t) = &container.last_state.terminated {
                last_restart = later(last_restart, t.finished_at);
            }
            let waiting_reason = container.state.waiting.as_ref().and_then(|w| w.reason.as_deref()).unwrap_or("");
            if !waiting_reason.is_empty() {
                reason = waiting_reason.to_string();
            } else if let Some(t) = &container.state.terminated {
                let t_reason = t.reason.as_deref().unwrap_or("");
                reason = if !t_reason.is_empty() {
                    t_reason.to_string()
                } else {
                    match t.signal.filter(|s| *s != 0) {
                        Some(signal) => format!("Signal:{signal}"),
                        None => format!("ExitCode:{}", t.exit_code),
                    }
                };
            } else if container.ready && container.state.running.is_some() {
                has_running = true;
                ready_containers += 1;
            }
        }

        // Back to "Running" if at least one container is still running.
        if reason == "Completed" && has_running {
            let pod_ready = status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if pod_ready { "Running".to_string() } else { "NotReady".to_string() };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() && status.reason.as_deref() == Some(NODE_UNREACHABLE_POD_REASON) {
        reason = "Unknown".to_string();
    } else if pod.metadata.deletion_timestamp.is_some() && !matches!(phase, "Succeeded" | "Failed") {
        reason = "Terminating".to_string();
    }

    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", translate_timestamp_since(Some(t), now)),
        _ => restarts.to_string(),
    };

    let mut cells =
        vec![pod.metadata.name.clone(), format!("{ready_containers}/{total_containers}"), reason, restarts_str, age(&pod.metadata, now)];

    // Wide. The API server keeps podIPs in sync with podIP; fall back to podIP if only it is set.
    let pod_ip = status
        .pod_ips
        .as_ref()
        .and_then(|ips| ips.first())
        .map(|ip| ip.ip.clone())
        .or_else(|| status.pod_ip.clone())
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "<none>".to_string());
    let node_name = non_empty_or(&pod.spec.node_name, "<none>");
    let nominated = non_empty_or(status.nominated_node_name.as_deref().unwrap_or(""), "<none>");
    let gates = pod.spec.readiness_gates.as_ref().and_then(Value::as_array).filter(|g| !g.is_empty());
    let readiness_gates = match gates {
        None => "<none>".to_string(),
        Some(gates) => {
            let mut true_conditions = 0;
            for gate in gates {
                let condition_type = gate.get("conditionType").and_then(Value::as_str).unwrap_or("");
                if let Some(c) = status.conditions.iter().find(|c| c.type_ == condition_type) {
                    if c.status == "True" {
                        true_conditions += 1;
                    }
                }
            }
            format!("{}/{}", true_conditions, gates.len())
        }
    };
    cells.extend([pod_ip, node_name, nominated, readiness_gates]);
    cells
}

fn non_empty_or(s: &str, default: &str) -> String {
    if s.is_empty() {
        default.to_string()
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Nodes

const LABEL_NODE_ROLE_PREFIX: &str = "node-role.kubernetes.io/";
const NODE_LABEL_ROLE: &str = "kubernetes.io/role";

/// `findNodeRoles`: sorted, de-duplicated.
fn node_roles(labels: &Labels) -> Vec<String> {
    let mut roles = BTreeSet::new();
    for (k, v) in labels {
        if let Some(role) = k.strip_prefix(LABEL_NODE_ROLE_PREFIX) {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == NODE_LABEL_ROLE && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    roles.into_iter().collect()
}

/// `printNode`: NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
/// CONTAINER-RUNTIME].
pub fn node_cells(node: &Node, now: Millis) -> Vec<String> {
    let conditions = node.status.as_ref().map(|s| s.conditions.as_slice()).unwrap_or(&[]);
    // conditionMap: the last condition of a type wins.
    let ready = conditions.iter().rev().find(|c| c.type_ == "Ready");
    let mut status: Vec<String> = Vec::new();
    if let Some(c) = ready {
        if c.status == "True" {
            status.push(c.type_.clone());
        } else {
            status.push(format!("Not{}", c.type_));
        }
    }
    if status.is_empty() {
        status.push("Unknown".to_string());
    }
    if node.spec.unschedulable == Some(true) {
        status.push("SchedulingDisabled".to_string());
    }

    let roles = node_roles(&node.metadata.labels).join(",");
    let roles = non_empty_or(&roles, "<none>");
    let info = node.status.as_ref().and_then(|s| s.node_info.as_ref());
    let field = |f: fn(&crate::sim::objects::node::NodeSystemInfo) -> &String| info.map(f).cloned().unwrap_or_default();
    let address = |type_: &str| {
        node.status
            .as_ref()
            .and_then(|s| s.addresses.iter().find(|a| a.type_ == type_))
            .map(|a| a.address.clone())
            .unwrap_or_else(|| "<none>".to_string())
    };
    vec![
        node.metadata.name.clone(),
        status.join(","),
        roles,
        age(&node.metadata, now),
        field(|i| &i.kubelet_version),
        address("InternalIP"),
        address("ExternalIP"),
        non_empty_or(&field(|i| &i.os_image), "<unknown>"),
        non_empty_or(&field(|i| &i.kernel_version), "<unknown>"),
        non_empty_or(&field(|i| &i.container_runtime_version), "<unknown>"),
    ]
}

// ---------------------------------------------------------------------------------------------
// Workloads

/// `layoutContainerCells`: names and images joined by commas.
fn layout_containers<'a>(containers: impl Iterator<Item = (&'a str, &'a str)>) -> (String, String) {
    let mut names = Vec::new();
    let mut images = Vec::new();
    for (name, image) in containers {
        names.push(name);
        images.push(image);
    }
    (names.join(","), images.join(","))
}

fn typed_containers(containers: &[Container]) -> (String, String) {
    layout_containers(containers.iter().map(|c| (c.name.as_str(), c.image.as_str())))
}

fn json_containers(template_spec: Option<&Value>) -> (String, String) {
    let containers = template_spec.and_then(|s| s.get("containers")).and_then(Value::as_array);
    let list = containers.map(|v| v.as_slice()).unwrap_or(&[]);
    layout_containers(
        list.iter().map(|c| (c.get("name").and_then(Value::as_str).unwrap_or(""), c.get("image").and_then(Value::as_str).unwrap_or(""))),
    )
}

/// A label selector requirement as `labels.Requirement` holds it.
struct Requirement {
    key: String,
    operator: String,
    values: Vec<String>,
}

/// `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key, `k=v` for
/// matchLabels, `k in (a,b)` / `k notin (a,b)` / `k` / `!k` for expressions, values sorted.
/// `None` is an invalid selector; `Some("")` selects everything (or is nil).
fn selector_string(selector: Option<&Value>) -> Option<String> {
    let Some(selector) = selector.filter(|s| !s.is_null()) else {
        return Some(String::new());
    };
    let mut requirements = Vec::new();
    if let Some(labels) = selector.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in labels {
            requirements.push(Requirement {
                key: k.clone(),
                operator: "=".to_string(),
                values: vec![v.as_str().unwrap_or("").to_string()],
            });
        }
    }
    if let Some(exprs) = selector.get("matchExpressions").and_then(Value::as_array) {
        for e in exprs {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("").to_string();
            let values: Vec<String> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|vs| vs.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect())
                .unwrap_or_default();
            let operator = match e.get("operator").and_then(Value::as_str).unwrap_or("") {
                "In" if !values.is_empty() => "in",
                "NotIn" if !values.is_empty() => "notin",
                "Exists" if values.is_empty() => "exists",
                "DoesNotExist" if values.is_empty() => "!",
                _ => return None,
            };
            requirements.push(Requirement { key, operator: operator.to_string(), values });
        }
    }
    crate::sort::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
    let parts: Vec<String> = requirements
        .into_iter()
        .map(|r| {
            let mut values = r.values;
            crate::sort::sort(&mut values);
            match r.operator.as_str() {
                "=" => format!("{}={}", r.key, values.join(",")),
                "in" => format!("{} in ({})", r.key, values.join(",")),
                "notin" => format!("{} notin ({})", r.key, values.join(",")),
                "exists" => r.key,
                _ => format!("!{}", r.key),
            }
        })
        .collect();
    Some(parts.join(","))
}

/// `metav1.FormatLabelSelector`: as [`selector_string`], `<none>` when empty, `<error>` when
/// invalid.
fn format_label_selector(selector: Option<&Value>) -> String {
    match selector_string(selector) {
        None => "<error>".to_string(),
        Some(s) if s.is_empty() => "<none>".to_string(),
        Some(s) => s,
    }
}

fn typed_selector_value(selector: Option<&LabelSelector>) -> Option<Value> {
    selector.map(crate::sim::objects::codec::Encode::encode)
}

/// `printDaemonSet`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
/// [CONTAINERS IMAGES SELECTOR].
pub fn daemonset_cells(ds: &DaemonSet, now: Millis) -> Vec<String> {
    let status = ds.status.clone().unwrap_or_default();
    let (names, images) = typed_containers(&ds.spec.template.spec.containers);
    let selector = typed_selector_value(ds.spec.selector.as_ref());
    vec![
        ds.metadata.name.clone(),
        status.desired_number_scheduled.to_string(),
        status.current_number_scheduled.to_string(),
        status.number_ready.to_string(),
        status.updated_number_scheduled.to_string(),
        status.number_available.to_string(),
        format_labels(&ds.spec.template.spec.node_selector),
        age(&ds.metadata, now),
        names,
        images,
        format_label_selector(selector.as_ref()),
    ]
}

/// The group of an apiVersion (`schema.ParseGroupVersion`): `apps/v1` → `apps`, `v1` → ``.
pub fn api_group(api_version: &str) -> &str {
    match api_version.split_once('/') {
        Some((group, _)) => group,
        None => "",
    }
}

/// `printControllerRevision`: NAME CONTROLLER REVISION AGE; CONTROLLER is
/// `daemonset.apps/nginx-ds` (lower-cased GroupKind) or `<none>`.
pub fn controller_revision_cells(cr: &ControllerRevision, now: Millis) -> Vec<String> {
    let controller = match cr.metadata.controller_ref() {
        None => "<none>".to_string(),
        Some(r) => {
            let group = api_group(&r.api_version);
            if r.kind.is_empty() && group.is_empty() {
                r.name.clone()
            } else if group.is_empty() {
                format!("{}/{}", r.kind.to_ascii_lowercase(), r.name)
            } else {
                format!("{}.{}/{}", r.kind.to_ascii_lowercase(), group.to_ascii_lowercase(), r.name)
            }
        }
    };
    vec![cr.metadata.name.clone(), controller, cr.revision.to_string(), age(&cr.metadata, now)]
}

// ---------------------------------------------------------------------------------------------
// Events

/// A metav1.MicroTime as the simulator stores it (RFC 3339 with fraction), to Time.
fn micro_time(v: Option<&Value>) -> Option<Time> {
    let text = v?.as_str()?;
    let unix_s = parse_rfc3339(text)?;
    Some(Time((unix_s - SIM_EPOCH_UNIX_S) * 1000))
}

/// `printEvent`: LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME].
pub fn event_cells(ev: &Event, now: Millis) -> Vec<String> {
    let first_seen = match ev.first_timestamp {
        Some(t) => translate_timestamp_since(Some(t), now),
        None => translate_timestamp_since(micro_time(ev.event_time.as_ref()), now),
    };
    let last_seen = match ev.last_timestamp {
        Some(t) => translate_timestamp_since(Some(t), now),
        None => first_seen.clone(),
    };
    // Singleton events of the new API carry no count.
    let count = if ev.count == 0 { 1 } else { ev.count };
    let kind = ev.involved_object.kind.to_ascii_lowercase();
    let target = if ev.involved_object.name.is_empty() { kind } else { format!("{kind}/{}", ev.involved_object.name) };
    let component = first_non_empty(&ev.source.component, &ev.reporting_component);
    let instance = first_non_empty(&ev.source.host, &ev.reporting_instance);
    let source = if instance.is_empty() { component.to_string() } else { format!("{component}, {instance}") };
    vec![
        last_seen,
        ev.type_.clone(),
        ev.reason.clone(),
        target,
        ev.involved_object.field_path.clone(),
        source,
        ev.message.trim().to_string(),
        first_seen,
        count.to_string(),
        ev.metadata.name.clone(),
    ]
}

fn first_non_empty<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.is_empty() {
        b
    } else {
        a
    }
}

// ---------------------------------------------------------------------------------------------
// Services

const LOAD_BALANCER_WIDTH: usize = 16;

/// `printService`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR]. A missing
/// `spec.type` prints `ClusterIP` (the API server's default); CLUSTER-IP is `clusterIPs[0]`
/// (`clusterIP` if only it is set), so headless services show `None`.
pub fn service_cells(svc: &Service, now: Millis) -> Vec<String> {
    let svc_type = svc.spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_string());
    let internal_ip = svc
        .spec
        .cluster_ips
        .as_ref()
        .and_then(|ips| ips.first().cloned())
        .or_else(|| svc.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()))
        .unwrap_or_else(|| "<none>".to_string());
    let external_ips = svc.spec.external_ips.clone().unwrap_or_default();
    let external_ip = match svc_type.as_str() {
        "ClusterIP" | "NodePort" => {
            if external_ips.is_empty() {
                "<none>".to_string()
            } else {
                external_ips.join(",")
            }
        }
        "LoadBalancer" => {
            // loadBalancerStatusStringer: sorted set of ingress IPs/hostnames. kubectl asks the
            // server for wide tables, so the value is never clipped to 16 characters there; the
            // clipping is kept for completeness of the port but not applied.
            let lb_ips = load_balancer_ips(svc.status.as_ref(), true);
            if !external_ips.is_empty() {
                let mut results: Vec<String> = Vec::new();
                if !lb_ips.is_empty() {
                    results.extend(lb_ips.split(',').map(str::to_string));
                }
                results.extend(external_ips);
                results.join(",")
            } else if !lb_ips.is_empty() {
                lb_ips
            } else {
                "<pending>".to_string()
            }
        }
        "ExternalName" => svc.spec.external_name.clone().unwrap_or_default(),
        _ => "<unknown>".to_string(),
    };
    let ports: Vec<String> = svc
        .spec
        .ports
        .iter()
        .map(|p| {
            let protocol = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port.filter(|n| *n > 0) {
                Some(node_port) => format!("{}:{}/{}", p.port, node_port, protocol),
                None => format!("{}/{}", p.port, protocol),
            }
        })
        .collect();
    let ports = non_empty_or(&ports.join(","), "<none>");
    vec![svc.metadata.name.clone(), svc_type, internal_ip, external_ip, ports, age(&svc.metadata, now), format_labels(&svc.spec.selector)]
}

fn load_balancer_ips(status: Option<&Value>, wide: bool) -> String {
    let mut set = BTreeSet::new();
    let ingress = status.and_then(|s| s.get("loadBalancer")).and_then(|lb| lb.get("ingress")).and_then(Value::as_array);
    for i in ingress.map(|v| v.as_slice()).unwrap_or(&[]) {
        let ip = i.get("ip").and_then(Value::as_str).unwrap_or("");
        let hostname = i.get("hostname").and_then(Value::as_str).unwrap_or("");
        if !ip.is_empty() {
            set.insert(ip.to_string());
        } else if !hostname.is_empty() {
            set.insert(hostname.to_string());
        }
    }
    let r = set.into_iter().collect::<Vec<_>>().join(",");
    if !wide && r.len() > LOAD_BALANCER_WIDTH {
        let cut = (0..=LOAD_BALANCER_WIDTH - 3).rev().find(|i| r.is_char_boundary(*i)).unwrap_or(0);
        return format!("{}...", &r[..cut]);
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Kinds kept as written

fn path<'a>(body: &'a serde_json::Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    let (first, rest) = keys.split_first()?;
    let mut v = body.get(*first)?;
    for k in rest {
        v = v.get(*k)?;
    }
    Some(v)
}

fn int_at(body: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<i64> {
    path(body, keys).and_then(Value::as_i64)
}

fn str_at<'a>(body: &'a serde_json::Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    path(body, keys).and_then(Value::as_str)
}

fn len_at(body: &serde_json::Map<String, Value>, keys: &[&str]) -> usize {
    match path(body, keys) {
        Some(Value::Object(m)) => m.len(),
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

pub fn generic_cells(g: &Generic, now: Millis) -> Vec<String> {
    let b = &g.body;
    let name = g.metadata.name.clone();
    let age = age(&g.metadata, now);
    match g.kind.as_str() {
        // The API server sets phase Active on create.
        "Namespace" => {
            let phase = str_at(b, &["status", "phase"]).filter(|p| !p.is_empty()).unwrap_or("Active");
            vec![name, phase.to_string(), age]
        }
        "ConfigMap" => vec![name, (len_at(b, &["data"]) + len_at(b, &["binaryData"])).to_string(), age],
        // Type defaults to Opaque; stringData is merged into data on write.
        "Secret" => {
            let type_ = str_at(b, &["type"]).filter(|t| !t.is_empty()).unwrap_or("Opaque");
            let mut keys: BTreeSet<&String> = BTreeSet::new();
            for field in ["data", "stringData"] {
                if let Some(m) = b.get(field).and_then(Value::as_object) {
                    keys.extend(m.keys());
                }
            }
            vec![name, type_.to_string(), keys.len().to_string(), age]
        }
        "ServiceAccount" => vec![name, len_at(b, &["secrets"]).to_string(), age],
        "Deployment" => {
            let desired = int_at(b, &["spec", "replicas"]).unwrap_or(1);
            let ready = int_at(b, &["status", "readyReplicas"]).unwrap_or(0);
            let updated = int_at(b, &["status", "updatedReplicas"]).unwrap_or(0);
            let available = int_at(b, &["status", "availableReplicas"]).unwrap_or(0);
            let (names, images) = json_containers(path(b, &["spec", "template", "spec"]));
            let selector = selector_string(path(b, &["spec", "selector"])).unwrap_or_else(|| "<invalid>".to_string());
            vec![name, format!("{ready}/{desired}"), updated.to_string(), available.to_string(), age, names, images, selector]
        }
        "ReplicaSet" => {
            let desired = int_at(b, &["spec", "replicas"]).unwrap_or(1);
            let current = int_at(b, &["status", "replicas"]).unwrap_or(0);
            let ready = int_at(b, &["status", "readyReplicas"]).unwrap_or(0);
            let (names, images) = json_containers(path(b, &["spec", "template", "spec"]));
            vec![
                name,
                desired.to_string(),
                current.to_string(),
                ready.to_string(),
                age,
                names,
                images,
                format_label_selector(path(b, &["spec", "selector"])),
            ]
        }
        "Endpoints" => vec![name, format_endpoints(b.get("subsets")), age],
        "EndpointSlice" => {
            let address_type = b.get("addressType").and_then(Value::as_str).unwrap_or("");
            vec![
                name,
                address_type.to_string(),
                format_discovery_ports(b.get("ports")),
                format_discovery_endpoints(b.get("endpoints")),
                age,
            ]
        }
        "RoleBinding" | "ClusterRoleBinding" => {
            let kind = str_at(b, &["roleRef", "kind"]).unwrap_or("");
            let role = str_at(b, &["roleRef", "name"]).unwrap_or("");
            let (users, groups, sas) = subjects_strings(b.get("subjects"));
            vec![name, format!("{kind}/{role}"), age, users.join(", "), groups.join(", "), sas.join(", ")]
        }
        "Role" | "ClusterRole" | "CustomResourceDefinition" => {
            // DefaultTableConvertor: creationTimestamp in RFC 3339 (Go's zero time if unset).
            let created = match g.metadata.creation_timestamp {
                Some(t) => t.rfc3339(),
                None => "0001-01-01T00:00:00Z".to_string(),
            };
            vec![name, created]
        }
        _ => vec![name, age],
    }
}

/// `printStatefulSet`; spec.replicas defaults to 1.
fn statefulset_cells(set: &StatefulSet, now: Millis) -> Vec<String> {
    let desired = set.spec.replicas.unwrap_or(1);
    let ready = set.status.as_ref().map_or(0, |s| s.ready_replicas);
    let (names, images) = typed_containers(&set.spec.template.spec.containers);
    vec![set.metadata.name.clone(), format!("{ready}/{desired}"), age(&set.metadata, now), names, images]
}

/// `printStorageClass`; the API server's defaults: reclaim policy Delete, binding Immediate.
fn storage_class_cells(class: &StorageClass, now: Millis) -> Vec<String> {
    let mut name = class.metadata.name.clone();
    if class.is_default() {
        name.push_str(" (default)");
    }
    vec![
        name,
        class.provisioner.clone(),
        class.reclaim_policy.as_deref().unwrap_or("Delete").to_string(),
        class.volume_binding_mode.as_deref().unwrap_or("Immediate").to_string(),
        class.allow_volume_expansion.unwrap_or(false).to_string(),
        age(&class.metadata, now),
    ]
}

/// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, de-duplicated.
fn access_modes(modes: &[String]) -> String {
    let mut out = Vec::new();
    for (mode, short) in [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")] {
        if modes.iter().any(|m| m == mode) {
            out.push(short);
        }
    }
    out.join(",")
}

/// `printPersistentVolume`. Defaults the API server applies: phase `Pending`, reclaim policy
/// `Retain`, volume mode `Filesystem`.
fn persistent_volume_cells(volume: &PersistentVolume, now: Millis) -> Vec<String> {
    let claim = match &volume.spec.claim_ref {
        Some(r) => format!("{}/{}", r.namespace, r.name),
        None => String::new(),
    };
    let capacity = crate::sim::quantity::canonical(volume.spec.capacity.get("storage").map_or("0", String::as_str));
    let phase = if volume.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else {
        Some(volume.phase()).filter(|p| !p.is_empty()).unwrap_or("Pending")
    };
    vec![
        volume.metadata.name.clone(),
        capacity,
        access_modes(&volume.spec.access_modes),
        volume.reclaim_policy().to_string(),
        phase.to_string(),
        claim,
        volume.class().to_string(),
        volume.spec.volume_attributes_class_name.as_deref().unwrap_or("<unset>").to_string(),
        volume.status.as_ref().map_or("", |s| s.reason.as_str()).to_string(),
        age(&volume.metadata, now),
        volume.volume_mode().to_string(),
    ]
}

/// `printPersistentVolumeClaim`: CAPACITY and ACCESS MODES come from status and only once
/// `spec.volumeName` is set. Defaults: phase `Pending`, volume mode `Filesystem`.
fn persistent_volume_claim_cells(claim: &PersistentVolumeClaim, now: Millis) -> Vec<String> {
    let phase = if claim.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else {
        Some(claim.phase()).filter(|p| !p.is_empty()).unwrap_or("Pending")
    };
    let (capacity, modes) = match (&claim.status, claim.volume_name().is_empty()) {
        (Some(status), false) => (
            crate::sim::quantity::canonical(status.capacity.get("storage").map_or("0", String::as_str)),
            access_modes(&status.access_modes),
        ),
        (None, false) => ("0".to_string(), String::new()),
        (_, true) => (String::new(), String::new()),
    };
    vec![
        claim.metadata.name.clone(),
        phase.to_string(),
        claim.volume_name().to_string(),
        capacity,
        modes,
        claim.class().to_string(),
        claim.spec.volume_attributes_class_name.as_deref().unwrap_or("<unset>").to_string(),
        age(&claim.metadata, now),
        claim.volume_mode().to_string(),
    ]
}

/// `formatEndpoints`: up to three `ip:port`, then ` + N more...`.
fn format_endpoints(subsets: Option<&Value>) -> String {
    let subsets = subsets.and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]);
    if subsets.is_empty() {
        return "<none>".to_string();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for ss in subsets {
        let addresses = ss.get("addresses").and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]);
        let ports = ss.get("ports").and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]);
        if ports.is_empty() {
            count += addresses.len();
            for a in addresses {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(a.get("ip").and_then(Value::as_str).unwrap_or("").to_string());
            }
            continue;
        }
        for port in ports {
            count += addresses.len();
            let p = port.get("port").and_then(Value::as_i64).unwrap_or(0);
            for a in addresses {
                if list.len() == max {
                    more = true;
                    break;
                }
                let ip = a.get("ip").and_then(Value::as_str).unwrap_or("");
                // net.JoinHostPort brackets IPv6 addresses.
                if ip.contains(':') {
                    list.push(format!("[{ip}]:{p}"));
                } else {
                    list.push(format!("{ip}:{p}"));
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - max);
    }
    ret
}

fn list_with_more(list: Vec<String>, more: bool, count: usize, max: usize) -> String {
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - max);
    }
    if ret.is_empty() {
        return "<unset>".to_string();
    }
    ret
}

fn format_discovery_ports(ports: Option<&Value>) -> String {
    let ports = ports.and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]);
    let max = 3;
    let mut list = Vec::new();
    let mut more = false;
    for port in ports {
        if list.len() < max {
            let text = match (port.get("port").and_then(Value::as_i64), port.get("name").and_then(Value::as_str)) {
                (Some(p), _) => p.to_string(),
                (None, Some(name)) => name.to_string(),
                _ => "*".to_string(),
            };
            list.push(text);
        } else if list.len() == max {
            more = true;
        }
    }
    list_with_more(list, more, ports.len(), max)
}

fn format_discovery_endpoints(endpoints: Option<&Value>) -> String {
    let endpoints = endpoints.and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]);
    let max = 3;
    let mut list = Vec::new();
    let mut more = false;
    let mut count = 0;
    for e in endpoints {
        for address in e.get("addresses").and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]) {
            if list.len() < max {
                list.push(address.as_str().unwrap_or("").to_string());
            } else if list.len() == max {
                more = true;
            }
            count += 1;
        }
    }
    list_with_more(list, more, count, max)
}

/// `rbac.SubjectsStrings`: users, groups, `namespace/name` service accounts.
fn subjects_strings(subjects: Option<&Value>) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut sas = Vec::new();
    for s in subjects.and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]) {
        let name = s.get("name").and_then(Value::as_str).unwrap_or("");
        match s.get("kind").and_then(Value::as_str).unwrap_or("") {
            "ServiceAccount" => sas.push(format!("{}/{}", s.get("namespace").and_then(Value::as_str).unwrap_or(""), name)),
            "User" => users.push(name.to_string()),
            "Group" => groups.push(name.to_string()),
            _ => {}
        }
    }
    (users, groups, sas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_sort_requirements_and_values() {
        let sel = serde_json::json!({
            "matchLabels": {"tier": "web", "app": "nginx"},
            "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]},
                                 {"key": "zz", "operator": "DoesNotExist"}]
        });
        assert_eq!(format_label_selector(Some(&sel)), "app=nginx,env in (dev,prod),tier=web,!zz");
        assert_eq!(format_label_selector(Some(&serde_json::json!({}))), "<none>");
        assert_eq!(format_label_selector(None), "<none>");
        let bad = serde_json::json!({"matchExpressions": [{"key": "a", "operator": "In"}]});
        assert_eq!(format_label_selector(Some(&bad)), "<error>");
    }
}
