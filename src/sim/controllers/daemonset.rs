//! The DaemonSet controller (`pkg/controller/daemon`). `node_should_run_daemon_pod` and
//! `pods_should_be_on_node` decide; `rolling_update` plans; `sync_nodes` is the one place
//! that creates or deletes pods (DS- rules cited inline).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::scheduler::matches_node_affinity;
use crate::sim::objects::apps::{ControllerRevision, DaemonSetStatus};
use crate::sim::objects::codec::Encode;
use crate::sim::objects::pod::{Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use crate::sim::objects::{DaemonSet, Node, Object, ObjectMeta, OwnerReference, Pod, Toleration};
use crate::sim::store::{ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, SECOND};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// From a watch event to the controller's sync of the DaemonSet.
pub const WATCH_LATENCY_MS: Millis = 15;
/// A sync walks every node, so on large clusters it takes longer and more events coalesce
/// into one sync: 5 µs of controller time per node (a product choice; 25 ms at 5,000 nodes).
pub const SYNC_NODES_PER_MS: usize = 200;
/// `BurstReplicas`: creates and deletes per sync (DS-23).
pub const BURST_REPLICAS: usize = 250;
/// Failed-pod back-off, 1 s doubling to 15 min (section 0.3).
pub const FAILED_POD_BACKOFF_INITIAL_MS: Millis = SECOND;
pub const FAILED_POD_BACKOFF_MAX_MS: Millis = 15 * 60 * SECOND;

pub const CONTROLLER: &str = "daemonset-controller";
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

#[derive(Clone, Debug, Default)]
pub struct DaemonSetState {
    /// Failed-pod back-off per (DaemonSet uid, node): (next allowed time, current delay).
    pub failed_pod_backoff: BTreeMap<(String, String), (Millis, Millis)>,
    /// The template hash per DaemonSet uid, for the generation it was computed at.
    hashes: BTreeMap<String, (Option<i64>, String)>,
}

// ---- informers ---------------------------------------------------------------------------

fn enqueue(cluster: &mut Cluster, namespace: &str, name: &str, delay: Millis) {
    let busy = (cluster.node_count() / SYNC_NODES_PER_MS) as Millis;
    cluster.schedule(delay + busy, Task::SyncDaemonSet { namespace: namespace.into(), name: name.into() });
}

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let meta = event.object.meta();
    if let Some(owner) = meta.controller_ref().filter(|r| r.kind == "DaemonSet") {
        let (namespace, name) = (meta.namespace.clone(), owner.name.clone());
        enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
    }
}

/// DS-12/13: a node added or changed re-syncs the DaemonSets. DS-14: no handler for deletes.
pub fn on_node_event(cluster: &mut Cluster, event: &WatchEvent) {
    if event.type_ == WatchEventType::Deleted {
        return;
    }
    let all: Vec<(String, String)> = cluster.store.list("DaemonSet").map(|d| (d.namespace().to_string(), d.name().to_string())).collect();
    for (namespace, name) in all {
        enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
    }
}

// ---- pure decisions ----------------------------------------------------------------------

