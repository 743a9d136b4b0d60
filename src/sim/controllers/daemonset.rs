//! The DaemonSet controller (`pkg/controller/daemon`). `node_should_run_daemon_pod` and
//! `pods_should_be_on_node` decide; `rolling_update` plans; `sync_nodes` is the one place
//! that creates or deletes pods (DS- rules cited inline).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::history;
use crate::sim::controllers::scheduler::matches_node_affinity;
use crate::sim::controllers::workqueue::RateLimiter;
use crate::sim::objects::apps::{ControllerRevision, DaemonSetStatus};
use crate::sim::objects::codec::Encode;
use crate::sim::objects::pod::{Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use crate::sim::objects::{DaemonSet, Node, Object, ObjectMeta, OwnerReference, Pod, Toleration};
use crate::sim::store::{ApiError, ObjectKey, Propagation, WatchEvent, WatchEventType};
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
/// `SlowStartInitialBatchSize`: the first batch of creates (DS-23).
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;
/// Failed-pod back-off, 1 s doubling to 15 min (section 0.3).
pub const FAILED_POD_BACKOFF_INITIAL_MS: Millis = SECOND;
pub const FAILED_POD_BACKOFF_MAX_MS: Millis = 15 * 60 * SECOND;

pub const CONTROLLER: &str = "daemonset-controller";
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

/// `ExpectationsTimeout`: unmet expectations are given up after five minutes (DS-24).
pub const EXPECTATIONS_TIMEOUT_MS: Millis = 5 * 60 * SECOND;

#[derive(Clone, Debug, Default)]
pub struct DaemonSetState {
    /// Failed-pod back-off per (DaemonSet uid, node), for the observedGeneration it was set at
    /// (`failedPodsBackoffKey` is `uid/observedGeneration/node`, so a new template starts
    /// afresh, DS-21): (generation, (next allowed time, current delay)).
    pub failed_pod_backoff: BTreeMap<(String, String), (i64, (Millis, Millis))>,
    /// The template hash per DaemonSet uid, for the generation it was computed at.
    hashes: history::HashCache,
    /// DS-24 `ControllerExpectations` by `namespace/name`.
    pub expectations: BTreeMap<String, Expectations>,
    /// The workqueue's error policy: a failed sync is retried with back-off.
    pub queue: RateLimiter,
}

impl DaemonSetState {
    /// The cache keys held for DaemonSets (by uid and by `namespace/name`), for the invariant
    /// checker: each must name a live DaemonSet.
    pub fn cached_uids(&self) -> impl Iterator<Item = &str> {
        self.hashes.uids().chain(self.failed_pod_backoff.keys().map(|(uid, _)| uid.as_str()))
    }

    pub fn cached_keys(&self) -> impl Iterator<Item = &str> {
        self.expectations.keys().map(String::as_str).chain(self.queue.keys())
    }
}

/// `ControlleeExpectations`: creates and deletes issued and not yet seen by the informer.
/// The informer sees a write one watch latency after it, so a sync never observes its own
/// writes: `observed` holds (time seen, is a creation) until that time comes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    pub add: i64,
    pub del: i64,
    pub timestamp: Millis,
    pub observed: Vec<(Millis, bool)>,
}

impl Expectations {
    /// `SatisfiedExpectations`: every expected write was seen, or the record expired.
    pub fn satisfied(&mut self, now: Millis) -> bool {
        let (mut add, mut del) = (self.add, self.del);
        self.observed.retain(|&(at, creation)| {
            let seen = at <= now;
            if seen {
                if creation {
                    add -= 1;
                } else {
                    del -= 1;
                }
            }
            !seen
        });
        (self.add, self.del) = (add, del);
        (add <= 0 && del <= 0) || now - self.timestamp > EXPECTATIONS_TIMEOUT_MS
    }
}

fn ds_key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

