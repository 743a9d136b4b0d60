//! The default scheduler: filters nodes the way its plugins do (NodeName, NodeUnschedulable,
//! NodeAffinity, TaintToleration, NodeResourcesFit, pod count), scores the survivors by least
//! allocation, and binds. Failures give `FailedScheduling` in the framework's wording (EV-02).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::volume;
use crate::sim::objects::meta::tolerates_taint;
use crate::sim::objects::pod::{NodeSelectorRequirement, NodeSelectorTerm};
use crate::sim::objects::storage::{PersistentVolume, PersistentVolumeClaim};
use crate::sim::objects::{Node, Object, Pod};
use crate::sim::quantity::parse_milli;
use crate::sim::store::{ApiError, ObjectKey, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, Time, SECOND};
use std::collections::{BTreeMap, BTreeSet};

pub const SCHEDULER_NAME: &str = "default-scheduler";
/// From a pod's creation to the scheduler's attempt (queue + cycle).
pub const SCHEDULE_LATENCY_MS: (Millis, Millis) = (5, 40);
/// Per-pod back-off after a failed attempt: 1 s doubling to 10 s.
pub const BACKOFF_INITIAL_MS: Millis = SECOND;
pub const BACKOFF_MAX_MS: Millis = 10 * SECOND;

/// The taint message's shape. Some 1.33/1.34 releases print `untolerated taint(s)`; the spec
/// leaves the boundary unverified (section 7, item 2), so this is a named choice.
pub const UNTOLERATED_TAINT_FORMAT: &str = "node(s) had untolerated taint {KEY: VALUE}";

#[derive(Clone, Debug, Default)]
pub struct SchedulerState {
    pub stopped: bool,
    /// Pods that failed to schedule, with their current back-off, by (namespace, name).
    pub unschedulable: BTreeMap<(String, String), Millis>,
    /// The scheduler cache: requested resources per node, and each counted pod's share.
    pub usage: BTreeMap<String, NodeUsage>,
    accounted: BTreeMap<String, (String, NodeUsage)>,
}

impl SchedulerState {
    /// Keeps the cache in step with a pod's watch event: a bound, non-terminal pod counts.
    fn account(&mut self, event: &WatchEvent, pod: &Pod) {
        let uid = &pod.metadata.uid;
        let counts = event.type_ != WatchEventType::Deleted && !pod.spec.node_name.is_empty() && !pod.is_terminal();
        if let Some((node, share)) = self.accounted.remove(uid) {
            if let Some(total) = self.usage.get_mut(&node) {
                total.cpu -= share.cpu;
                total.memory -= share.memory;
                total.pods -= share.pods;
                total.nonzero_cpu -= share.nonzero_cpu;
                total.nonzero_memory -= share.nonzero_memory;
            }
        }
        if counts {
            let share = pod_share(pod);
            let total = self.usage.entry(pod.spec.node_name.clone()).or_default();
            total.cpu += share.cpu;
            total.memory += share.memory;
            total.pods += share.pods;
            total.nonzero_cpu += share.nonzero_cpu;
            total.nonzero_memory += share.nonzero_memory;
            self.accounted.insert(uid.clone(), (pod.spec.node_name.clone(), share));
        }
    }
}

impl SchedulerState {
    /// The uids of the pods the cache counts (for the invariant checker's recount).
    pub fn accounted_uids(&self) -> impl Iterator<Item = &str> {
        self.accounted.keys().map(String::as_str)
    }
}

/// What one bound, non-terminal pod adds to its node's usage in the scheduler cache.
pub fn pod_share(pod: &Pod) -> NodeUsage {
    let (cpu, memory) = (pod_request_milli(pod, "cpu"), pod_request_milli(pod, "memory"));
    NodeUsage {
        cpu,
        memory,
        pods: 1,
        nonzero_cpu: nonzero(cpu, DEFAULT_MILLI_CPU_REQUEST),
        nonzero_memory: nonzero(memory, DEFAULT_MEMORY_REQUEST_MILLI),
    }
}

/// Why one node cannot take the pod: the failing filter plugin's reasons (NodeResourcesFit
/// keeps one per insufficient resource, each counted in the FitError histogram), and whether
/// preemption could help (Unschedulable) or not (UnschedulableAndUnresolvable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRejection {
    pub reasons: Vec<String>,
    pub resolvable: bool,
}

