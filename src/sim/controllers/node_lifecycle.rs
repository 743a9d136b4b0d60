//! Nodes joining, and the node lifecycle controller: heartbeat monitoring (NODE-01/02),
//! condition taints (NODE-03/04), and taint-based eviction (NODE-06/07).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::objects::meta::Labels;
use crate::sim::objects::node::{NodeAddress, NodeCondition, NodeStatus, NodeSystemInfo};
use crate::sim::objects::{Node, Object, ObjectMeta, Pod, Taint};
use crate::sim::store::{ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, Time, SECOND};
use std::collections::BTreeMap;

/// node-monitor-period.
pub const NODE_MONITOR_PERIOD_MS: Millis = 5 * SECOND;
/// node-monitor-grace-period: 50 s from v1.32 (PR #126287).
pub const NODE_MONITOR_GRACE_PERIOD_MS: Millis = 50 * SECOND;
/// node-startup-grace-period.
pub const NODE_STARTUP_GRACE_PERIOD_MS: Millis = 60 * SECOND;
/// How long a joining node's kubelet reports NotReady before its network plugin is up. Not
/// in the spec: a product choice, seeded within this range.
pub const NODE_JOIN_READY_MS: (Millis, Millis) = (4 * SECOND, 9 * SECOND);

pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
pub const TAINT_OUT_OF_SERVICE: &str = "node.kubernetes.io/out-of-service";
const CONDITION_TAINT_KEYS: [&str; 3] = [TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE];

pub const KUBELET_VERSION: &str = "v1.34.0";

/// What `node add` asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSpecRequest {
    pub name: String,
    pub labels: Labels,
    pub taints: Vec<Taint>,
    pub cpu: String,
    pub memory: String,
    pub pods: String,
}