fn satisfied_expectations(cluster: &mut Cluster, key: &str) -> bool {
    let now = cluster.now;
    cluster.daemonsets.expectations.get_mut(key).is_none_or(|e| e.satisfied(now))
}

/// `CreationObserved` / `DeletionObserved` at the time the informer sees it.
fn observe(cluster: &mut Cluster, key: &str, creation: bool, at: Millis) {
    if let Some(expectations) = cluster.daemonsets.expectations.get_mut(key) {
        expectations.observed.push((at, creation));
    }
}

// ---- informers ---------------------------------------------------------------------------

fn enqueue(cluster: &mut Cluster, namespace: &str, name: &str, delay: Millis) {
    let busy = (cluster.node_count() / SYNC_NODES_PER_MS) as Millis;
    cluster.schedule(delay + busy, Task::SyncDaemonSet { namespace: namespace.into(), name: name.into() });
}

/// `addPod` / `updatePod` / `deletePod`: a pod's creation, or its deletion (a deletion
/// timestamp or its removal), is what the expectations wait for (DS-24).
pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let meta = event.object.meta();
    if let Some(owner) = meta.controller_ref().filter(|r| r.kind == "DaemonSet") {
        let (namespace, name) = (meta.namespace.clone(), owner.name.clone());
        let key = ds_key(&namespace, &name);
        let seen_at = cluster.now + WATCH_LATENCY_MS;
        match event.type_ {
            WatchEventType::Added => observe(cluster, &key, true, seen_at),
            WatchEventType::Deleted => observe(cluster, &key, false, seen_at),
            WatchEventType::Modified if meta.is_deleting() => observe(cluster, &key, false, seen_at),
            WatchEventType::Modified => {}
        }
        enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
    }
}