impl NodeRejection {
    pub fn unresolvable(reason: &str) -> NodeRejection {
        NodeRejection { reasons: vec![reason.to_string()], resolvable: false }
    }
}

fn needs_scheduling(pod: &Pod) -> bool {
    pod.spec.node_name.is_empty()
        && !pod.metadata.is_deleting()
        && pod.spec.scheduler_name.as_deref().unwrap_or(SCHEDULER_NAME) == SCHEDULER_NAME
        && !pod.is_terminal()
}

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(pod) = event.object.as_pod() else { return };
    cluster.scheduler.account(event, pod);
    let key = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
    match event.type_ {
        WatchEventType::Added if needs_scheduling(pod) => {
            let delay = cluster.rng.between(SCHEDULE_LATENCY_MS.0, SCHEDULE_LATENCY_MS.1);
            cluster.schedule(delay, Task::SchedulePod { namespace: key.0, name: key.1 });
        }
        WatchEventType::Deleted => {
            cluster.scheduler.unschedulable.remove(&key);
            // Freed resources may let waiting pods fit.
            if !pod.spec.node_name.is_empty() {
                requeue_all(cluster);
            }
        }
        _ => {}
    }
}

pub fn on_node_event(cluster: &mut Cluster, _event: &WatchEvent) {
    requeue_all(cluster);
}

/// Moves every unschedulable pod back to the active queue, after its back-off.
pub fn requeue_all(cluster: &mut Cluster) {
    let waiting: Vec<((String, String), Millis)> = cluster.scheduler.unschedulable.iter().map(|(k, v)| (k.clone(), *v)).collect();
    for ((namespace, name), backoff) in waiting {
        cluster.schedule(backoff, Task::SchedulePod { namespace, name });
    }
    // Pods created while the scheduler was stopped were never attempted.
    if !cluster.scheduler.stopped {
        let pending: Vec<(String, String)> = cluster
            .store
            .list("Pod")
            .filter_map(|p| p.as_pod())
            .filter(|p| needs_scheduling(p))
            .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
            .filter(|k| !cluster.scheduler.unschedulable.contains_key(k))
            .collect();
        for (namespace, name) in pending {
            cluster.schedule(SCHEDULE_LATENCY_MS.0, Task::SchedulePod { namespace, name });
        }
    }
}

/// The node affinity the pod requires (nodeSelector AND any required term), as
/// `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`.
pub fn matches_node_affinity(pod_spec: &crate::sim::objects::pod::PodSpec, node: &Node) -> bool {
    let labels = &node.metadata.labels;
    if !pod_spec.node_selector.iter().all(|(k, v)| labels.get(k) == Some(v)) {
        return false;
    }
    let required = pod_spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref());
    match required {
        None => true,
        Some(selector) => selector.node_selector_terms.iter().any(|term| term_matches(term, node)),
    }
}

fn term_matches(term: &NodeSelectorTerm, node: &Node) -> bool {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return false;
    }
    let label = |r: &NodeSelectorRequirement| node.metadata.labels.get(&r.key).cloned();
    let field = |r: &NodeSelectorRequirement| (r.key == "metadata.name").then(|| node.metadata.name.clone());
    term.match_expressions.iter().all(|r| requirement_matches(r, label(r)))
        && term.match_fields.iter().all(|r| requirement_matches(r, field(r)))
}

fn requirement_matches(r: &NodeSelectorRequirement, value: Option<String>) -> bool {
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| r.values.contains(&v)),
        "NotIn" => value.is_none_or(|v| !r.values.contains(&v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(bound)) = (value.and_then(|v| v.parse::<i64>().ok()), r.values.first().and_then(|b| b.parse::<i64>().ok()))
            else {
                return false;
            };
            if r.operator == "Gt" {
                v > bound
            } else {
                v < bound
            }
        }
        _ => false,
    }
}

/// Sum of the pod's container requests for `resource`, in thousandths.
pub fn pod_request_milli(pod: &Pod, resource: &str) -> i128 {
    pod.spec.containers.iter().filter_map(|c| c.resources.requests.get(resource)).filter_map(|q| parse_milli(q)).sum()
}

