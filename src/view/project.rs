//! The view projection: what the page draws, as a pure function of the cluster. Which pods run
//! on which node, the STATUS kubectl would print for each (the printers' own logic), the pods no
//! node runs yet, each StatefulSet's ordinals with their claims, and the volumes.
//!
//! Kinds the core keeps as written (StatefulSet, PersistentVolume, PersistentVolumeClaim) are
//! read through their JSON, so the projection works whether or not they are typed.

use crate::kubectl::printers::columns::{event_cells, node_cells, pod_cells};
use crate::sim::cluster::Cluster;
use crate::sim::objects::codec::{Decode, DecodeError, Encode};
use crate::sim::objects::pod::Pod;
use crate::sim::objects::{Object, PersistentVolume, PersistentVolumeClaim, StatefulSet};
use crate::sim::quantity::parse_milli;
use crate::sim::time::Millis;
use serde_json::Value;
use std::collections::BTreeMap;

/// How a status should look: the colour family of a badge or chip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    /// Healthy and settled (Running and Ready, Bound).
    Ok,
    /// On its way (Pending, ContainerCreating, Running but not Ready).
    Progress,
    /// Needs attention (Terminating, SchedulingDisabled, a Warning event).
    Warning,
    /// Broken (Error, CrashLoopBackOff, NotReady).
    Error,
    /// Finished or not applicable (Completed, gone).
    #[default]
    Neutral,
}

impl Tone {
    /// The BEM modifier used in CSS, e.g. `chip--ok`.
    pub fn modifier(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Progress => "progress",
            Tone::Warning => "warning",
            Tone::Error => "error",
            Tone::Neutral => "neutral",
        }
    }
}

/// The frame's JSON names a tone by its CSS modifier (`"ok"`, `"progress"`, …).
impl Encode for Tone {
    fn encode(&self) -> Value {
        Value::String(self.modifier().to_string())
    }
}

impl Decode for Tone {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let all = [Tone::Ok, Tone::Progress, Tone::Warning, Tone::Error, Tone::Neutral];
        all.into_iter().find(|t| value.as_str() == Some(t.modifier())).ok_or_else(|| DecodeError::new(format!("unknown tone {value}")))
    }
}

/// `{"state": "ready"}`, `{"state": "starting"}`, `{"state": "waiting", "waitingFor": "web-0"}`.
impl Encode for OrdinalState {
    fn encode(&self) -> Value {
        match self {
            OrdinalState::Ready => serde_json::json!({"state": "ready"}),
            OrdinalState::Starting => serde_json::json!({"state": "starting"}),
            OrdinalState::Waiting { waiting_for: None } => serde_json::json!({"state": "waiting"}),
            OrdinalState::Waiting { waiting_for: Some(pod) } => serde_json::json!({"state": "waiting", "waitingFor": pod}),
        }
    }
}

impl Decode for OrdinalState {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value.get("state").and_then(Value::as_str) {
            Some("ready") => Ok(OrdinalState::Ready),
            Some("starting") => Ok(OrdinalState::Starting),
            Some("waiting") => {
                let waiting_for = value.get("waitingFor").map(String::decode).transpose()?;
                Ok(OrdinalState::Waiting { waiting_for })
            }
            _ => Err(DecodeError::new(format!("unknown ordinal state {value}"))),
        }
    }
}

/// An object the inspector can show.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectRef {
    pub kind: String,
    /// Empty for cluster-scoped kinds.
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef { kind: kind.into(), namespace: namespace.into(), name: name.into() }
    }

    /// `kind/name` in kubectl's lower case (`pod/web-0`).
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind.to_ascii_lowercase(), self.name)
    }
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct PodView {
    pub uid: String,
    pub name: String,
    pub namespace: String,
    /// kubectl's STATUS column.
    pub status: String,
    /// kubectl's READY column (`1/1`).
    pub ready: String,
    pub tone: Tone,
    /// The controller, `DaemonSet/nginx-ds`, or empty.
    pub owner: String,
    /// The node it is bound to, or empty.
    pub node: String,
    /// Deleted a moment ago: drawn fading out.
    pub gone: bool,
}

impl PodView {
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef::new("Pod", &self.namespace, &self.name)
    }
}