/// `addDaemonset` / `updateDaemonset` / `deleteDaemonset`: a change syncs the set; a deletion
/// also drops what the controller cached for it (`DeleteExpectations`).
pub fn on_daemonset_event(cluster: &mut Cluster, event: &WatchEvent) {
    let (namespace, name) = (event.object.namespace().to_string(), event.object.name().to_string());
    if event.type_ == WatchEventType::Deleted {
        let key = ds_key(&namespace, &name);
        let uid = event.object.meta().uid.clone();
        let state = &mut cluster.daemonsets;
        state.expectations.remove(&key);
        state.queue.forget(&key);
        state.hashes.forget(&uid);
        state.failed_pod_backoff.retain(|(owner, _), _| *owner != uid);
    }
    cluster.schedule(WATCH_LATENCY_MS, Task::SyncDaemonSet { namespace, name });
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

/// `AddOrUpdateDaemonPodTolerations`: the user's tolerations, where one matching a daemon
/// toleration (same key, operator, value and effect) is replaced in place by it — so a user's
/// `tolerationSeconds` on `unreachable` does not survive (DS-06, DS-07) — then the daemon ones
/// not present (`AddOrUpdateTolerationInPodSpec`).
pub fn with_daemon_tolerations(user: &[Toleration], host_network: bool) -> Vec<Toleration> {
    let mut tolerations = user.to_vec();
    for toleration in daemon_tolerations(host_network) {
        let matching = |t: &Toleration| {
            t.key == toleration.key && t.operator == toleration.operator && t.value == toleration.value && t.effect == toleration.effect
        };
        match tolerations.iter_mut().find(|t| matching(t)) {
            Some(existing) => *existing = toleration,
            None => tolerations.push(toleration),
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
        if !allows_surge(ds) {
            // DS-22: more than one running pod on a node: all but the oldest go.
            if running.len() > 1 {
                sort_oldest_first(&mut running);
                decision.pods_to_delete.extend(running[1..].iter().map(|p| p.metadata.name.clone()));
            }
        } else if running.is_empty() {
            // DS-36: while surging, a node keeps at least one pod that is not being deleted.
            decision.needs_pod = should_run;
        } else if running.len() > 1 {
            // DS-36: keep the oldest new and the oldest old pod; the old one goes once it is no
            // longer Ready or the new one is available.
            sort_oldest_first(&mut running);
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
                if !old.is_ready() || new.is_available(ds.min_ready_seconds(), now) {
                    decision.pods_to_delete.push(old.metadata.name.clone());
                }
            }
        }
    } else if exists {
        decision.pods_to_delete.extend(pods.iter().filter(|p| !p.metadata.is_deleting()).map(|p| p.metadata.name.clone()));
    }
    decision
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
    history::controller_ref("apps/v1", "DaemonSet", &ds.metadata)
}

/// `constructHistory` + `cleanupHistory`: ensures the current revision exists and is the
/// newest (re-numbering a re-used one, DS-19), prunes beyond revisionHistoryLimit. Returns the
/// current hash, or the first write that failed.
fn construct_history(cluster: &mut Cluster, ds: &DaemonSet, live_hashes: &BTreeSet<&str>) -> Result<String, ApiError> {
    let hash = cluster.daemonsets.hashes.get_or_compute(&ds.metadata, || {
        history::compute_hash(&ds.spec.template.encode(), ds.status.as_ref().and_then(|s| s.collision_count))
    });
    let owned = history::owned_revisions(cluster, &ds.metadata.uid);
    let name = format!("{}-{}", ds.metadata.name, hash);
    let mut labels = ds.spec.template.metadata.labels.clone();
    labels.insert(REVISION_HASH_LABEL.into(), hash.clone());
    let wanted = ControllerRevision {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: ds.metadata.namespace.clone(),
            labels,
            annotations: ds.metadata.annotations.clone(),
            owner_references: vec![owner_reference(ds)],
            ..Default::default()
        },
        data: Some(revision_data(ds)),
        revision: 0,
    };
    history::ensure_newest(cluster, &owned, wanted)?;
    // cleanupHistory: old revisions not used by a live pod, oldest first, beyond the limit.
    let limit = ds.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let old: Vec<&ControllerRevision> = owned
        .iter()
        .filter(|r| r.metadata.name != name)
        .filter(|r| !r.metadata.labels.get(REVISION_HASH_LABEL).is_some_and(|h| live_hashes.contains(h.as_str())))
        .collect();
    history::truncate(cluster, &old, limit)?;
    Ok(hash)
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
/// selector get this DaemonSet as their controller. Every candidate is tried; the first
/// error is returned (the ref manager aggregates them).
fn adopt_orphans(cluster: &mut Cluster, ds: &DaemonSet) -> Result<(), ApiError> {
    let Some(selector) = ds.spec.selector.as_ref() else { return Ok(()) };
    let candidates: Vec<ObjectKey> = cluster
        .orphans
        .iter()
        .filter(|k| k.namespace == ds.metadata.namespace)
        .filter(|k| cluster.store.get(k).is_some_and(|o| !o.meta().is_deleting() && selector.matches(&o.meta().labels)))
        .cloned()
        .collect();
    let owner = owner_reference(ds);
    let mut result = Ok(());
    for key in candidates {
        let owner = owner.clone();
        let adopted = cluster.modify(&key, |o| {
            if o.meta().controller_ref().is_none() {
                o.meta_mut().owner_references.push(owner);
            }
        });
        if let (Err(error), Ok(())) = (adopted, &result) {
            result = Err(error);
        }
    }
    result
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

/// What `syncNodes` writes: the pods to delete and the nodes that get a new pod.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub pods_to_delete: Vec<String>,
    pub nodes_needing_pods: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.pods_to_delete.is_empty() && self.nodes_needing_pods.is_empty()
    }
}

/// One node as `manage` sees it: the node and `NodeShouldRunDaemonPod`'s answer.
#[derive(Clone, Copy, Debug)]
pub struct NodeFit<'a> {
    pub node: &'a Node,
    pub should_run: bool,
    pub should_continue: bool,
}