/// DS-06: the tolerations the controller adds to every daemon pod.
pub fn daemon_tolerations(host_network: bool) -> Vec<Toleration> {
    let mut tolerations = vec![
        Toleration::exists("node.kubernetes.io/not-ready", "NoExecute"),
        Toleration::exists("node.kubernetes.io/unreachable", "NoExecute"),
        Toleration::exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
        Toleration::exists("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        tolerations.push(Toleration::exists("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    tolerations
}

/// `AddOrUpdateDaemonPodTolerations`: the user's tolerations, then the daemon ones not present.
pub fn with_daemon_tolerations(user: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut tolerations = user.to_vec();
    for toleration in daemon_tolerations(host_network) {
        if !tolerations.iter().any(|t| t.key == toleration.key && t.effect == toleration.effect) {
            tolerations.push(toleration);
        }
    }
    tolerations
}

/// `NodeShouldRunDaemonPod` → (shouldRun, shouldContinueRunning), DS-01..05.
pub fn node_should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> (bool, bool) {
    let spec = &ds.spec.template.spec;
    let tolerations = with_daemon_tolerations(&spec.tolerations, spec.host_network == Some(true));
    node_should_run_with(node, ds, &tolerations)
}

/// As [`node_should_run_daemon_pod`], with the daemon pod's tolerations computed once per sync.
pub fn node_should_run_with(node: &Node, ds: &DaemonSet, tolerations: &[Toleration]) -> (bool, bool) {
    let spec = &ds.spec.template.spec;
    if !spec.node_name.is_empty() && spec.node_name != node.metadata.name {
        return (false, false); // DS-01
    }
    if !matches_node_affinity(spec, node) {
        return (false, false); // DS-02
    }
    let mut should_run = true;
    for taint in &node.spec.taints {
        if tolerations.iter().any(|t| t.tolerates(taint)) {
            continue;
        }
        match taint.effect.as_str() {
            "NoExecute" => return (false, false), // DS-03
            "NoSchedule" => should_run = false,   // DS-03, DS-08
            _ => {}                               // PreferNoSchedule is ignored.
        }
    }
    (should_run, true)
}

/// `GetTargetNodeName`: spec.nodeName, or the node pinned by the matchFields affinity (DS-11).
pub fn target_node_name(pod: &Pod) -> Option<&str> {
    if !pod.spec.node_name.is_empty() {
        return Some(&pod.spec.node_name);
    }
    let terms = &pod
        .spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    terms
        .iter()
        .flat_map(|t| &t.match_fields)
        .find(|r| r.key == "metadata.name" && r.operator == "In")
        .and_then(|r| r.values.first())
        .map(String::as_str)
}

/// `podByCreationTimestampAndPhase`: bound pods first, then oldest, then by name.
fn sort_oldest_first(pods: &mut [&Pod]) {
    crate::sort::sort_by(pods, |a, b| {
        let bound = |p: &Pod| p.spec.node_name.is_empty();
        bound(a)
            .cmp(&bound(b))
            .then(a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp))
            .then(a.metadata.name.cmp(&b.metadata.name))
    });
}

/// `util.IsPodUpdated`: the current hash or the current template generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, generation: i64) -> bool {
    let labels = &pod.metadata.labels;
    labels.get(REVISION_HASH_LABEL).is_some_and(|h| h == hash)
        || labels.get(TEMPLATE_GENERATION_LABEL).is_some_and(|g| *g == generation.to_string())
}

pub fn allows_surge(ds: &DaemonSet) -> bool {
    max_surge_value(ds).is_some_and(|v| !v.is_zero())
}

fn max_surge_value(ds: &DaemonSet) -> Option<&crate::sim::objects::meta::IntOrString> {
    if ds.is_on_delete() {
        return None;
    }
    ds.spec.update_strategy.as_ref()?.rolling_update.as_ref()?.max_surge.as_ref()
}

/// What `pods_should_be_on_node` decided for one node.
#[derive(Debug, Default, PartialEq)]
pub struct NodeDecision {
    pub needs_pod: bool,
    pub pods_to_delete: Vec<String>,
    /// (type, reason, message) events to record on the DaemonSet.
    pub events: Vec<(&'static str, &'static str, String)>,
    /// Failed pods whose deletion waits for the back-off, and when to retry.
    pub retry_after: Option<Millis>,
}