/// What the pods already on a node request: (cpu milli, memory milli-bytes, pod count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    pub cpu: i128,
    pub memory: i128,
    pub pods: i128,
    /// Requests with the scheduler's defaults for pods that request nothing (100m CPU,
    /// 200Mi memory, `GetNonzeroRequests`), which is what scoring counts.
    pub nonzero_cpu: i128,
    pub nonzero_memory: i128,
}

/// `schedutil.DefaultMilliCPURequest` and `DefaultMemoryRequest` (in thousandths of a byte).
pub const DEFAULT_MILLI_CPU_REQUEST: i128 = 100;
pub const DEFAULT_MEMORY_REQUEST_MILLI: i128 = 200 * 1024 * 1024 * 1000;

fn nonzero(request: i128, default: i128) -> i128 {
    if request == 0 {
        default
    } else {
        request
    }
}

/// The filter plugins in the default profile's order (NodeUnschedulable, TaintToleration,
/// NodeAffinity, NodeResourcesFit); the first failing one rejects the node, so its reason alone
/// is reported for that node (EV-02).
pub fn filter_node(pod: &Pod, node: &Node, usage: NodeUsage) -> Result<(), NodeRejection> {
    // NodeUnschedulable, which honours a toleration of the unschedulable taint (DS-09).
    let cordon_taint = crate::sim::objects::Taint::new("node.kubernetes.io/unschedulable", "NoSchedule");
    if node.is_unschedulable() && !tolerates_taint(&pod.spec.tolerations, &cordon_taint) {
        return Err(NodeRejection::unresolvable("node(s) were unschedulable"));
    }
    if let Some(taint) = node
        .spec
        .taints
        .iter()
        .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
        .find(|t| !tolerates_taint(&pod.spec.tolerations, t))
    {
        let reason = UNTOLERATED_TAINT_FORMAT.replace("KEY", &taint.key).replace("VALUE", &taint.value);
        return Err(NodeRejection::unresolvable(&reason));
    }
    if !matches_node_affinity(&pod.spec, node) {
        return Err(NodeRejection::unresolvable("node(s) didn't match Pod's node affinity/selector"));
    }
    let mut insufficient = Vec::new();
    if usage.pods + 1 > node.allocatable_milli("pods") / 1000 {
        insufficient.push("Too many pods".to_string());
    }
    for (resource, used) in [("cpu", usage.cpu), ("memory", usage.memory)] {
        let request = pod_request_milli(pod, resource);
        if request > 0 && used + request > node.allocatable_milli(resource) {
            insufficient.push(format!("Insufficient {resource}"));
        }
    }
    if !insufficient.is_empty() {
        return Err(NodeRejection { reasons: insufficient, resolvable: true });
    }
    Ok(())
}

/// `FitError.Error()`: "0/N nodes are available: <sorted histogram>. preemption: …".
pub fn fit_error_message(node_count: usize, rejections: &[NodeRejection]) -> String {
    let histogram = |items: Vec<String>| -> String {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for item in items {
            *counts.entry(item).or_default() += 1;
        }
        let mut parts: Vec<String> = counts.into_iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        crate::sort::sort(&mut parts);
        parts.join(", ")
    };
    let filter = histogram(rejections.iter().flat_map(|r| r.reasons.iter().cloned()).collect());
    let preemption = histogram(
        rejections
            .iter()
            .map(|r| {
                if r.resolvable {
                    "No preemption victims found for incoming pod.".trim_end_matches('.').to_string()
                } else {
                    "Preemption is not helpful for scheduling".to_string()
                }
            })
            .collect(),
    );
    if node_count == 0 {
        return "no nodes available to schedule pods".to_string();
    }
    format!("0/{node_count} nodes are available: {filter}. preemption: 0/{node_count} nodes are available: {preemption}.")
}

/// The node names a pod's required affinity pins it to through `matchFields metadata.name`
/// (NodeAffinity's PreFilter result): only these are filtered, as in the real scheduler.
fn prefilter_node_names(pod: &Pod) -> Option<Vec<String>> {
    let terms = &pod
        .spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    let mut names = Vec::new();
    for term in terms {
        let pinned = term.match_fields.iter().find(|r| r.key == "metadata.name" && r.operator == "In")?;
        names.extend(pinned.values.iter().cloned());
    }
    (!terms.is_empty()).then_some(names)
}