/// What `manage` decided over every node: the writes, the events to record, the back-off
/// entries to set, and when to look again at a failed pod still in back-off (DS-21).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manage {
    pub plan: Plan,
    pub events: Vec<(&'static str, &'static str, String)>,
    /// (node, (next allowed time, delay)) for each failed pod about to be deleted.
    pub backoff: Vec<(String, (Millis, Millis))>,
    pub retry_after: Option<Millis>,
}

/// `manage`, as a pure decision: `podsShouldBeOnNode` per node, then the unbound pods pinned to
/// a node that is gone (DS-15). `backoff` is the failed-pod back-off per node of this set.
pub fn manage(
    ds: &DaemonSet,
    nodes: &[NodeFit],
    node_to_pods: &BTreeMap<&str, Vec<&Pod>>,
    unscheduled_without_node: &[String],
    hash: &str,
    now: Millis,
    backoff: &BTreeMap<&str, (Millis, Millis)>,
) -> Manage {
    let mut manage = Manage::default();
    for fit in nodes {
        let node = fit.node.metadata.name.as_str();
        let on_node: &[&Pod] = node_to_pods.get(node).map(Vec::as_slice).unwrap_or(&[]);
        let backoff = if on_node.iter().any(|p| p.phase() == "Failed") { backoff.get(node).copied() } else { None };
        let decision = pods_should_be_on_node(node, on_node, fit.should_run, fit.should_continue, ds, hash, now, backoff);
        if decision.needs_pod {
            manage.plan.nodes_needing_pods.push(node.to_string());
        }
        if decision.events.iter().any(|(_, reason, _)| *reason == "FailedDaemonPod") {
            let delay = backoff.map_or(FAILED_POD_BACKOFF_INITIAL_MS, |(_, d)| (d * 2).min(FAILED_POD_BACKOFF_MAX_MS));
            manage.backoff.push((node.to_string(), (now + delay, delay)));
        }
        manage.plan.pods_to_delete.extend(decision.pods_to_delete);
        manage.events.extend(decision.events);
        if let Some(after) = decision.retry_after {
            manage.retry_after = Some(manage.retry_after.map_or(after, |r: Millis| r.min(after)));
        }
    }
    manage.plan.pods_to_delete.extend(unscheduled_without_node.iter().cloned());
    manage
}

/// The worker: `syncDaemonSet`, then the workqueue's error policy — a failed sync is retried
/// with the rate limiter's back-off (`AddRateLimited`), a clean one is forgotten.
pub fn sync(cluster: &mut Cluster, namespace: &str, name: &str) {
    let key = ds_key(namespace, name);
    let result = sync_daemonset(cluster, namespace, name);
    if let Some(delay) = cluster.daemonsets.queue.after_sync(&key, &result) {
        enqueue(cluster, namespace, name, delay);
    }
}