/// `podsShouldBeOnNode`, DS-20..22 and the surge pruning of DS-36. It takes what the Go
/// function reads, one argument each, so it stays a pure decision.
#[allow(clippy::too_many_arguments)]
pub fn pods_should_be_on_node(
    node: &str,
    pods: &[&Pod],
    should_run: bool,
    should_continue: bool,
    ds: &DaemonSet,
    hash: &str,
    now: Millis,
    backoff: Option<(Millis, Millis)>,
) -> NodeDecision {
    let mut decision = NodeDecision::default();
    let exists = !pods.is_empty();
    if should_run && !exists {
        decision.needs_pod = true;
    } else if should_continue {
        let mut running = Vec::new();
        for pod in pods {
            if pod.metadata.is_deleting() {
                continue;
            }
            let reference = || format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
            match pod.phase() {
                "Failed" => {
                    if let Some((until, _)) = backoff.filter(|(until, _)| *until > now) {
                        decision.retry_after = Some(until - now);
                        continue;
                    }
                    let message = format!("Found failed daemon pod {} on node {node}, will try to kill it", reference());
                    decision.events.push(("Warning", "FailedDaemonPod", message));
                    decision.pods_to_delete.push(pod.metadata.name.clone());
                }
                "Succeeded" => {
                    let message = format!("Found succeeded daemon pod {} on node {node}, will try to delete it", reference());
                    decision.events.push(("Normal", "SucceededDaemonPod", message));
                    decision.pods_to_delete.push(pod.metadata.name.clone());
                }
                _ => running.push(*pod),
            }
        }
        if running.len() > 1 {
            sort_oldest_first(&mut running);
            if !allows_surge(ds) {
                decision.pods_to_delete.extend(running[1..].iter().map(|p| p.metadata.name.clone()));
            } else {
                let (mut oldest_new, mut oldest_old): (Option<&Pod>, Option<&Pod>) = (None, None);
                for pod in running.iter().copied() {
                    let is_new = pod.metadata.labels.get(REVISION_HASH_LABEL).is_some_and(|h| h == hash);
                    let slot = if is_new { &mut oldest_new } else { &mut oldest_old };
                    if slot.is_none() {
                        *slot = Some(pod);
                    } else {
                        decision.pods_to_delete.push(pod.metadata.name.clone());
                    }
                }
                if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
                    if new.is_available(ds.min_ready_seconds(), now) {
                        decision.pods_to_delete.push(old.metadata.name.clone());
                    }
                }
            }
        }
    } else if exists {
        decision.pods_to_delete.extend(pods.iter().filter(|p| !p.metadata.is_deleting()).map(|p| p.metadata.name.clone()));
    }
    decision
}

/// `ComputeHash`: FNV-32a of the template (and collision count), then `SafeEncodeString` of
/// its decimal form — the same alphabet and shape as Kubernetes (e.g. `6c8d5d8d9b`), though
/// not byte-identical, since Go hashes its own struct dump.
pub fn compute_hash(template: &serde_json::Value, collision_count: Option<i64>) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    let text = template.to_string();
    let extra = collision_count.map(|c| c.to_string()).unwrap_or_default();
    for byte in text.bytes().chain(extra.bytes()) {
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_string().bytes().map(|b| crate::sim::rng::NAME_ALPHABET[b as usize % crate::sim::rng::NAME_ALPHABET.len()] as char).collect()
}

/// `util.UnavailableCount` and `SurgeCount` resolved against the desired count (DS-34), with
/// `updatedDesiredNodeCounts`' clamp to 1.
pub fn max_surge_and_unavailable(ds: &DaemonSet, desired: i64) -> (i64, i64) {
    let rolling = ds.spec.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref());
    let unavailable = rolling.and_then(|r| r.max_unavailable.as_ref()).and_then(|v| v.scaled(desired, true)).unwrap_or(1);
    let surge = max_surge_value(ds).and_then(|v| v.scaled(desired, true)).unwrap_or(0);
    if desired > 0 && unavailable == 0 && surge == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// `findUpdatedPodsOnNode`: (new, old, ok) — not ok when a node has two of either.
fn find_updated_pods_on_node<'a>(pods: &[&'a Pod], hash: &str, generation: i64) -> (Option<&'a Pod>, Option<&'a Pod>, bool) {
    let (mut new, mut old) = (None, None);
    for pod in pods.iter().copied().filter(|p| !p.metadata.is_deleting()) {
        if is_pod_updated(pod, hash, generation) {
            if new.is_some() {
                return (None, None, false);
            }
            new = Some(pod);
        } else {
            if old.is_some() {
                return (None, None, false);
            }
            old = Some(pod);
        }
    }
    (new, old, true)
}