impl Default for NodeSpecRequest {
    fn default() -> Self {
        NodeSpecRequest {
            name: String::new(),
            labels: Labels::new(),
            taints: Vec::new(),
            cpu: "4".into(),
            memory: "8Gi".into(),
            pods: "110".into(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct NodeLifecycleState {
    /// Nodes whose pods have an eviction timer, per pod uid → when it fires.
    pub evictions: BTreeMap<String, Millis>,
    /// Index of the next node (for addresses and pod CIDRs).
    pub node_count: u32,
}

fn condition(type_: &str, status: &str, reason: &str, message: &str, now: Time) -> NodeCondition {
    NodeCondition {
        type_: type_.into(),
        status: status.into(),
        last_heartbeat_time: Some(now),
        last_transition_time: Some(now),
        reason: Some(reason.into()),
        message: Some(message.into()),
    }
}

fn ready_condition(ready: bool, now: Time) -> NodeCondition {
    if ready {
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
    } else {
        condition(
            "Ready",
            "False",
            "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
            now,
        )
    }
}

/// Registers a node the way kubelet registration and the TaintNodesByCondition admission
/// plugin do (NODE-04): NotReady with `not-ready:NoSchedule`, unless it joined before the
/// simulation started.
pub fn join(cluster: &mut Cluster, request: NodeSpecRequest, already_ready: bool) {
    cluster.node_lifecycle.node_count += 1;
    let index = cluster.node_lifecycle.node_count;
    let now = Time(cluster.store.now());
    let mut labels = request.labels.clone();
    for (k, v) in [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", request.name.as_str()),
        ("kubernetes.io/os", "linux"),
    ] {
        labels.entry(k.to_string()).or_insert_with(|| v.to_string());
    }
    let mut taints = request.taints.clone();
    if !already_ready {
        taints.push(Taint::new(TAINT_NOT_READY, "NoSchedule"));
    }
    let mut capacity = BTreeMap::new();
    capacity.extend(
        [
            ("cpu", request.cpu.clone()),
            ("ephemeral-storage", "102626232Ki".to_string()),
            ("hugepages-2Mi", "0".to_string()),
            ("memory", request.memory.clone()),
            ("pods", request.pods.clone()),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    );
    let pressure = |type_: &str, reason: &str, message: &str| condition(type_, "False", reason, message, now);
    let node = Node {
        metadata: ObjectMeta {
            name: request.name.clone(),
            labels,
            annotations: [("node.alpha.kubernetes.io/ttl".to_string(), "0".to_string())].into(),
            ..Default::default()
        },
        spec: crate::sim::objects::node::NodeSpec {
            pod_cidr: Some(format!("10.244.{index}.0/24")),
            pod_cidrs: Some(vec![format!("10.244.{index}.0/24")]),
            taints,
            ..Default::default()
        },
        status: Some(NodeStatus {
            allocatable: capacity.clone(),
            capacity,
            conditions: vec![
                pressure("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                pressure("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                pressure("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                ready_condition(already_ready, now),
            ],
            addresses: vec![
                NodeAddress { type_: "InternalIP".into(), address: format!("172.18.0.{}", index + 1) },
                NodeAddress { type_: "Hostname".into(), address: request.name.clone() },
            ],
            node_info: Some(NodeSystemInfo {
                machine_id: format!("{:032x}", index as u128 * 0x9e37_79b9_7f4a_7c15),
                system_uuid: cluster.rng.uid(),
                boot_id: cluster.rng.uid(),
                kernel_version: "6.8.0-45-generic".into(),
                os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                container_runtime_version: "containerd://2.1.3".into(),
                kubelet_version: KUBELET_VERSION.into(),
                kube_proxy_version: String::new(),
                operating_system: "linux".into(),
                architecture: "amd64".into(),
            }),
            daemon_endpoints: Some(serde_json::json!({"kubeletEndpoint": {"Port": 10250}})),
            ..Default::default()
        }),
    };
    let name = request.name.clone();
    let Ok(created) = cluster.store.create(Object::Node(node), &mut cluster.rng) else { return };
    // The last heartbeat is the cluster's clock, not the store's: bootstrap nodes were created
    // three days back (store time) but posted status just before the lesson started, so the
    // first node-monitor pass must not find them silent.
    cluster.kubelets.insert(name.clone(), crate::sim::controllers::kubelet::Kubelet::new(index, already_ready, cluster.now));
    if !already_ready {
        for (reason, message) in [
            ("Starting", "Starting kubelet.".to_string()),
            ("NodeHasSufficientMemory", format!("Node {name} status is now: NodeHasSufficientMemory")),
            ("NodeHasNoDiskPressure", format!("Node {name} status is now: NodeHasNoDiskPressure")),
            ("NodeHasSufficientPID", format!("Node {name} status is now: NodeHasSufficientPID")),
            ("NodeAllocatableEnforced", "Updated Node Allocatable limit across pods".to_string()),
        ] {
            cluster.record_event(&created, "Normal", reason, &message, "kubelet", &name);
        }
        cluster.record_event(
            &created,
            "Normal",
            "RegisteredNode",
            &format!("Node {name} event: Registered Node {name} in Controller"),
            "node-controller",
            "",
        );
        let delay = cluster.rng.between(NODE_JOIN_READY_MS.0, NODE_JOIN_READY_MS.1);
        cluster.schedule(delay, Task::KubeletBecomesReady { node: name.clone() });
    }
    let heartbeat = cluster.rng.between(0, crate::sim::controllers::kubelet::HEARTBEAT_PERIOD_MS);
    cluster.schedule(heartbeat, Task::KubeletHeartbeat { node: name.clone() });
    // A machine re-joining under the name of one removed moments ago finds pods still bound to
    // that name (PodGC had not collected them yet, NODE-10): its kubelet's pod source lists
    // them, and it syncs them as its own (a terminating one finishes terminating).
    let bound: Vec<(String, String)> =
        cluster.pods_on_node(&name).iter().map(|p| (p.namespace().to_string(), p.name().to_string())).collect();
    for (namespace, pod) in bound {
        cluster.schedule(0, Task::KubeletSyncPod { node: name.clone(), namespace, name: pod });
    }
}

/// The taints a node should carry for its conditions and spec (NODE-03/04), other taints kept.
pub fn desired_taints(node: &Node, now: Time) -> Vec<Taint> {
    let mut wanted: Vec<Taint> = Vec::new();
    match node.ready_status() {
        "False" => {
            wanted.push(Taint::new(TAINT_NOT_READY, "NoSchedule"));
            wanted.push(Taint::new(TAINT_NOT_READY, "NoExecute"));
        }
        "Unknown" => {
            wanted.push(Taint::new(TAINT_UNREACHABLE, "NoSchedule"));
            wanted.push(Taint::new(TAINT_UNREACHABLE, "NoExecute"));
        }
        _ => {}
    }
    if node.is_unschedulable() {
        wanted.push(Taint::new(TAINT_UNSCHEDULABLE, "NoSchedule"));
    }
    let mut taints: Vec<Taint> = node
        .spec
        .taints
        .iter()
        .filter(|t| !CONDITION_TAINT_KEYS.contains(&t.key.as_str()) || wanted.iter().any(|w| w.key == t.key && w.effect == t.effect))
        .cloned()
        .collect();
    for taint in wanted {
        if !taints.iter().any(|t| t.key == taint.key && t.effect == taint.effect) {
            let time_added = (taint.effect == "NoExecute").then_some(now);
            taints.push(Taint { time_added, ..taint });
        }
    }
    taints
}

/// Every 5 s: marks nodes whose kubelet stopped posting as Unknown (NODE-01/02), then
/// reconciles condition taints.
pub fn monitor(cluster: &mut Cluster) {
    let now = cluster.now;
    let names: Vec<String> = cluster.store.list("Node").map(|n| n.name().to_string()).collect();
    for name in names {
        let Some(kubelet) = cluster.kubelets.get(&name) else {
            // The machine is gone but the Node object remains (e.g. `kubectl delete` raced):
            // treat it as silent since it was last seen.
            mark_unknown_if_silent(cluster, &name, now, i64::MIN);
            continue;
        };
        let last = kubelet.last_heartbeat;
        mark_unknown_if_silent(cluster, &name, now, last);
        reconcile_taints(cluster, &name);
    }
    cluster.schedule(NODE_MONITOR_PERIOD_MS, Task::NodeMonitor);
}

fn mark_unknown_if_silent(cluster: &mut Cluster, name: &str, now: Millis, last_heartbeat: Millis) {
    let Some(node) = cluster.get("Node", "", name).cloned() else { return };
    let Some(node_typed) = node.as_node() else { return };
    let ever_ready = cluster.kubelets.get(name).is_none_or(|k| k.ever_ready);
    let grace = if ever_ready { NODE_MONITOR_GRACE_PERIOD_MS } else { NODE_STARTUP_GRACE_PERIOD_MS };
    if last_heartbeat != i64::MIN && now - last_heartbeat <= grace {
        return;
    }
    if node_typed.ready_status() == "Unknown" {
        return;
    }
    let was_ready = node_typed.ready_status() == "True";
    let stamp = Time(now);
    let _ = cluster.modify(&ObjectKey::new("Node", "", name), |o| {
        if let Object::Node(n) = o {
            if let Some(status) = n.status.as_mut() {
                for c in status.conditions.iter_mut().filter(|c| c.type_ != "NetworkUnavailable") {
                    c.status = "Unknown".into();
                    c.reason = Some("NodeStatusUnknown".into());
                    c.message = Some("Kubelet stopped posting node status.".into());
                    c.last_transition_time = Some(stamp);
                }
            }
        }
    });
    if was_ready {
        cluster.record_event(&node, "Normal", "NodeNotReady", &format!("Node {name} status is now: NodeNotReady"), "node-controller", "");
        mark_pods_not_ready(cluster, name);
    }
    reconcile_taints(cluster, name);
}

/// `MarkPodsNotReady`: the pods' Ready condition goes False; their container statuses do not
/// change, so `kubectl get pods` still shows them Running 1/1 (NODE-05).
pub fn mark_pods_not_ready(cluster: &mut Cluster, node: &str) {
    let pods: Vec<ObjectKey> = cluster.pods_on_node(node).iter().map(|p| ObjectKey::of(p)).collect();
    let now = Time(cluster.now);
    for key in pods {
        let Ok(pod) = cluster.modify(&key, |o| {
            if let Object::Pod(p) = o {
                if let Some(status) = p.status.as_mut() {
                    if status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True") {
                        status.set_condition("Ready", "False", None, None, now);
                    }
                }
            }
        }) else {
            continue;
        };
        cluster.record_event(&pod, "Warning", "NodeNotReady", "Node is not ready", "node-controller", "");
    }
}

/// Makes the node's condition taints match its conditions (`doNoScheduleTaintingPass` and the
/// NoExecute pass).
pub fn reconcile_taints(cluster: &mut Cluster, name: &str) {
    let Some(node) = cluster.get("Node", "", name).and_then(|o| o.as_node().cloned()) else { return };
    let taints = desired_taints(&node, Time(cluster.now));
    if taints == node.spec.taints {
        return;
    }
    let _ = cluster.modify(&ObjectKey::new("Node", "", name), |o| {
        if let Object::Node(n) = o {
            n.spec.taints = taints;
        }
    });
}

pub fn on_node_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(node) = event.object.as_node() else { return };
    if event.type_ == WatchEventType::Deleted {
        return;
    }
    // Condition and cordon taints follow at once (the controller watches nodes).
    if desired_taints(node, Time(cluster.now)) != node.spec.taints {
        reconcile_taints(cluster, &node.metadata.name);
        return;
    }
    let pods: Vec<Pod> = cluster.pods_on_node(&node.metadata.name).iter().filter_map(|p| p.as_pod().cloned()).collect();
    for pod in pods {
        plan_taint_eviction(cluster, &pod, node);
    }
}

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(pod) = event.object.as_pod() else { return };
    if event.type_ == WatchEventType::Deleted || pod.spec.node_name.is_empty() {
        cluster.node_lifecycle.evictions.remove(&pod.metadata.uid);
        return;
    }
    let Some(node) = cluster.get("Node", "", &pod.spec.node_name).cloned() else { return };
    let Some(node) = node.as_node() else { return };
    if !node.spec.taints.iter().any(|t| t.effect == "NoExecute") && !cluster.node_lifecycle.evictions.contains_key(&pod.metadata.uid) {
        return;
    }
    plan_taint_eviction(cluster, pod, node);
}

/// The taint eviction controller's decision for one pod (NODE-07): evict now, at a deadline
/// set by `tolerationSeconds`, or never; and cancel a deadline whose taint has gone.
fn plan_taint_eviction(cluster: &mut Cluster, pod: &Pod, node: &Node) {
    if pod.metadata.is_deleting() {
        return;
    }
    let no_execute: Vec<&Taint> = node.spec.taints.iter().filter(|t| t.effect == "NoExecute").collect();
    let mut deadline: Option<Millis> = None;
    let mut untolerated = false;
    for taint in &no_execute {
        let matching: Vec<_> = pod.spec.tolerations.iter().filter(|t| t.tolerates(taint)).collect();
        if matching.is_empty() {
            untolerated = true;
            break;
        }
        // The shortest tolerationSeconds among the matching tolerations; none means forever.
        if matching.iter().all(|t| t.toleration_seconds.is_some()) {
            let seconds = matching.iter().filter_map(|t| t.toleration_seconds).min().unwrap_or(0);
            let start = taint.time_added.map(|t| t.0).unwrap_or(cluster.now);
            let at = start + seconds.max(0) * SECOND;
            deadline = Some(deadline.map_or(at, |d: Millis| d.min(at)));
        }
    }
    let uid = pod.metadata.uid.clone();
    let key = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
    if untolerated {
        cluster.node_lifecycle.evictions.insert(uid.clone(), cluster.now);
        cluster.schedule(0, Task::TaintEviction { namespace: key.0, name: key.1, uid });
        return;
    }
    match deadline {
        Some(at) => {
            if cluster.node_lifecycle.evictions.get(&uid) != Some(&at) {
                cluster.node_lifecycle.evictions.insert(uid.clone(), at);
                cluster.schedule_at(at, Task::TaintEviction { namespace: key.0, name: key.1, uid });
            }
        }
        None => {
            if cluster.node_lifecycle.evictions.remove(&uid).is_some() {
                let pod_object = Object::Pod(pod.clone());
                let message = format!("Cancelling deletion of Pod {}/{}", key.0, key.1);
                cluster.record_event(&pod_object, "Normal", "TaintManagerEviction", &message, "taint-eviction-controller", "");
            }
        }
    }
}

/// An eviction timer fired: delete the pod gracefully if it is still due (NODE-07).
pub fn evict(cluster: &mut Cluster, namespace: &str, name: &str, uid: &str) {
    let Some(&due) = cluster.node_lifecycle.evictions.get(uid) else { return };
    if due > cluster.now {
        return;
    }
    cluster.node_lifecycle.evictions.remove(uid);
    let Some(pod) = cluster.get("Pod", namespace, name).cloned() else { return };
    if pod.meta().uid != uid || pod.meta().is_deleting() {
        return;
    }
    let message = format!("Marking for deletion Pod {namespace}/{name}");
    cluster.record_event(&pod, "Normal", "TaintManagerEviction", &message, "taint-eviction-controller", "");
    let now = Time(cluster.now);
    let key = ObjectKey::of(&pod);
    let _ = cluster.modify(&key, |o| {
        if let Object::Pod(p) = o {
            let status = p.status.get_or_insert_with(Default::default);
            status.set_condition(
                "DisruptionTarget",
                "True",
                Some("DeletionByTaintManager"),
                Some("Taint manager: deleting due to NoExecute taint"),
                now,
            );
        }
    });
    let _ = cluster.delete(&key, None, Propagation::Background);
}

/// The kubelet posts Ready: conditions True; the controller then lifts the not-ready taints.
pub fn post_ready_status(cluster: &mut Cluster, name: &str) {
    let Some(node) = cluster.get("Node", "", name).cloned() else { return };
    let was = node.as_node().map(|n| n.ready_status().to_string()).unwrap_or_default();
    let now = Time(cluster.now);
    let _ = cluster.modify(&ObjectKey::new("Node", "", name), |o| {
        if let Object::Node(n) = o {
            if let Some(status) = n.status.as_mut() {
                for c in status.conditions.iter_mut() {
                    let fresh = match c.type_.as_str() {
                        "Ready" => ready_condition(true, now),
                        "MemoryPressure" => condition(
                            "MemoryPressure",
                            "False",
                            "KubeletHasSufficientMemory",
                            "kubelet has sufficient memory available",
                            now,
                        ),
                        "DiskPressure" => {
                            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now)
                        }
                        "PIDPressure" => {
                            condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now)
                        }
                        _ => continue,
                    };
                    let transition = if c.status == fresh.status { c.last_transition_time } else { Some(now) };
                    *c = NodeCondition { last_transition_time: transition, ..fresh };
                }
            }
        }
    });
    if was != "True" {
        cluster.record_event(&node, "Normal", "NodeReady", &format!("Node {name} status is now: NodeReady"), "kubelet", name);
    }
}

/// Whether the monitor will mark a silent node Unknown on a later pass.
pub fn has_pending_work(cluster: &Cluster) -> bool {
    cluster
        .kubelets
        .iter()
        .filter(|(_, k)| !k.running)
        .any(|(name, _)| cluster.get("Node", "", name).and_then(|n| n.as_node()).is_some_and(|n| n.ready_status() != "Unknown"))
}