fn sync_daemonset(cluster: &mut Cluster, namespace: &str, name: &str) -> Result<(), ApiError> {
    let key = ds_key(namespace, name);
    let Some(object) = cluster.get("DaemonSet", namespace, name).cloned() else { return Ok(()) };
    let Some(ds) = object.as_daemonset() else { return Ok(()) };
    if ds.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        cluster.record_event(
            &object,
            "Warning",
            "SelectingAll",
            "This daemon set is selecting all pods. A non-empty selector is required.",
            CONTROLLER,
            "",
        );
        return Ok(()); // DS-26
    }
    if ds.metadata.is_deleting() {
        return Ok(()); // DS-25
    }
    let now = cluster.now;
    let adopted = adopt_orphans(cluster, ds);
    let pods = owned_pods(cluster, ds);
    let (mut node_to_pods, unscheduled_without_node) = nodes_to_daemon_pods(cluster, &pods);
    let mut live_hashes: BTreeSet<&str> = BTreeSet::new();
    live_hashes.extend(node_to_pods.values().flatten().filter_map(|p| p.metadata.labels.get(REVISION_HASH_LABEL).map(String::as_str)));
    let hash = construct_history(cluster, ds, &live_hashes)?;
    let nodes: Vec<Arc<Object>> = cluster.store.list("Node").cloned().collect();
    let spec = &ds.spec.template.spec;
    let tolerations = with_daemon_tolerations(&spec.tolerations, spec.host_network == Some(true));
    let fits: Vec<NodeFit> = nodes
        .iter()
        .filter_map(|n| n.as_node())
        .map(|node| {
            let (should_run, should_continue) = node_should_run_with(node, ds, &tolerations);
            NodeFit { node, should_run, should_continue }
        })
        .collect();

    // DS-24: while writes of an earlier sync are unseen, only the status is brought up to
    // date, and observedGeneration stays where it was.
    if !satisfied_expectations(cluster, &key) {
        // The pod handler enqueued this set for when the informer sees the writes, but the
        // queue kept an earlier entry, which is this sync: enqueue again for then.
        if let Some(at) = cluster.daemonsets.expectations.get(&key).and_then(|e| e.observed.iter().map(|(at, _)| *at).min()) {
            enqueue(cluster, namespace, name, at - now);
        }
        return update_status(cluster, namespace, name, &fits, &hash, false).and(adopted);
    }
    let observed_generation = ds.status.as_ref().and_then(|s| s.observed_generation).unwrap_or(0);
    let backoff: BTreeMap<&str, (Millis, Millis)> = cluster
        .daemonsets
        .failed_pod_backoff
        .iter()
        .filter(|((uid, _), (generation, _))| *uid == ds.metadata.uid && *generation == observed_generation)
        .map(|((_, node), (_, entry))| (node.as_str(), *entry))
        .collect();
    let decided = manage(ds, &fits, &node_to_pods, &unscheduled_without_node, &hash, now, &backoff);
    for (node, entry) in decided.backoff {
        cluster.daemonsets.failed_pod_backoff.insert((ds.metadata.uid.clone(), node), (observed_generation, entry));
    }
    for (type_, reason, message) in &decided.events {
        cluster.record_event(&object, type_, reason, message, CONTROLLER, "");
    }
    let mut result = sync_nodes(cluster, ds, &decided.plan, &hash);

    // The rolling update runs once the informer has seen every write: never in the sync that
    // made them (DS-24, DS-35).
    if result.is_ok() && !ds.is_on_delete() && satisfied_expectations(cluster, &key) {
        let desired = fits.iter().filter(|f| f.should_run).count() as i64;
        for fit in fits.iter().filter(|f| f.should_run) {
            node_to_pods.entry(fit.node.metadata.name.as_str()).or_default();
        }
        // Go ranges over a map: the node order is random, drawn from the seeded RNG.
        let mut order: Vec<&str> = node_to_pods.keys().copied().collect();
        for i in (1..order.len()).rev() {
            let j = cluster.rng.index(i + 1);
            order.swap(i, j);
        }
        let (pods_to_delete, nodes_needing_pods) = rolling_update(ds, &node_to_pods, &order, &hash, desired, now);
        result = sync_nodes(cluster, ds, &Plan { pods_to_delete, nodes_needing_pods }, &hash);
    }
    let status = update_status(cluster, namespace, name, &fits, &hash, true);
    // DS-21: look again when a failed pod's back-off ends.
    if let Some(after) = decided.retry_after {
        enqueue(cluster, namespace, name, after);
    }
    result.and(status).and(adopted)
}