/// `rollingUpdate`: which old pods to delete and which nodes get a surge pod (DS-35/36).
/// `node_order` stands for Go's random map order, drawn from the seeded RNG.
pub fn rolling_update(
    ds: &DaemonSet,
    node_to_pods: &BTreeMap<&str, Vec<&Pod>>,
    node_order: &[&str],
    hash: &str,
    desired: i64,
    now: Millis,
) -> (Vec<String>, Vec<String>) {
    let (max_surge, max_unavailable) = max_surge_and_unavailable(ds, desired);
    let generation = ds.template_generation();
    let min_ready = ds.min_ready_seconds();
    let empty = Vec::new();
    if max_surge == 0 {
        let (mut unavailable, mut replacements, mut candidates) = (0i64, Vec::new(), Vec::new());
        for node in node_order {
            let pods = node_to_pods.get(node).unwrap_or(&empty);
            let (new, old, ok) = find_updated_pods_on_node(pods, hash, generation);
            if !ok {
                unavailable += 1;
                continue;
            }
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => unavailable += 1,
                (Some(new), None) => {
                    if !new.is_available(min_ready, now) {
                        unavailable += 1;
                    }
                }
                (None, Some(old)) => {
                    if !old.is_available(min_ready, now) {
                        replacements.push(old.metadata.name.clone());
                    } else {
                        candidates.push(old.metadata.name.clone());
                    }
                }
            }
        }
        let remaining = (max_unavailable - unavailable).clamp(0, candidates.len() as i64) as usize;
        replacements.extend(candidates.into_iter().take(remaining));
        return (replacements, Vec::new());
    }
    let (mut old_to_delete, mut candidates, mut allowed, mut surge) = (Vec::new(), Vec::new(), Vec::new(), 0i64);
    for node in node_order {
        let pods = node_to_pods.get(node).unwrap_or(&empty);
        let (new, old, ok) = find_updated_pods_on_node(pods, hash, generation);
        if !ok {
            surge += 1;
            continue;
        }
        match (new, old) {
            (_, None) => {}
            (None, Some(old)) => {
                if !old.is_available(min_ready, now) {
                    allowed.push(*node);
                } else if surge < max_surge {
                    candidates.push(*node);
                }
            }
            (Some(new), Some(old)) => {
                if !new.is_available(min_ready, now) {
                    surge += 1;
                } else {
                    old_to_delete.push(old.metadata.name.clone());
                }
            }
        }
    }
    let remaining = (max_surge - surge).clamp(0, candidates.len() as i64) as usize;
    allowed.extend(candidates.into_iter().take(remaining));
    (old_to_delete, allowed.into_iter().map(str::to_string).collect())
}

/// `updateDaemonSetStatus` over existing nodes only (DS-27).
pub fn compute_status(
    ds: &DaemonSet,
    nodes: &[(&Node, bool)],
    node_to_pods: &BTreeMap<&str, Vec<&Pod>>,
    hash: &str,
    now: Millis,
) -> DaemonSetStatus {
    let mut status = ds.status.clone().unwrap_or_default();
    let (mut desired, mut current, mut misscheduled, mut ready, mut available, mut updated) = (0, 0, 0, 0, 0, 0);
    for (node, should_run) in nodes {
        let pods = node_to_pods.get(node.metadata.name.as_str()).filter(|p| !p.is_empty());
        let scheduled = pods.is_some();
        if *should_run {
            desired += 1;
            if let Some(pods) = pods {
                current += 1;
                let oldest = if pods.len() == 1 {
                    pods[0]
                } else {
                    let mut sorted = pods.clone();
                    sort_oldest_first(&mut sorted);
                    sorted[0]
                };
                if oldest.is_ready() {
                    ready += 1;
                    if oldest.is_available(ds.min_ready_seconds(), now) {
                        available += 1;
                    }
                }
                if is_pod_updated(oldest, hash, ds.template_generation()) {
                    updated += 1;
                }
            }
        } else if scheduled {
            misscheduled += 1;
        }
    }
    status.desired_number_scheduled = desired;
    status.current_number_scheduled = current;
    status.number_misscheduled = misscheduled;
    status.number_ready = ready;
    status.number_available = available;
    status.updated_number_scheduled = updated;
    status.number_unavailable = desired - available;
    status
}