/// The scheduling cycle's decision for one pod: the best-scoring nodes, or the FitError message.
pub fn decide(cluster: &Cluster, pod: &Pod) -> Result<Vec<String>, String> {
    let node_count = cluster.node_count();
    let claims = match volume_prefilter(cluster, pod) {
        Ok(claims) => claims,
        Err(reason) => {
            // The VolumeBinding PreFilter rejects the pod before any node is filtered (PV-10, PV-13).
            return Err(format!(
                "0/{node_count} nodes are available: {reason}. preemption: 0/{node_count} nodes are available: {node_count} Preemption is not helpful for scheduling."
            ));
        }
    };
    let candidates: Vec<&Node> = match prefilter_node_names(pod) {
        Some(names) => names.iter().filter_map(|n| cluster.get("Node", "", n).and_then(|o| o.as_node())).collect(),
        None => cluster.store.list("Node").filter_map(|n| n.as_node()).collect(),
    };
    let mut rejections = Vec::new();
    for _ in candidates.len()..node_count {
        rejections.push(NodeRejection::unresolvable("node(s) didn't match Pod's node affinity/selector"));
    }
    let mut feasible: Vec<(&Node, NodeUsage)> = Vec::new();
    for node in candidates {
        let usage = cluster.scheduler.usage.get(&node.metadata.name).copied().unwrap_or_default();
        match filter_node(pod, node, usage).and_then(|()| volume_filter(cluster, &claims, node)) {
            Ok(()) => feasible.push((node, usage)),
            Err(rejection) => rejections.push(rejection),
        }
    }
    if feasible.is_empty() {
        return Err(fit_error_message(node_count, &rejections));
    }
    // NodeResourcesFit (LeastAllocated), averaged over cpu and memory: prefer the emptiest.
    if feasible.len() == 1 {
        return Ok(vec![feasible[0].0.metadata.name.clone()]);
    }
    // PodTopologySpread's system default (spread over hostnames, weight 2): pods of the same
    // controller already on the node count against it.
    let siblings = |node: &Node| -> i128 {
        let Some(owner) = pod.metadata.controller_ref() else { return 0 };
        cluster
            .pods_by_node
            .get(&node.metadata.name)
            .into_iter()
            .flatten()
            .filter_map(|key| cluster.store.get(key))
            .filter(|p| p.meta().controller_ref().is_some_and(|r| r.uid == owner.uid) && !p.meta().is_deleting())
            .count() as i128
    };
    let counts: Vec<i128> = feasible.iter().map(|(n, _)| siblings(n)).collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    // NodeResourcesFit (LeastAllocated) over cpu and memory, counting the scheduler's
    // non-zero defaults, plus the spread score.
    let score = |node: &Node, u: &NodeUsage, count: i128| -> i128 {
        let cpu = node.allocatable_milli("cpu").max(1);
        let memory = node.allocatable_milli("memory").max(1);
        let request_cpu = nonzero(pod_request_milli(pod, "cpu"), DEFAULT_MILLI_CPU_REQUEST);
        let request_memory = nonzero(pod_request_milli(pod, "memory"), DEFAULT_MEMORY_REQUEST_MILLI);
        let free_cpu = (cpu - u.nonzero_cpu - request_cpu).max(0) * 100 / cpu;
        let free_memory = (memory - u.nonzero_memory - request_memory).max(0) * 100 / memory;
        let spread = if most == 0 { 100 } else { (most - count) * 100 / most };
        (free_cpu + free_memory) / 2 + 2 * spread
    };
    let scores: Vec<i128> = feasible.iter().zip(&counts).map(|((n, u), c)| score(n, u, *c)).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    let top: Vec<String> = feasible.iter().zip(&scores).filter(|(_, s)| **s == best).map(|((n, _), _)| n.metadata.name.clone()).collect();
    // Ties are broken at random, as `selectHost` samples among the best; the caller draws.
    Ok(top)
}

pub fn schedule_pod(cluster: &mut Cluster, namespace: &str, name: &str) {
    if cluster.scheduler.stopped {
        return;
    }
    let Some(object) = cluster.get("Pod", namespace, name).cloned() else { return };
    let Some(pod) = object.as_pod() else { return };
    let key = (namespace.to_string(), name.to_string());
    if !needs_scheduling(pod) {
        cluster.scheduler.unschedulable.remove(&key);
        return;
    }
    if waiting_for_provisioning(cluster, pod) {
        return; // PreBind is waiting for the provisioner (PV-12); a claim update re-queues.
    }
    match decide(cluster, pod) {
        Ok(top) => {
            let chosen = top[cluster.rng.index(top.len())].clone();
            if !prebind_volumes(cluster, pod, &chosen) {
                cluster.scheduler.unschedulable.remove(&key);
                return;
            }
            bind(cluster, &object, &chosen);
        }
        Err(message) => fail(cluster, &object, key, &message),
    }
}