/// `updateDaemonSetStatus` (DS-27..30), from a fresh read of the pods; observedGeneration is
/// raised only by a sync that ran `manage`.
fn update_status(cluster: &mut Cluster, namespace: &str, name: &str, fits: &[NodeFit], hash: &str, observed: bool) -> Result<(), ApiError> {
    let Some(object) = cluster.get("DaemonSet", namespace, name).cloned() else { return Ok(()) };
    let Some(current) = object.as_daemonset() else { return Ok(()) };
    let now = cluster.now;
    let pods = owned_pods(cluster, current);
    let (node_to_pods, _) = nodes_to_daemon_pods(cluster, &pods);
    let nodes: Vec<(&Node, bool)> = fits.iter().map(|f| (f.node, f.should_run)).collect();
    let mut status = compute_status(current, &nodes, &node_to_pods, hash, now);
    status.observed_generation =
        if observed { current.metadata.generation } else { current.status.as_ref().and_then(|s| s.observed_generation) };
    let (number_ready, number_available, min_ready) = (status.number_ready, status.number_available, current.min_ready_seconds());
    if current.status.as_ref() != Some(&status) {
        cluster.modify(&ObjectKey::new("DaemonSet", namespace, name), |o| {
            if let Object::DaemonSet(d) = o {
                d.status = Some(status);
            }
        })?;
    }
    // DS-30: look again once minReadySeconds have passed.
    if number_ready != number_available && min_ready > 0 {
        enqueue(cluster, namespace, name, min_ready * SECOND);
    }
    Ok(())
}