// ---- the sync loop -----------------------------------------------------------------------

/// The template as a ControllerRevision stores it (`{"spec":{"template":…,"$patch":"replace"}}`).
fn revision_data(ds: &DaemonSet) -> serde_json::Value {
    let mut template = ds.spec.template.encode();
    if let Some(map) = template.as_object_mut() {
        map.insert("$patch".into(), "replace".into());
    }
    serde_json::json!({ "spec": { "template": template } })
}

pub fn owner_reference(ds: &DaemonSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `constructHistory` + `cleanupHistory`: ensures the current revision exists and is the
/// newest (re-numbering a re-used one, DS-19), prunes beyond revisionHistoryLimit. Returns the
/// current hash.
fn construct_history(cluster: &mut Cluster, ds: &DaemonSet, live_hashes: &BTreeSet<&str>) -> String {
    let hash = match cluster.daemonsets.hashes.get(&ds.metadata.uid) {
        Some((generation, hash)) if *generation == ds.metadata.generation => hash.clone(),
        _ => {
            let template = ds.spec.template.encode();
            let hash = compute_hash(&template, ds.status.as_ref().and_then(|s| s.collision_count));
            cluster.daemonsets.hashes.insert(ds.metadata.uid.clone(), (ds.metadata.generation, hash.clone()));
            hash
        }
    };
    let owned: Vec<ControllerRevision> = cluster
        .dependents
        .get(&ds.metadata.uid)
        .into_iter()
        .flatten()
        .filter(|k| k.kind == "ControllerRevision")
        .filter_map(|k| match cluster.store.get(k).map(|o| &**o) {
            Some(Object::ControllerRevision(r)) if r.metadata.controller_ref().is_some_and(|c| c.uid == ds.metadata.uid) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let max_revision = owned.iter().map(|r| r.revision).max().unwrap_or(0);
    let name = format!("{}-{}", ds.metadata.name, hash);
    match owned.iter().find(|r| r.metadata.name == name) {
        Some(current) if current.revision < max_revision => {
            let key = ObjectKey::new("ControllerRevision", &ds.metadata.namespace, &name);
            let _ = cluster.modify(&key, |o| {
                if let Object::ControllerRevision(r) = o {
                    r.revision = max_revision + 1;
                }
            });
        }
        Some(_) => {}
        None => {
            let mut labels = ds.spec.template.metadata.labels.clone();
            labels.insert(REVISION_HASH_LABEL.into(), hash.clone());
            let revision = ControllerRevision {
                metadata: ObjectMeta {
                    name: name.clone(),
                    namespace: ds.metadata.namespace.clone(),
                    labels,
                    annotations: ds.metadata.annotations.clone(),
                    owner_references: vec![owner_reference(ds)],
                    ..Default::default()
                },
                data: Some(revision_data(ds)),
                revision: max_revision + 1,
            };
            let _ = cluster.create(Object::ControllerRevision(revision));
        }
    }
    // cleanupHistory: old revisions not used by a live pod, oldest first, beyond the limit.
    let limit = ds.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let mut old: Vec<&ControllerRevision> = owned
        .iter()
        .filter(|r| r.metadata.name != name)
        .filter(|r| !r.metadata.labels.get(REVISION_HASH_LABEL).is_some_and(|h| live_hashes.contains(h.as_str())))
        .collect();
    if old.len() > limit {
        crate::sort::sort_by_key(&mut old, |r| r.revision);
        let excess: Vec<ObjectKey> = old[..old.len() - limit]
            .iter()
            .map(|r| ObjectKey::new("ControllerRevision", &r.metadata.namespace, &r.metadata.name))
            .collect();
        for key in excess {
            let _ = cluster.delete(&key, None, Propagation::Background);
        }
    }
    hash
}

/// `CreatePodTemplate` + the pinned affinity of DS-10: the pod the controller creates for `node`.
pub fn new_daemon_pod(ds: &DaemonSet, node: &str, hash: &str) -> Pod {
    let template = &ds.spec.template;
    let mut metadata = template.metadata.clone();
    metadata.name = String::new();
    metadata.generate_name = format!("{}-", ds.metadata.name);
    metadata.namespace = ds.metadata.namespace.clone();
    metadata.labels.insert(REVISION_HASH_LABEL.into(), hash.into());
    metadata.labels.insert(TEMPLATE_GENERATION_LABEL.into(), ds.template_generation().to_string());
    metadata.owner_references = vec![owner_reference(ds)];
    let mut spec = template.spec.clone();
    spec.tolerations = with_daemon_tolerations(&spec.tolerations, spec.host_network == Some(true));
    let pinned = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Vec::new(),
            match_fields: vec![NodeSelectorRequirement { key: "metadata.name".into(), operator: "In".into(), values: vec![node.into()] }],
        }],
    };
    let mut affinity = spec.affinity.take().unwrap_or_default();
    let mut node_affinity = affinity.node_affinity.take().unwrap_or_default();
    node_affinity.required_during_scheduling_ignored_during_execution = Some(pinned);
    affinity.node_affinity = Some(NodeAffinity { ..node_affinity });
    spec.affinity = Some(Affinity { ..affinity });
    Pod { metadata, spec, status: None }
}