/// How much of a node's allocatable resource its pods request.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Usage {
    /// `pods`, `cpu`, `memory`.
    pub resource: String,
    pub text: String,
    /// 0–100.
    pub percent: u32,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct NodeView {
    pub name: String,
    /// kubectl's STATUS column (`Ready`, `NotReady`, `Ready,SchedulingDisabled`).
    pub status: String,
    pub tone: Tone,
    pub ready: bool,
    pub unschedulable: bool,
    /// Whether its kubelet runs (`node stop` stops it).
    pub kubelet_running: bool,
    /// `key=value`, without the labels every node carries (hostname, os, arch).
    pub labels: Vec<String>,
    /// `key=value:Effect`.
    pub taints: Vec<String>,
    pub usage: Vec<Usage>,
    pub pods: Vec<PodView>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct ClaimView {
    pub name: String,
    pub namespace: String,
    /// `Pending`, `Bound`, `Lost`.
    pub status: String,
    /// The bound volume, or empty.
    pub volume: String,
    pub capacity: String,
    pub tone: Tone,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct VolumeView {
    pub name: String,
    /// `Available`, `Bound`, `Released`, `Failed`, `Pending`.
    pub status: String,
    /// `namespace/name` of the claim it is bound to, or empty.
    pub claim: String,
    pub capacity: String,
    pub tone: Tone,
}

/// Where one ordinal of a StatefulSet stands.
#[derive(Clone, Debug, PartialEq)]
pub enum OrdinalState {
    /// Running and Ready.
    Ready,
    /// The pod exists but is not Ready (its STATUS says why).
    Starting,
    /// No pod yet; `waiting_for` names the pod it waits for (OrderedReady), if any.
    Waiting { waiting_for: Option<String> },
}

impl Default for OrdinalState {
    fn default() -> Self {
        OrdinalState::Waiting { waiting_for: None }
    }
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct OrdinalView {
    pub ordinal: usize,
    pub pod: String,
    pub state: OrdinalState,
    /// kubectl's STATUS of the pod, or empty when there is none.
    pub status: String,
    pub tone: Tone,
    /// The claim names this ordinal uses (`www-web-0`).
    pub claims: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct StatefulSetView {
    pub name: String,
    pub namespace: String,
    pub replicas: usize,
    pub ready_replicas: usize,
    pub service_name: String,
    /// `OrderedReady` or `Parallel`.
    pub pod_management_policy: String,
    pub ordinals: Vec<OrdinalView>,
    /// The claims of its volumeClaimTemplates, ordinal by ordinal, as far as they exist.
    pub claims: Vec<ClaimView>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct DaemonSetView {
    pub name: String,
    pub namespace: String,
    pub desired: i64,
    pub current: i64,
    pub ready: i64,
}

/// One row of the events pane, with `kubectl get events`' columns.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct EventRow {
    pub key: String,
    pub last_seen: String,
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// `pod/web-0`.
    pub object: String,
    pub message: String,
    pub count: i64,
}

impl EventRow {
    pub fn tone(&self) -> Tone {
        if self.type_ == "Warning" {
            Tone::Warning
        } else {
            Tone::Neutral
        }
    }
}

/// Everything the cluster pane draws.
#[derive(Clone, Debug, PartialEq, Default, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Snapshot {
    pub now: Millis,
    pub nodes: Vec<NodeView>,
    /// Pods no node runs (yet): the pending lane.
    pub pending: Vec<PodView>,
    pub statefulsets: Vec<StatefulSetView>,
    pub daemonsets: Vec<DaemonSetView>,
    pub volumes: Vec<VolumeView>,
    /// Claims that belong to no StatefulSet.
    pub other_claims: Vec<ClaimView>,
    /// Pods in the store (ghosts not counted).
    pub pod_count: usize,
}

/// The labels every node carries, left out of the cards.
const ROUTINE_NODE_LABELS: [&str; 5] =
    ["kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch"];

/// The colour of a pod, from kubectl's STATUS and READY columns.
pub fn pod_tone(status: &str, ready: &str) -> Tone {
    let all_ready = match ready.split_once('/') {
        Some((have, want)) => have == want && want != "0",
        None => false,
    };
    match status {
        "Running" if all_ready => Tone::Ok,
        "Running" => Tone::Progress,
        "Completed" | "Succeeded" => Tone::Neutral,
        "Terminating" => Tone::Warning,
        "Pending" | "ContainerCreating" | "PodInitializing" | "SchedulingGated" => Tone::Progress,
        s if s.starts_with("Init:") && !s.contains("Error") && !s.contains("BackOff") => Tone::Progress,
        _ => Tone::Error,
    }
}

/// The colour of a node, from kubectl's STATUS column.
pub fn node_tone(status: &str) -> Tone {
    let mut parts = status.split(',');
    match (parts.next(), parts.next()) {
        (Some("Ready"), None) => Tone::Ok,
        (Some("Ready"), Some(_)) => Tone::Warning,
        _ => Tone::Error,
    }
}

fn phase_tone(phase: &str) -> Tone {
    match phase {
        "Bound" => Tone::Ok,
        "Available" | "Pending" => Tone::Progress,
        "Released" => Tone::Warning,
        _ => Tone::Error,
    }
}

/// A pod as the page draws it.
pub fn pod_view(pod: &Pod, now: Millis) -> PodView {
    let cells = pod_cells(pod, now);
    let ready = cells.get(1).cloned().unwrap_or_default();
    let status = cells.get(2).cloned().unwrap_or_default();
    let owner = pod.metadata.controller_ref().map(|r| format!("{}/{}", r.kind, r.name)).unwrap_or_default();
    PodView {
        uid: pod.metadata.uid.clone(),
        name: pod.metadata.name.clone(),
        namespace: pod.metadata.namespace.clone(),
        tone: pod_tone(&status, &ready),
        status,
        ready,
        owner,
        node: pod.spec.node_name.clone(),
        gone: false,
    }
}

fn usage(resource: &'static str, used_milli: i128, total_milli: i128, format: fn(i128) -> String) -> Usage {
    let percent = if total_milli > 0 { ((used_milli * 100 + total_milli - 1) / total_milli).clamp(0, 100) as u32 } else { 0 };
    Usage { resource: resource.to_string(), text: format!("{}/{}", format(used_milli), format(total_milli)), percent }
}

fn format_count(milli: i128) -> String {
    (milli / 1000).to_string()
}

fn format_cpu(milli: i128) -> String {
    if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{milli}m")
    }
}

fn format_memory(milli: i128) -> String {
    let bytes = milli / 1000;
    const MI: i128 = 1024 * 1024;
    const GI: i128 = 1024 * MI;
    if bytes == 0 {
        "0".to_string()
    } else if bytes >= GI && bytes % GI == 0 {
        format!("{}Gi", bytes / GI)
    } else {
        format!("{}Mi", (bytes + MI - 1) / MI)
    }
}

fn requested_milli(pod: &Pod, resource: &str) -> i128 {
    pod.spec.containers.iter().filter_map(|c| c.resources.requests.get(resource)).filter_map(|q| parse_milli(q)).sum()
}

fn node_view(cluster: &Cluster, object: &Object, ghosts: &[PodView]) -> Option<NodeView> {
    let node = object.as_node()?;
    let now = cluster.now;
    let status = node_cells(node, now).get(1).cloned().unwrap_or_default();
    let labels = node
        .metadata
        .labels
        .iter()
        .filter(|(key, _)| !ROUTINE_NODE_LABELS.contains(&key.as_str()))
        .map(|(key, value)| if value.is_empty() { key.clone() } else { format!("{key}={value}") })
        .collect();
    let taints = node.spec.taints.iter().map(|t| t.to_flag()).collect();
    let mut pods: Vec<PodView> = Vec::new();
    let (mut cpu, mut memory, mut count) = (0i128, 0i128, 0i128);
    for object in cluster.pods_on_node(&node.metadata.name) {
        let Some(pod) = object.as_pod() else { continue };
        if !pod.is_terminal() {
            cpu += requested_milli(pod, "cpu");
            memory += requested_milli(pod, "memory");
            count += 1000;
        }
        pods.push(pod_view(pod, now));
    }
    pods.extend(ghosts.iter().filter(|g| g.node == node.metadata.name).cloned());
    crate::sort::sort_by(&mut pods, |a, b| (&a.namespace, &a.name, a.gone).cmp(&(&b.namespace, &b.name, b.gone)));
    let usage = vec![
        usage("pods", count, node.allocatable_milli("pods"), format_count),
        usage("cpu", cpu, node.allocatable_milli("cpu"), format_cpu),
        usage("memory", memory, node.allocatable_milli("memory"), format_memory),
    ];
    Some(NodeView {
        name: node.metadata.name.clone(),
        tone: node_tone(&status),
        ready: node.ready_status() == "True",
        unschedulable: node.is_unschedulable(),
        kubelet_running: cluster.kubelets.get(&node.metadata.name).is_some_and(|k| k.running),
        status,
        labels,
        taints,
        usage,
        pods,
    })
}

fn claim_view(claim: &PersistentVolumeClaim) -> ClaimView {
    let status = match claim.phase() {
        "" => "Pending",
        phase => phase,
    }
    .to_string();
    let requested = || claim.spec.resources.requests.get("storage").cloned().unwrap_or_default();
    let capacity = match claim.status.as_ref().and_then(|s| s.capacity.get("storage")) {
        Some(capacity) if !capacity.is_empty() => capacity.clone(),
        _ => requested(),
    };
    ClaimView {
        name: claim.metadata.name.clone(),
        namespace: claim.metadata.namespace.clone(),
        tone: phase_tone(&status),
        volume: claim.volume_name().to_string(),
        status,
        capacity,
    }
}

fn volume_view(volume: &PersistentVolume) -> VolumeView {
    let status = match volume.phase() {
        "" => "Pending",
        phase => phase,
    }
    .to_string();
    let claim = match volume.spec.claim_ref.as_ref().map(|r| (r.namespace.as_str(), r.name.as_str())) {
        None | Some((_, "")) => String::new(),
        Some(("", name)) => name.to_string(),
        Some((namespace, name)) => format!("{namespace}/{name}"),
    };
    VolumeView {
        name: volume.metadata.name.clone(),
        tone: phase_tone(&status),
        status,
        claim,
        capacity: volume.spec.capacity.get("storage").cloned().unwrap_or_default(),
    }
}

fn statefulset_view(cluster: &Cluster, set: &StatefulSet, claims: &mut BTreeMap<(String, String), ClaimView>) -> StatefulSetView {
    let name = set.metadata.name.clone();
    let namespace = set.metadata.namespace.clone();
    let replicas = set.spec.replicas.unwrap_or(1).clamp(0, 1000) as usize;
    let policy = set.spec.pod_management_policy.as_deref().filter(|p| !p.is_empty()).unwrap_or("OrderedReady").to_string();
    let templates: Vec<String> =
        set.spec.volume_claim_templates.iter().map(|t| t.metadata.name.clone()).filter(|n| !n.is_empty()).collect();
    let mut ordinals: Vec<OrdinalView> = Vec::new();
    let mut own_claims = Vec::new();
    let mut ready_replicas = 0;
    for ordinal in 0..replicas {
        let pod_name = format!("{name}-{ordinal}");
        let claim_names: Vec<String> = templates.iter().map(|t| format!("{t}-{pod_name}")).collect();
        for claim in &claim_names {
            if let Some(view) = claims.remove(&(namespace.clone(), claim.clone())) {
                own_claims.push(view);
            }
        }
        let pod = cluster.get("Pod", &namespace, &pod_name).and_then(|p| p.as_pod());
        let (state, status, tone) = match pod {
            Some(pod) => {
                let view = pod_view(pod, cluster.now);
                if view.tone == Tone::Ok {
                    ready_replicas += 1;
                    (OrdinalState::Ready, view.status, view.tone)
                } else {
                    (OrdinalState::Starting, view.status, view.tone)
                }
            }
            None => {
                let waiting_for = match ordinals.last() {
                    Some(previous) if policy == "OrderedReady" && previous.state != OrdinalState::Ready => Some(previous.pod.clone()),
                    _ => None,
                };
                (OrdinalState::Waiting { waiting_for }, String::new(), Tone::Neutral)
            }
        };
        ordinals.push(OrdinalView { ordinal, pod: pod_name, state, status, tone, claims: claim_names });
    }
    StatefulSetView {
        service_name: set.spec.service_name.clone(),
        name,
        namespace,
        replicas,
        ready_replicas,
        pod_management_policy: policy,
        ordinals,
        claims: own_claims,
    }
}

/// Sorts `node-2` before `node-10`: runs of digits compare as numbers.
fn natural_key(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// The whole picture at the cluster's current time. `ghosts` are pods deleted a moment ago
/// (drawn fading out on their node).
pub fn project(cluster: &Cluster, ghosts: &[PodView]) -> Snapshot {
    let now = cluster.now;
    let mut nodes: Vec<NodeView> = cluster.store.list("Node").filter_map(|n| node_view(cluster, n, ghosts)).collect();
    crate::sort::sort_by_key(&mut nodes, |a| natural_key(&a.name));
    let mut pending: Vec<PodView> = Vec::new();
    let mut pod_count = 0;
    for object in cluster.store.list("Pod") {
        pod_count += 1;
        let Some(pod) = object.as_pod() else { continue };
        let bound_to_a_node = !pod.spec.node_name.is_empty() && nodes.iter().any(|n| n.name == pod.spec.node_name);
        if !bound_to_a_node {
            pending.push(pod_view(pod, now));
        }
    }
    let mut claims: BTreeMap<(String, String), ClaimView> = BTreeMap::new();
    claims.extend(
        cluster
            .store
            .list("PersistentVolumeClaim")
            .filter_map(|c| c.as_claim())
            .map(|c| ((c.metadata.namespace.clone(), c.metadata.name.clone()), claim_view(c))),
    );
    let statefulsets =
        cluster.store.list("StatefulSet").filter_map(|s| s.as_statefulset()).map(|s| statefulset_view(cluster, s, &mut claims)).collect();
    let daemonsets = cluster
        .store
        .list("DaemonSet")
        .filter_map(|object| object.as_daemonset())
        .map(|ds| {
            let status = ds.status.clone().unwrap_or_default();
            DaemonSetView {
                name: ds.metadata.name.clone(),
                namespace: ds.metadata.namespace.clone(),
                desired: status.desired_number_scheduled,
                current: status.current_number_scheduled,
                ready: status.number_ready,
            }
        })
        .collect();
    let volumes = cluster.store.list("PersistentVolume").filter_map(|v| v.as_volume()).map(volume_view).collect();
    Snapshot { now, nodes, pending, statefulsets, daemonsets, volumes, other_claims: claims.into_values().collect(), pod_count }
}

/// The cluster's events as `kubectl get events` prints them, newest first, at most `limit`.
pub fn events(cluster: &Cluster, limit: usize) -> Vec<EventRow> {
    let now = cluster.now;
    let mut rows: Vec<(Millis, String, EventRow)> = cluster
        .store
        .list("Event")
        .filter_map(|object| object.as_event())
        .map(|event| {
            let cells = event_cells(event, now);
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let last = event.last_timestamp.or(event.first_timestamp).map(|t| t.0).unwrap_or(0);
            let row = EventRow {
                key: event.metadata.name.clone(),
                last_seen: cell(0),
                type_: cell(1),
                reason: cell(2),
                object: cell(3),
                message: cell(6),
                count: event.count.max(1),
            };
            (last, event.metadata.name.clone(), row)
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
    rows.into_iter().take(limit).map(|(_, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_follow_kubectls_status_column() {
        assert_eq!(pod_tone("Running", "1/1"), Tone::Ok);
        assert_eq!(pod_tone("Running", "0/1"), Tone::Progress);
        assert_eq!(pod_tone("ContainerCreating", "0/1"), Tone::Progress);
        assert_eq!(pod_tone("Terminating", "1/1"), Tone::Warning);
        assert_eq!(pod_tone("CrashLoopBackOff", "0/1"), Tone::Error);
        assert_eq!(pod_tone("Init:0/1", "0/1"), Tone::Progress);
        assert_eq!(pod_tone("Init:CrashLoopBackOff", "0/1"), Tone::Error);
        assert_eq!(pod_tone("Completed", "0/1"), Tone::Neutral);
        assert_eq!(node_tone("Ready"), Tone::Ok);
        assert_eq!(node_tone("Ready,SchedulingDisabled"), Tone::Warning);
        assert_eq!(node_tone("NotReady"), Tone::Error);
        assert_eq!(node_tone("Unknown"), Tone::Error);
    }

    #[test]
    fn nodes_sort_naturally_and_usage_reads_requested_over_allocatable() {
        let mut names = vec!["node-10", "node-2", "node-1", "alpha"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, ["alpha", "node-1", "node-2", "node-10"]);
        assert_eq!(format_memory(0), "0");
        assert_eq!(format_memory(8 * 1024 * 1024 * 1024 * 1000), "8Gi");
        assert_eq!(format_cpu(250), "250m");
        assert_eq!(usage("pods", 3000, 110_000, format_count).text, "3/110");
        assert_eq!(usage("pods", 110_000, 110_000, format_count).percent, 100);
    }

    #[test]
    fn an_empty_cluster_projects_three_ready_nodes_and_nothing_else() {
        let cluster = Cluster::new(crate::sim::cluster::Config::default());
        let snapshot = project(&cluster, &[]);
        let names: Vec<_> = snapshot.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["node-1", "node-2", "node-3"]);
        assert!(snapshot.nodes.iter().all(|n| n.status == "Ready" && n.tone == Tone::Ok && n.pods.is_empty()));
        assert!(snapshot.nodes.iter().all(|n| n.labels.is_empty() && n.taints.is_empty()));
        assert!(snapshot.pending.is_empty() && snapshot.statefulsets.is_empty() && snapshot.volumes.is_empty());
        assert_eq!(snapshot.pod_count, 0);
        assert!(events(&cluster, 10).is_empty());
    }
}