/// `syncNodes`: the only place pods are created or deleted. At most BurstReplicas of each per
/// sync; creates in slow-start batches of 1, 2, 4, … that stop after a batch with an error
/// (DS-23); the expectations count what was issued, less what failed or was skipped (DS-24).
/// Returns the first error.
fn sync_nodes(cluster: &mut Cluster, ds: &DaemonSet, plan: &Plan, hash: &str) -> Result<(), ApiError> {
    if plan.is_empty() {
        return Ok(());
    }
    let key = ds_key(&ds.metadata.namespace, &ds.metadata.name);
    let object = Object::DaemonSet(ds.clone());
    let creates = plan.nodes_needing_pods.len().min(BURST_REPLICAS);
    let deletes = plan.pods_to_delete.len().min(BURST_REPLICAS);
    let now = cluster.now;
    let expectations = Expectations { add: creates as i64, del: deletes as i64, timestamp: now, observed: Vec::new() };
    cluster.daemonsets.expectations.insert(key.clone(), expectations);
    let mut first_error = None;
    let mut position = 0;
    let mut batch = creates.min(SLOW_START_INITIAL_BATCH_SIZE);
    while position < creates {
        let mut failed = false;
        for node in &plan.nodes_needing_pods[position..position + batch] {
            let pod = new_daemon_pod(ds, node, hash);
            match cluster.create_admitted(Object::Pod(pod)) {
                Ok(created) => {
                    let message = format!("Created pod: {}", created.name());
                    cluster.record_event(&object, "Normal", "SuccessfulCreate", &message, CONTROLLER, "");
                }
                Err(error) => {
                    cluster.record_event(&object, "Warning", "FailedCreate", &format!("Error creating: {error}"), CONTROLLER, "");
                    observe(cluster, &key, true, now);
                    failed = true;
                    first_error.get_or_insert(error);
                }
            }
        }
        position += batch;
        if failed {
            // The creates never tried are not expected; the next sync tries them again.
            for _ in position..creates {
                observe(cluster, &key, true, now);
            }
            break;
        }
        batch = (2 * batch).min(creates - position);
    }
    for name in &plan.pods_to_delete[..deletes] {
        let pod_key = ObjectKey::new("Pod", &ds.metadata.namespace, name);
        crate::sim::invariants::note_daemonset_delete(cluster, ds, name);
        match cluster.delete(&pod_key, None, Propagation::Background) {
            Ok(_) => cluster.record_event(&object, "Normal", "SuccessfulDelete", &format!("Deleted pod: {name}"), CONTROLLER, ""),
            Err(error) => {
                observe(cluster, &key, false, now);
                if !matches!(error, ApiError::NotFound { .. }) {
                    cluster.record_event(&object, "Warning", "FailedDelete", &format!("Error deleting: {error}"), CONTROLLER, "");
                    first_error.get_or_insert(error);
                }
            }
        }
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::Config;
    use crate::sim::objects::node::NodeSpec;

    fn daemonset() -> DaemonSet {
        let body = serde_json::json!({
            "metadata": {"name": "agent", "namespace": "default", "uid": "ds-uid", "generation": 1},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                "template": {"metadata": {"labels": {"app": "agent"}},
                    "spec": {"containers": [{"name": "agent", "image": "nginx:1.27"}]}}}});
        let serde_json::Value::Object(map) = body else { unreachable!() };
        Object::from_parts("apps/v1", "DaemonSet", map).unwrap().as_daemonset().unwrap().clone()
    }

    fn node(name: &str) -> Node {
        Node { metadata: ObjectMeta { name: name.into(), ..Default::default() }, spec: NodeSpec::default(), status: None }
    }

    fn pod_on(ds: &DaemonSet, name: &str, node: &str, phase: &str) -> Pod {
        let mut pod = new_daemon_pod(ds, node, "h1");
        pod.metadata.name = name.into();
        pod.spec.node_name = node.into();
        pod.status = Some(crate::sim::objects::pod::PodStatus { phase: phase.into(), ..Default::default() });
        pod
    }

    /// `manage` over three nodes: a node without a pod gets one, a node that should not keep
    /// its pod loses it (DS-01..03), a failed pod is deleted with a back-off entry (DS-20/21),
    /// and the unbound pods pinned to a vanished node go last (DS-15), as `manage` appends them.
    #[test]
    fn manage_plans_creates_deletes_and_backoff_per_node() {
        let ds = daemonset();
        let (n1, n2, n3, n4) = (node("n1"), node("n2"), node("n3"), node("n4"));
        let fits = [
            NodeFit { node: &n1, should_run: true, should_continue: true },
            NodeFit { node: &n2, should_run: true, should_continue: true },
            NodeFit { node: &n3, should_run: false, should_continue: false },
            NodeFit { node: &n4, should_run: true, should_continue: true },
        ];
        let (on_n1, on_n3, failed_on_n4) =
            (pod_on(&ds, "a-1", "n1", "Running"), pod_on(&ds, "a-3", "n3", "Running"), pod_on(&ds, "a-4", "n4", "Failed"));
        let node_to_pods: BTreeMap<&str, Vec<&Pod>> = [("n1", vec![&on_n1]), ("n3", vec![&on_n3]), ("n4", vec![&failed_on_n4])].into();
        let gone = vec!["a-gone".to_string()];
        let decided = manage(&ds, &fits, &node_to_pods, &gone, "h1", 10_000, &BTreeMap::new());
        assert_eq!(decided.plan.nodes_needing_pods, ["n2"]);
        assert_eq!(decided.plan.pods_to_delete, ["a-3", "a-4", "a-gone"]);
        assert_eq!(decided.backoff, [("n4".to_string(), (10_000 + FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_INITIAL_MS))]);
        assert_eq!(decided.events.len(), 1);
        assert_eq!(decided.events[0].1, "FailedDaemonPod");

        // In back-off the failed pod stays, and the set looks again when the back-off ends.
        let backoff: BTreeMap<&str, (Millis, Millis)> = [("n4", (12_000, 2_000))].into();
        let decided = manage(&ds, &fits, &node_to_pods, &[], "h1", 10_500, &backoff);
        assert_eq!(decided.plan.pods_to_delete, ["a-3"]);
        assert_eq!(decided.retry_after, Some(1_500));
        // Once it ends, the next delay doubles.
        let decided = manage(&ds, &fits, &node_to_pods, &[], "h1", 12_000, &backoff);
        assert_eq!(decided.backoff, [("n4".to_string(), (16_000, 4_000))]);
    }

    /// DS-24: the expectations are met once the informer has seen every write, which is one
    /// watch latency after it; a record older than the timeout counts as met.
    #[test]
    fn expectations_wait_for_the_informer_or_expire() {
        let mut expectations = Expectations { add: 2, del: 1, timestamp: 0, observed: Vec::new() };
        assert!(!expectations.satisfied(0));
        expectations.observed.extend([(15, true), (15, true), (15, false)]);
        assert!(!expectations.satisfied(14), "seen at 15 ms, not before");
        assert!(expectations.satisfied(15));
        assert_eq!((expectations.add, expectations.del), (0, 0));
        let mut stale = Expectations { add: 1, del: 0, timestamp: 0, observed: Vec::new() };
        assert!(!stale.satisfied(EXPECTATIONS_TIMEOUT_MS));
        assert!(stale.satisfied(EXPECTATIONS_TIMEOUT_MS + 1));
    }

    fn pods_of(cluster: &Cluster) -> usize {
        cluster.store.list("Pod").filter(|p| p.meta().labels.get("app").is_some_and(|a| a == "agent")).count()
    }

    /// DS-23 slow start: with 9 nodes and the 4th pod create refused, the batches are 1, 2,
    /// then 4 (whose first create fails, the other three go through), and the last 2 creates
    /// are skipped: 6 pods after the first sync. The failed sync is requeued with the
    /// workqueue's back-off and, once the informer has seen the 6 (DS-24), creates the rest.
    #[test]
    fn slow_start_stops_after_a_failed_batch_and_the_retry_converges() {
        let mut cluster = Cluster::new(Config { nodes: 9, ..Config::default() });
        // The revision, then pods 1..3 succeed; pod 4 fails.
        cluster.fail_writes(Some(CONTROLLER), 4, 1);
        cluster.create_admitted(Object::DaemonSet(daemonset_named_default())).unwrap();
        cluster.advance(WATCH_LATENCY_MS);
        assert_eq!(pods_of(&cluster), 6);
        assert_eq!(cluster.write_failures.refused, 1);
        assert_eq!(cluster.daemonsets.queue.requeues("default/agent"), 1, "the failed sync is rate-limited");
        let expectations = cluster.daemonsets.expectations["default/agent"].clone();
        assert_eq!((expectations.add, expectations.observed.len()), (9, 9), "6 seen later, 1 failed and 2 skipped now");
        // The retry 5 ms later finds the informer behind (status only); the one it asks for
        // when the pods are seen creates the last three.
        cluster.advance(crate::sim::controllers::workqueue::BASE_DELAY_MS);
        assert_eq!(pods_of(&cluster), 6);
        cluster.advance(WATCH_LATENCY_MS);
        assert_eq!(pods_of(&cluster), 9);
        cluster.settle(60 * SECOND).expect("settles");
        let ds = cluster.get("DaemonSet", "default", "agent").unwrap().as_daemonset().unwrap().clone();
        let status = ds.status.unwrap();
        assert_eq!((status.desired_number_scheduled, status.number_ready), (9, 9));
        assert_eq!(cluster.daemonsets.queue.requeues("default/agent"), 0, "a clean sync forgets the failures");
    }

    fn daemonset_named_default() -> DaemonSet {
        let mut ds = daemonset();
        ds.metadata.uid = String::new();
        ds.metadata.generation = None;
        ds
    }

    /// Deleting a DaemonSet drops everything the controller cached for it.
    #[test]
    fn deleting_a_daemonset_prunes_its_caches() {
        let mut cluster = Cluster::new(Config::default());
        cluster.create_admitted(Object::DaemonSet(daemonset_named_default())).unwrap();
        cluster.settle(60 * SECOND).expect("settles");
        assert!(cluster.daemonsets.cached_uids().count() > 0);
        let key = ObjectKey::new("DaemonSet", "default", "agent");
        cluster.delete(&key, None, Propagation::Background).unwrap();
        assert_eq!(cluster.daemonsets.cached_uids().count(), 0);
        assert_eq!(cluster.daemonsets.cached_keys().count(), 0);
    }
}

#[cfg(test)]
#[path = "daemonset_tests.rs"]
mod decision_tests;