/// `ClaimPods` / `ClaimControllerRevisions`: orphans in the namespace whose labels match the
/// selector get this DaemonSet as their controller.
fn adopt_orphans(cluster: &mut Cluster, ds: &DaemonSet) {
    let Some(selector) = ds.spec.selector.as_ref() else { return };
    let candidates: Vec<ObjectKey> = cluster
        .orphans
        .iter()
        .filter(|k| k.namespace == ds.metadata.namespace)
        .filter(|k| cluster.store.get(k).is_some_and(|o| !o.meta().is_deleting() && selector.matches(&o.meta().labels)))
        .cloned()
        .collect();
    let owner = owner_reference(ds);
    for key in candidates {
        let owner = owner.clone();
        let _ = cluster.modify(&key, |o| {
            if o.meta().controller_ref().is_none() {
                o.meta_mut().owner_references.push(owner);
            }
        });
    }
}

/// The pods this DaemonSet controls (from the owner index), except terminal pods that are
/// being deleted (DS-20).
fn owned_pods(cluster: &Cluster, ds: &DaemonSet) -> Vec<Arc<Object>> {
    let Some(keys) = cluster.dependents.get(&ds.metadata.uid) else { return Vec::new() };
    keys.iter()
        .filter(|k| k.kind == "Pod")
        .filter_map(|k| cluster.store.get(k))
        .filter(|o| {
            o.as_pod().is_some_and(|pod| {
                pod.metadata.controller_ref().is_some_and(|r| r.uid == ds.metadata.uid)
                    && !(pod.is_terminal() && pod.metadata.is_deleting())
            })
        })
        .cloned()
        .collect()
}