/// What the VolumeBinding plugin learned about a pod's claims in PreFilter.
#[derive(Clone, Debug, Default)]
pub struct PodClaims {
    /// Volumes bound to the pod's claims (their node affinity filters nodes).
    pub bound_volumes: Vec<PersistentVolume>,
    /// Unbound WaitForFirstConsumer claims, bound or provisioned for the chosen node (PV-12).
    pub delayed: Vec<PersistentVolumeClaim>,
}

/// VolumeBinding `PreFilter`: a claim that does not exist (PV-13), is being deleted, or is
/// unbound with Immediate binding (PV-10) rejects the pod on every node.
pub fn volume_prefilter(cluster: &Cluster, pod: &Pod) -> Result<PodClaims, String> {
    let mut claims = PodClaims::default();
    let mut unbound_immediate = false;
    for source in pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()) {
        let name = &source.claim_name;
        let Some(object) = cluster.get("PersistentVolumeClaim", &pod.metadata.namespace, name) else {
            return Err(format!("persistentvolumeclaim \"{name}\" not found"));
        };
        if object.meta().is_deleting() {
            return Err(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        let Some(claim) = object.as_claim().cloned() else { continue };
        if claim.is_bound() {
            if let Some(volume) = cluster.get("PersistentVolume", "", claim.volume_name()).and_then(|v| v.as_volume().cloned()) {
                claims.bound_volumes.push(volume);
            }
        } else if volume::delays_binding(cluster, &claim) {
            claims.delayed.push(claim);
        } else {
            unbound_immediate = true;
        }
    }
    if unbound_immediate {
        return Err("pod has unbound immediate PersistentVolumeClaims".into());
    }
    Ok(claims)
}

/// VolumeBinding `Filter` for one node: bound volumes' node affinity, and for each delayed
/// claim a static volume usable there or a provisioner that can create one.
fn volume_filter(cluster: &Cluster, claims: &PodClaims, node: &Node) -> Result<(), NodeRejection> {
    if claims.bound_volumes.iter().any(|v| !volume::volume_allows_node(v, node)) {
        return Err(NodeRejection::unresolvable("node(s) had volume node affinity conflict"));
    }
    for claim in &claims.delayed {
        let provisions = volume::class_of(cluster, claim).is_some_and(|c| c.provisions_dynamically());
        if !provisions && volume::find_volume_for_node(cluster, claim, node).is_none() {
            return Err(NodeRejection::unresolvable("node(s) didn't find available persistent volumes to bind"));
        }
    }
    Ok(())
}

/// Whether a delayed claim of the pod already has a node selected and is being provisioned.
fn waiting_for_provisioning(cluster: &Cluster, pod: &Pod) -> bool {
    pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()).any(|source| {
        cluster
            .get("PersistentVolumeClaim", &pod.metadata.namespace, &source.claim_name)
            .and_then(|c| c.as_claim().cloned())
            .is_some_and(|c| !c.is_bound() && c.metadata.annotations.contains_key(volume::SELECTED_NODE))
    })
}

/// VolumeBinding `Reserve`/`PreBind` on the chosen node (PV-12): binds each delayed claim to a
/// static volume, or marks it for the provisioner with the selected node. True when every
/// claim is bound and the pod can be bound now.
fn prebind_volumes(cluster: &mut Cluster, pod: &Pod, node_name: &str) -> bool {
    let Ok(claims) = volume_prefilter(cluster, pod) else { return false };
    let Some(node) = cluster.get("Node", "", node_name).and_then(|n| n.as_node()).cloned() else { return false };
    let mut all_bound = true;
    for claim in &claims.delayed {
        if let Some(volume_name) = volume::find_volume_for_node(cluster, claim, &node) {
            volume::bind(cluster, &volume_name, claim);
            continue;
        }
        all_bound = false;
        let key = ObjectKey::new("PersistentVolumeClaim", &claim.metadata.namespace, &claim.metadata.name);
        let node_name = node_name.to_string();
        let _ = cluster.modify(&key, |o| {
            o.meta_mut().annotations.insert(volume::SELECTED_NODE.into(), node_name);
        });
    }
    all_bound
}