/// `getNodesToDaemonPods`: owned pods by target node; and the unbound pods pinned to a node
/// that no longer exists (DS-15).
fn nodes_to_daemon_pods<'a>(cluster: &Cluster, pods: &'a [Arc<Object>]) -> (BTreeMap<&'a str, Vec<&'a Pod>>, Vec<String>) {
    let mut by_node: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
    let mut unscheduled_without_node = Vec::new();
    for pod in pods.iter().filter_map(|o| o.as_pod()) {
        let Some(node) = target_node_name(pod) else { continue };
        if pod.spec.node_name.is_empty() && cluster.store.get_named("Node", "", node).is_none() {
            if !pod.metadata.is_deleting() {
                unscheduled_without_node.push(pod.metadata.name.clone());
            }
            continue;
        }
        by_node.entry(node).or_default().push(pod);
    }
    (by_node, unscheduled_without_node)
}

pub fn sync(cluster: &mut Cluster, namespace: &str, name: &str) {
    let Some(object) = cluster.get("DaemonSet", namespace, name).cloned() else { return };
    let Some(ds) = object.as_daemonset() else { return };
    if ds.metadata.is_deleting() {
        return; // DS-25
    }
    if ds.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        cluster.record_event(
            &object,
            "Warning",
            "SelectingAll",
            "This daemon set is selecting all pods. A non-empty selector is required.",
            CONTROLLER,
            "",
        );
        return; // DS-26
    }
    let now = cluster.now;
    adopt_orphans(cluster, ds);
    let pods = owned_pods(cluster, ds);
    let (mut node_to_pods, orphaned_unbound) = nodes_to_daemon_pods(cluster, &pods);
    let mut live_hashes: BTreeSet<&str> = BTreeSet::new();
    live_hashes.extend(node_to_pods.values().flatten().filter_map(|p| p.metadata.labels.get(REVISION_HASH_LABEL).map(String::as_str)));
    let hash = construct_history(cluster, ds, &live_hashes);
    let nodes: Vec<Arc<Object>> = cluster.store.list("Node").cloned().collect();

    // manage: decide per node, then act once.
    let mut nodes_needing_pods = Vec::new();
    let mut pods_to_delete = orphaned_unbound;
    let mut events = Vec::new();
    let mut retry_after: Option<Millis> = None;
    let mut should_run_by_node: Vec<(&Node, bool)> = Vec::new();
    let spec = &ds.spec.template.spec;
    let tolerations = with_daemon_tolerations(&spec.tolerations, spec.host_network == Some(true));
    for node in nodes.iter().filter_map(|n| n.as_node()) {
        let (should_run, should_continue) = node_should_run_with(node, ds, &tolerations);
        should_run_by_node.push((node, should_run));
        let on_node: &[&Pod] = node_to_pods.get(node.metadata.name.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let has_failed = on_node.iter().any(|p| p.phase() == "Failed");
        let backoff_key = || (ds.metadata.uid.clone(), node.metadata.name.clone());
        let backoff = if has_failed { cluster.daemonsets.failed_pod_backoff.get(&backoff_key()).copied() } else { None };
        let decision = pods_should_be_on_node(&node.metadata.name, on_node, should_run, should_continue, ds, &hash, now, backoff);
        if decision.needs_pod {
            nodes_needing_pods.push(node.metadata.name.clone());
        }
        if decision.events.iter().any(|(_, reason, _)| *reason == "FailedDaemonPod") {
            let delay = backoff.map_or(FAILED_POD_BACKOFF_INITIAL_MS, |(_, d)| (d * 2).min(FAILED_POD_BACKOFF_MAX_MS));
            cluster.daemonsets.failed_pod_backoff.insert(backoff_key(), (now + delay, delay));
        }
        pods_to_delete.extend(decision.pods_to_delete);
        events.extend(decision.events);
        if let Some(after) = decision.retry_after {
            retry_after = Some(retry_after.map_or(after, |r: Millis| r.min(after)));
        }
    }
    for (type_, reason, message) in events {
        cluster.record_event(&object, type_, reason, &message, CONTROLLER, "");
    }
    let mut acted = sync_nodes(cluster, ds, &pods_to_delete, &nodes_needing_pods, &hash);

    // DS-24: the rolling update runs only when the last writes were observed, i.e. when
    // manage had nothing to do in this sync.
    if !acted && !ds.is_on_delete() {
        let desired = should_run_by_node.iter().filter(|(_, run)| *run).count() as i64;
        for (node, run) in &should_run_by_node {
            if *run {
                node_to_pods.entry(node.metadata.name.as_str()).or_default();
            }
        }
        let mut order: Vec<&str> = node_to_pods.keys().copied().collect();
        for i in (1..order.len()).rev() {
            let j = cluster.rng.index(i + 1);
            order.swap(i, j);
        }
        let (old_to_delete, new_nodes) = rolling_update(ds, &node_to_pods, &order, &hash, desired, now);
        acted = sync_nodes(cluster, ds, &old_to_delete, &new_nodes, &hash);
    }

    // Status, from a fresh read of the pods.
    let Some(current_object) = cluster.get("DaemonSet", namespace, name).cloned() else { return };
    let Some(current) = current_object.as_daemonset() else { return };
    let pods = owned_pods(cluster, current);
    let (node_to_pods, _) = nodes_to_daemon_pods(cluster, &pods);
    let mut status = compute_status(current, &should_run_by_node, &node_to_pods, &hash, now);
    if !acted {
        status.observed_generation = current.metadata.generation;
    } else {
        status.observed_generation = current.status.as_ref().and_then(|s| s.observed_generation);
    }
    let changed = current.status.as_ref() != Some(&status);
    let (number_ready, number_available, min_ready) = (status.number_ready, status.number_available, current.min_ready_seconds());
    if changed {
        let key = ObjectKey::new("DaemonSet", namespace, name);
        let _ = cluster.modify(&key, |o| {
            if let Object::DaemonSet(d) = o {
                d.status = Some(status);
            }
        });
    }
    // DS-30: re-check availability after minReadySeconds; DS-21: retry a backed-off pod.
    if number_ready != number_available && min_ready > 0 {
        enqueue(cluster, namespace, name, min_ready * SECOND);
    }
    if let Some(after) = retry_after {
        enqueue(cluster, namespace, name, after);
    }
}

/// `syncNodes`: the only place pods are created or deleted, capped at BurstReplicas (DS-23).
/// Returns whether it wrote anything.
fn sync_nodes(cluster: &mut Cluster, ds: &DaemonSet, pods_to_delete: &[String], nodes_needing_pods: &[String], hash: &str) -> bool {
    let object = Object::DaemonSet(ds.clone());
    let creates = nodes_needing_pods.len().min(BURST_REPLICAS);
    let deletes = pods_to_delete.len().min(BURST_REPLICAS);
    for node in &nodes_needing_pods[..creates] {
        let pod = new_daemon_pod(ds, node, hash);
        match cluster.create_admitted(Object::Pod(pod)) {
            Ok(created) => {
                let message = format!("Created pod: {}", created.name());
                cluster.record_event(&object, "Normal", "SuccessfulCreate", &message, CONTROLLER, "");
            }
            Err(error) => {
                cluster.record_event(&object, "Warning", "FailedCreate", &format!("Error creating: {error}"), CONTROLLER, "");
            }
        }
    }
    for name in &pods_to_delete[..deletes] {
        let key = ObjectKey::new("Pod", &ds.metadata.namespace, name);
        crate::sim::invariants::note_daemonset_delete(cluster, ds, name);
        match cluster.delete(&key, None, Propagation::Background) {
            Ok(_) => cluster.record_event(&object, "Normal", "SuccessfulDelete", &format!("Deleted pod: {name}"), CONTROLLER, ""),
            Err(error) => cluster.record_event(&object, "Warning", "FailedDelete", &format!("Error deleting: {error}"), CONTROLLER, ""),
        }
    }
    if creates < nodes_needing_pods.len() || deletes < pods_to_delete.len() {
        enqueue(cluster, &ds.metadata.namespace, &ds.metadata.name, WATCH_LATENCY_MS);
    }
    creates + deletes > 0
}

#[cfg(test)]
#[path = "daemonset_tests.rs"]
mod decision_tests;