/// A claim that changes may let a pod waiting on it schedule (the scheduler's PVC event handler).
pub fn on_claim_event(cluster: &mut Cluster, event: &WatchEvent) {
    if (event.type_ == WatchEventType::Modified || event.type_ == WatchEventType::Added)
        && (!cluster.scheduler.unschedulable.is_empty() || event.object.as_claim().cloned().is_some_and(|c| c.is_bound()))
    {
        requeue_all(cluster);
    }
}

fn fail(cluster: &mut Cluster, object: &Object, key: (String, String), message: &str) {
    let backoff = cluster.scheduler.unschedulable.get(&key).map_or(BACKOFF_INITIAL_MS, |b| (b * 2).min(BACKOFF_MAX_MS));
    cluster.scheduler.unschedulable.insert(key, backoff);
    cluster.record_event(object, "Warning", "FailedScheduling", message, SCHEDULER_NAME, "");
    let now = Time(cluster.now);
    let message = message.to_string();
    let _ = cluster.modify(&ObjectKey::of(object), |o| {
        if let Object::Pod(p) = o {
            let status = p.status.get_or_insert_with(Default::default);
            if status.phase.is_empty() {
                status.phase = "Pending".into();
            }
            status.set_condition("PodScheduled", "False", Some("Unschedulable"), Some(&message), now);
        }
    });
}

fn bind(cluster: &mut Cluster, object: &Object, node: &str) {
    let now = Time(cluster.now);
    let node_name = node.to_string();
    let bound = cluster.modify(&ObjectKey::of(object), |o| {
        if let Object::Pod(p) = o {
            p.spec.node_name = node_name;
            let status = p.status.get_or_insert_with(Default::default);
            if status.phase.is_empty() {
                status.phase = "Pending".into();
            }
            status.set_condition("PodScheduled", "True", None, None, now);
        }
    });
    let bound = match bound {
        Ok(bound) => bound,
        Err(ApiError::NotFound { .. }) => return,
        Err(error) => return binding_failed(cluster, object, &error),
    };
    cluster.scheduler.unschedulable.remove(&(bound.namespace().to_string(), bound.name().to_string()));
    let message = format!("Successfully assigned {}/{} to {node}", bound.namespace(), bound.name());
    cluster.record_event(&bound, "Normal", "Scheduled", &message, SCHEDULER_NAME, "");
}

/// `handleBindingCycleError`: the pod goes back to the queue and is tried again after its
/// back-off (1 s doubling to 10 s), without waiting for a cluster event as an unschedulable
/// pod does.
fn binding_failed(cluster: &mut Cluster, object: &Object, error: &ApiError) {
    let message = format!("running Bind plugin \"DefaultBinder\": {error}");
    cluster.record_event(object, "Warning", "FailedScheduling", &message, SCHEDULER_NAME, "");
    let key = (object.namespace().to_string(), object.name().to_string());
    let backoff = cluster.scheduler.unschedulable.get(&key).map_or(BACKOFF_INITIAL_MS, |b| (b * 2).min(BACKOFF_MAX_MS));
    cluster.scheduler.unschedulable.insert(key.clone(), backoff);
    cluster.schedule(backoff, Task::SchedulePod { namespace: key.0, name: key.1 });
}

/// Pods the scheduler has not placed, for the page's pending lane.
pub fn pending_pods(cluster: &Cluster) -> BTreeSet<(String, String)> {
    cluster
        .store
        .list("Pod")
        .filter_map(|p| p.as_pod())
        .filter(|p| p.spec.node_name.is_empty())
        .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_error_sorts_the_histogram_like_the_framework_ev02() {
        let rejections = vec![
            NodeRejection::unresolvable("node(s) didn't match Pod's node affinity/selector"),
            NodeRejection { reasons: vec!["Insufficient cpu".into()], resolvable: true },
            NodeRejection::unresolvable("node(s) didn't match Pod's node affinity/selector"),
        ];
        assert_eq!(
            fit_error_message(3, &rejections),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. \
             preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, \
             2 Preemption is not helpful for scheduling."
        );
    }
}

#[cfg(test)]
#[path = "scheduler_tests.rs"]
mod decision_tests;
